import { type HookName, TABLE_HOOKS, TARGET_PLACES } from "@nfx/model";
import { type Edge, findProblem, firstOffendingEdge } from "./chain-graph";
import { JumpGraph } from "./jump-graph";
import type { ChainState, RuleEntry, RulesetBuilder, TableState } from "./ruleset-builder";
import { TARGET_MODULES } from "./targets/registry";

interface Located {
  readonly chain: string;
  readonly entry: RuleEntry;
}

function remove(table: TableState, bad: Set<RuleEntry>): void {
  if (bad.size === 0) return;
  for (const chain of table.chains.values()) chain.rules = chain.rules.filter((e) => !bad.has(e));
}

function report(b: RulesetBuilder, code: string, message: string, at: Located, hint?: string): void {
  const { entry } = at;
  const column = entry.targetColumn || entry.rule.pos?.column || 1;
  b.error(code, message, entry.line, column, entry.targetColumn ? entry.targetEnd : undefined, hint);
}

/** The per-rule checks, with what the whole-table checks need from the same pass over the rules. */
interface TableScan {
  readonly chains: ChainState[];
  readonly graph: JumpGraph;
  /** Rules whose target only works from some hooks, with the index of their chain. */
  readonly hooked: { readonly chain: number; readonly entry: RuleEntry }[];
}

/**
 * One pass over the table's rules: reports jumps to chains that do not exist, DROP in nat and targets of another
 * table (what iptables refuses before the kernel sees the rule) and drops those rules; collects the jumps, by
 * chain index, and the rules whose target is limited to some hooks.
 */
function scanTable(b: RulesetBuilder, table: TableState): TableScan {
  const chains = [...table.chains.values()];
  const ids = new Map<string, number>();
  for (let i = 0; i < chains.length; i++) ids.set(chains[i]!.name, i);
  const from: number[] = [];
  const to: number[] = [];
  const hooked: { chain: number; entry: RuleEntry }[] = [];
  const bad = new Set<RuleEntry>();
  for (let i = 0; i < chains.length; i++) {
    const chain = chains[i]!;
    for (const entry of chain.rules) {
      const t = entry.rule.target;
      if (!t) continue;
      if (t.kind === "jump" || t.kind === "goto") {
        const id = ids.get(t.chain);
        if (id !== undefined) {
          from.push(i);
          to.push(id);
          continue;
        }
        const upper = t.chain.toUpperCase();
        const hint = TARGET_MODULES.has(upper) ? `Target names are case-sensitive: did you mean ${upper}?` : undefined;
        report(b, "no-such-chain", `Chain '${t.chain}' does not exist`, { chain: chain.name, entry }, hint);
        bad.add(entry);
      } else if (t.kind === "DROP" && table.name === "nat") {
        report(
          b,
          "target-not-allowed",
          'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.',
          { chain: chain.name, entry },
        );
        bad.add(entry);
      } else {
        const place = TARGET_PLACES[t.kind];
        if (!place) continue;
        if (place.table !== table.name) {
          report(
            b,
            "target-not-allowed",
            `RULE_APPEND failed (Invalid argument): rule in chain ${chain.name}`,
            { chain: chain.name, entry },
            `x_tables: ip_tables: ${t.kind} target: only valid in ${place.table} table, not ${table.name}`,
          );
          bad.add(entry);
        } else if (place.hooks) {
          hooked.push({ chain: i, entry });
        }
      }
    }
  }
  remove(table, bad);
  return { chains, graph: new JumpGraph(chains.length, from, to), hooked };
}

function jumpEdges(table: TableState, inFileOrder: boolean): { edges: Edge[]; owners: Located[] } {
  const owners: Located[] = [];
  for (const chain of table.chains.values()) {
    for (const entry of chain.rules) {
      const t = entry.rule.target;
      if (t && (t.kind === "jump" || t.kind === "goto")) owners.push({ chain: chain.name, entry });
    }
  }
  // File order only matters when looking for the offending rule, which is rare; skip the sort otherwise.
  if (inFileOrder) owners.sort((x, y) => x.entry.line - y.entry.line);
  const edges = owners.map((o) => ({ from: o.chain, to: (o.entry.rule.target as { chain: string }).chain }));
  return { edges, owners };
}

/** Loops and nesting deeper than nft allows; each offending rule is reported and dropped, then we look again. */
function checkLoops(b: RulesetBuilder, table: TableState, bases: readonly string[], firstEdges: Edge[]): Edge[] {
  let current = firstEdges;
  for (;;) {
    if (!findProblem(bases, current)) return current;
    const { edges, owners } = jumpEdges(table, true);
    const index = firstOffendingEdge(bases, edges);
    const shown = findProblem(bases, edges.slice(0, index + 1))!;
    const at = owners[index]!;
    const hint =
      shown.kind === "loop"
        ? `These jumps form a loop: ${shown.path.join(" -> ")}.`
        : `Jumps nest more than ${15} user chains deep: ${shown.path.join(" -> ")}.`;
    report(b, "chain-loop", `RULE_APPEND failed (Too many links): rule in chain ${at.chain}`, at, hint);
    remove(table, new Set([at.entry]));
    current = jumpEdges(table, false).edges;
  }
}

/** Targets used from hooks they do not support, for user chains through every base chain that reaches them. */
function checkHooks(b: RulesetBuilder, table: TableState, bases: readonly HookName[], scan: TableScan): void {
  if (scan.hooked.length === 0) return;
  const reach = scan.graph.reachingBases(bases.map((h) => scan.chains.indexOf(table.chains.get(h)!)));
  const bad = new Set<RuleEntry>();
  for (const { chain, entry } of scan.hooked) {
    const hooks = TARGET_PLACES[entry.rule.target!.kind]!.hooks!;
    const mask = reach[chain]!;
    const used = bases.filter((_, i) => mask & (1 << i));
    if (used.every((h) => hooks.includes(h))) continue;
    const name = scan.chains[chain]!.name;
    report(
      b,
      "target-not-allowed",
      `RULE_APPEND failed (Invalid argument): rule in chain ${name}`,
      { chain: name, entry },
      `x_tables: ip_tables: ${entry.rule.target!.kind} target: used from hooks ${used.join("/")}, but only usable from ${hooks.join("/")}`,
    );
    bad.add(entry);
  }
  remove(table, bad);
}

/** The checks that need the whole table: what iptables-nft and the kernel refuse at commit. */
export function validateTables(b: RulesetBuilder): void {
  for (const table of b.tables.values()) {
    const bases = TABLE_HOOKS[table.name].filter((h) => table.chains.get(h)?.builtin);
    let scan = scanTable(b, table);
    const baseIds = bases.map((h) => scan.chains.indexOf(table.chains.get(h)!));
    if (scan.graph.hasProblem(baseIds)) {
      // Rare: find and explain each offending rule with the string-keyed search, then take the table again.
      checkLoops(b, table, bases, jumpEdges(table, false).edges);
      scan = scanTable(b, table);
    }
    checkHooks(b, table, bases, scan);
  }
}
