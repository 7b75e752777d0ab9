import { type Rule, TABLE_HOOKS, type TableName } from "@nfx/model";
import { JumpGraph, MAX_USER_DEPTH } from "./jump-graph";
import { type BaseChain, type BatchRule, type Refusal, refuseInOrder } from "./refuse-in-order";
import {
  ALL_HOOKS,
  allowedHooks,
  hookBit,
  hookPlacement,
  type MatchPlacementProblem,
  matchesAllowedHooks,
  matchPlacement,
  type PlacementProblem,
  tablePlacement,
} from "./target-placement";
import { TARGET_MODULES } from "./targets/registry";

/** Stable names for what a table check refuses, for programs; the message is iptables' own. */
export type TableProblemCode =
  | "no-such-chain"
  | "jump-to-builtin"
  | "target-not-allowed"
  /** A match module used from a hook it is not registered for (`-m owner` in INPUT). */
  | "match-not-allowed"
  | "chain-loop"
  | "chain-depth";

/** The operation a rule came with: iptables names it when the kernel refuses the rule. */
export type RuleOperation = "RULE_APPEND" | "RULE_INSERT" | "RULE_REPLACE";

/** The kernel's error for a refused rule, as iptables prints it (`strerror`). */
export type KernelError = "Invalid argument" | "Too many links" | "Operation not supported";

/** One rule that iptables-restore (or the kernel under it) refuses, and why. */
export interface TableProblem {
  readonly code: TableProblemCode;
  /** The refused rule: its chain's name and index in the table, and its 0-based index in the chain. */
  readonly chain: string;
  readonly chainIndex: number;
  readonly rule: number;
  /** What iptables-restore prints, for a rule appended (`-A`); see {@link problemMessage} for -I and -R. */
  readonly message: string;
  /** Why, in words: the kernel log line, or the jumps that make the loop. */
  readonly hint?: string;
  /** Set when the kernel refuses the rule (iptables then names the operation); unset when iptables itself does. */
  readonly kernelError?: KernelError;
}

/** The table as the check needs it: a model Table, or the parser's table while it is being built. */
export interface CheckedTable {
  readonly name: TableName;
  readonly chains: readonly { readonly name: string; readonly rules: readonly Pick<Rule, "target" | "matches">[] }[];
}

/** The message iptables prints for the problem when the rule came with `op` (-A, -I or -R). */
export function problemMessage(problem: TableProblem, op: RuleOperation): string {
  return problem.kernelError
    ? `${op} failed (${problem.kernelError}): rule in chain ${problem.chain}`
    : problem.message;
}

function placementWords(p: PlacementProblem | MatchPlacementProblem): string {
  switch (p.kind) {
    case "nat-drop":
      return 'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.';
    case "wrong-table":
      return `x_tables: ip_tables: ${p.target} target: only valid in ${p.only} table, not ${p.table}`;
    case "wrong-hooks":
      return `x_tables: ip_tables: ${p.target} target: used from hooks ${p.used.join("/")}, but only usable from ${p.only.join("/")}`;
    case "wrong-match-hooks":
      return `x_tables: ip_tables: ${p.match} match: used from hooks ${p.used.join("/")}, but only valid from ${p.only.join("/")}`;
  }
}

interface Site {
  readonly chain: number;
  readonly rule: number;
}

/**
 * Every rule of the table that iptables-restore would refuse, with its message: jumps to chains that do not exist
 * or to built-in chains, DROP in nat, targets of another table (refused before the graph is looked at), then, in
 * batch order, each rule whose addition makes a loop, jumps nested deeper than MAX_USER_DEPTH user chains or a
 * limited target used from another hook (through every base chain reaching its chain). iptables-restore stops at
 * the first; this goes on without each refused rule, so one pass reports them all.
 *
 * `rank` orders the rules as the kernel receives them (the parser: line numbers; an edit: its rule last);
 * by default, table order, as iptables-save prints them. The common case, a valid table, is one linear pass over
 * the jumps; the rule-by-rule search runs only when that pass finds a problem, and is linear in practice too.
 */
export function tableProblems(table: CheckedTable, rank?: (chain: number, rule: number) => number): TableProblem[] {
  const { chains } = table;
  const ids = new Map<string, number>();
  for (let i = 0; i < chains.length; i++) ids.set(chains[i]!.name, i);
  const bases: BaseChain[] = [];
  const isBase = new Uint8Array(chains.length);
  const baseHook = new Int32Array(chains.length);
  for (const hook of TABLE_HOOKS[table.name]) {
    const id = ids.get(hook);
    if (id === undefined) continue;
    bases.push({ chain: id, hook: hookBit(hook) });
    isBase[id] = 1;
    baseHook[id] = hookBit(hook);
  }
  const problems: TableProblem[] = [];
  const refuse = (at: Site, code: TableProblemCode, hint: string | undefined, kernelError?: KernelError) => {
    const chain = chains[at.chain]!.name;
    const p: { -readonly [K in keyof TableProblem]: TableProblem[K] } = {
      code,
      chain,
      chainIndex: at.chain,
      rule: at.rule,
      message: kernelError ? `RULE_APPEND failed (${kernelError}): rule in chain ${chain}` : hint!,
    };
    if (code === "no-such-chain") {
      p.message = `Chain '${(chains[at.chain]!.rules[at.rule]!.target as { chain: string }).chain}' does not exist`;
    }
    if (hint !== undefined && hint !== p.message) p.hint = hint;
    if (kernelError) p.kernelError = kernelError;
    problems.push(p);
  };

  /**
   * Walks the table's rules in table order: refuses what needs no graph, and hands each jump (as chain indexes)
   * and each target limited to some hooks (as a bit set) to `jump` and `limited`.
   */
  const walk = (
    jump: (chain: number, rule: number, to: number) => void,
    limited: (chain: number, rule: number, allowed: number) => void,
    report: boolean,
  ) => {
    for (let i = 0; i < chains.length; i++) {
      const rules = chains[i]!.rules;
      for (let j = 0; j < rules.length; j++) {
        const t = rules[j]!.target;
        const matchAllowed = matchesAllowedHooks(rules[j]!.matches);
        // In a base chain the kernel checks the matches' hooks as it adds the rule, before the target.
        if (report && isBase[i] && !(matchAllowed & baseHook[i]!)) {
          const placedHere = matchPlacement(rules[j]!.matches, baseHook[i]!)!;
          refuse({ chain: i, rule: j }, "match-not-allowed", placementWords(placedHere), "Invalid argument");
          continue;
        }
        if (!t || t.kind === "jump" || t.kind === "goto") {
          if (!isBase[i] && matchAllowed !== ALL_HOOKS && !t) limited(i, j, matchAllowed);
          if (!t) continue;
        }
        if (t.kind === "jump" || t.kind === "goto") {
          const id = ids.get(t.chain);
          if (id !== undefined && !isBase[id]) jump(i, j, id);
          else if (!report) continue;
          else if (id === undefined) {
            const upper = t.chain.toUpperCase();
            const hint = TARGET_MODULES.has(upper)
              ? `Target names are case-sensitive: did you mean ${upper}?`
              : undefined;
            refuse({ chain: i, rule: j }, "no-such-chain", hint);
          } else {
            const hint = `${t.chain} is a built-in chain: a rule can only jump to a user-defined chain.`;
            refuse({ chain: i, rule: j }, "jump-to-builtin", hint, "Operation not supported");
          }
          continue;
        }
        const placed = tablePlacement(table.name, t.kind);
        if (placed) {
          if (!report) continue;
          const words = placementWords(placed);
          if (placed.kind === "nat-drop") refuse({ chain: i, rule: j }, "target-not-allowed", words);
          else refuse({ chain: i, rule: j }, "target-not-allowed", words, "Invalid argument");
          continue;
        }
        const allowed = allowedHooks(t.kind) & matchAllowed;
        if (allowed === ALL_HOOKS) continue;
        if (!isBase[i]) limited(i, j, allowed);
        else if (report && !(allowed & baseHook[i]!)) {
          // In a base chain the kernel checks the hook as it adds the rule, before any whole-table check.
          const placedHere = matchPlacement(rules[j]!.matches, baseHook[i]!) ?? hookPlacement(t.kind, baseHook[i]!)!;
          refuse({ chain: i, rule: j }, "target-not-allowed", placementWords(placedHere), "Invalid argument");
        }
      }
    }
  };

  // The common case, a valid table: one pass over the rules, one over the jumps.
  const from: number[] = [];
  const to: number[] = [];
  const limitedChain: number[] = [];
  const limitedAllowed: number[] = [];
  walk(
    (chain, _, target) => {
      from.push(chain);
      to.push(target);
    },
    (chain, _, allowed) => {
      limitedChain.push(chain);
      limitedAllowed.push(allowed);
    },
    true,
  );
  if (!graphHasProblem(chains.length, bases, from, to, limitedChain, limitedAllowed)) return problems;

  // Rare: add the rules one by one, in the order the kernel gets them, to find each one it refuses.
  const sites: Site[] = [];
  const rules: BatchRule[] = [];
  walk(
    (chain, rule, target) => {
      sites.push({ chain, rule });
      rules.push({ kind: "jump", from: chain, to: target, rule });
    },
    (chain, rule, allowed) => {
      sites.push({ chain, rule });
      rules.push({ kind: "target", chain, allowed, rule });
    },
    false,
  );
  let order = sites.map((_, k) => k);
  if (rank) {
    const key = sites.map((s) => rank(s.chain, s.rule));
    order = order.sort((x, y) => key[x]! - key[y]! || x - y);
  }
  const siteOf = (index: number): Site => sites[order[index]!]!;
  const name = (c: number) => chains[c]!.name;
  const batch = order.map((k) => rules[k]!);
  for (const r of refuseInOrder(chains.length, bases, batch)) {
    const byMatch = r.kind === "hooks" && matchPlacementAt(r, siteOf, chains) !== null;
    refuse(siteOf(r.index), refusalCode(r, byMatch), refusalHint(r, name, siteOf, chains), refusalError(r));
  }
  return problems;
}

/** The one linear pass: is any walk from a base chain too deep (or endless), or any limited target misused? */
export function graphHasProblem(
  chainCount: number,
  bases: readonly BaseChain[],
  from: readonly number[],
  to: readonly number[],
  limitedChain: readonly number[],
  limitedAllowed: readonly number[],
): boolean {
  const graph = new JumpGraph(chainCount, from, to);
  const baseIds = bases.map((b) => b.chain);
  const walked = graph.walkFromBases(baseIds);
  if (walked === null) return true;
  if (limitedChain.length === 0) return false;
  const reach = graph.reachingBasesAfterWalk(baseIds, walked);
  for (let k = 0; k < limitedChain.length; k++) {
    let used = 0;
    for (let i = 0; i < bases.length; i++) if (reach[limitedChain[k]!]! & (1 << i)) used |= bases[i]!.hook;
    if (used & ~limitedAllowed[k]!) return true;
  }
  return false;
}

/** For a hooks refusal: the first match of the limited rule that the hooks reaching it do not allow. */
function matchPlacementAt(
  r: Extract<Refusal, { kind: "hooks" }>,
  siteOf: (batchIndex: number) => Site,
  chains: CheckedTable["chains"],
): MatchPlacementProblem | null {
  const at = siteOf(r.target);
  return matchPlacement(chains[at.chain]!.rules[at.rule]!.matches, r.used);
}

function refusalCode(r: Refusal, byMatch: boolean): TableProblemCode {
  switch (r.kind) {
    case "loop":
      return "chain-loop";
    case "depth":
      return "chain-depth";
    case "hooks":
      return byMatch ? "match-not-allowed" : "target-not-allowed";
  }
}

function refusalError(r: Refusal): KernelError {
  return r.kind === "hooks" ? "Invalid argument" : "Too many links";
}

function refusalHint(
  r: Refusal,
  name: (chain: number) => string,
  siteOf: (batchIndex: number) => Site,
  chains: CheckedTable["chains"],
): string {
  switch (r.kind) {
    case "loop":
      return `These jumps form a loop: ${r.path.map(name).join(" -> ")}.`;
    case "depth":
      return `Jumps nest more than ${MAX_USER_DEPTH} user chains deep: ${r.path.map(name).join(" -> ")}.`;
    case "hooks": {
      const at = siteOf(r.target);
      const target = chains[at.chain]!.rules[at.rule]!.target;
      const problem = matchPlacementAt(r, siteOf, chains) ?? (target ? hookPlacement(target.kind, r.used) : null);
      return problem ? placementWords(problem) : "used from hooks it does not support";
    }
  }
}
