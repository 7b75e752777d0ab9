export * from "./addresses";
export * from "./host";
export * from "./match";
export * from "./netfilter";
export * from "./packet";
export * from "./rule";
export * from "./target";
export * from "./target-places";
