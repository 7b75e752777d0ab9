export * from "./answer-check";
export * from "./answer-diff";
export * from "./answer-json";
export type { ContinuableRun } from "./continue-run";
export * from "./engine-input";
export * from "./run-scenario";
export * from "./scenario";
export * from "./share-link";
export * from "./validate";
