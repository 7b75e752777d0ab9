import type { EvalEnv } from "../env";
import type { Skb } from "../skb";

/** A compiled match: true when the packet matches. Built once per rule, called on the hot path. */
export type Predicate = (skb: Skb, env: EvalEnv) => boolean;
