import type { Match, Target } from "@nfx/model";
import type { ArgCursor } from "./cursor";
import type { LineError } from "./diagnostics";

/** What a module needs to know about the rule it is in. */
export interface RuleContext {
  /** Protocol number from `-p` (0 when absent), and whether it was negated. */
  proto: number;
  protoInvert: boolean;
}

/**
 * Parses the options of one module instance. `option` is the full long option (`--dport`); the value, if
 * any, is taken from the cursor.
 */
export interface ModuleBuilder<T> {
  parse(option: string, invert: boolean, cur: ArgCursor): void;
  /** Checks required options and returns the model object; runs after the whole line is read. */
  finish(ctx: RuleContext, cur: ArgCursor): T;
  /** True when iptables leaves the whole match out of the rule it loads (checked after `finish`). */
  vanishes?(): boolean;
}

/** A match (`-m NAME`) or target (`-j NAME`) extension: its long options and a builder per use. */
export interface Module<T> {
  readonly name: string;
  readonly options: readonly string[];
  create(): ModuleBuilder<T>;
}

/**
 * A match (`-m NAME`) as iptables-save reads and prints it: the iptables face of one module; the engine's
 * `MATCH_DEFINITIONS` decide and explain the same module. Parsing may give an UnsupportedMatch (an option the
 * engine does not model is kept as written); `print` gives ` -m NAME --options` with a leading space.
 */
export interface MatchModule<M extends Match = Match> extends Module<Match> {
  print(match: M): string;
}

/**
 * A target (`-j NAME`) as iptables-save reads and prints it: the iptables face of one target; the engine's
 * `TARGET_DEFINITIONS` decide and explain the same kind. `print` gives the ` -j NAME --options` part, with a
 * leading space, exactly as iptables-save writes it.
 */
export interface TargetModule<T extends Target = Target> extends Module<T> {
  print(target: T): string;
}

/** The error iptables gives for `! --opt` on an option that cannot be negated. */
export function noInvert(module: string, option: string, invert: boolean, cur: ArgCursor): void {
  if (invert) throw cur.error("bad-invert", `${module}: option "${option}" cannot be inverted.`);
}

/** The error iptables gives for an option repeated within one module instance. */
export function once(module: string, option: string, seen: unknown, cur: ArgCursor): void {
  if (seen !== undefined)
    throw cur.error("duplicate-option", `${module}: "${option}" option may only be specified once`);
}

/** The error iptables gives for two options of a module that exclude each other (`.excl` in its option table). */
export function conflict(module: string, option: string, other: string, cur: ArgCursor): LineError {
  return cur.error("conflicting-options", `${module}: option "${option}" cannot be used together with "${other}".`);
}

/** A required option that is missing; `finish` runs with the cursor just after the module's name. */
export function missing(module: string, message: string, cur: ArgCursor): LineError {
  return cur.error("missing-option", `${module}: ${message}`);
}
