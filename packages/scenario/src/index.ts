export * from "./engine-input";
export * from "./scenario";
export * from "./validate";
