import { en } from "./en";

/** The active strings. One locale today; a later issue adds zh-CN as another object of the same type. */
export const t: typeof en = en;
export type { Strings } from "./en";
