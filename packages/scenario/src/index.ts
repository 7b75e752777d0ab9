export * from "./engine-input";
export * from "./scenario";
export * from "./share-link";
export * from "./validate";
