import { type Chain, HOOKS, type HookName, type Table } from "@nfx/model";
import { describe, expect, it } from "vitest";
import { parseRuleset } from "../src/index";
import { tableProblems } from "../src/table-problems";

const errors = (text: string) =>
  parseRuleset(text)
    .diagnostics.filter((d) => d.severity === "error")
    .map(({ line, code, message }) => ({ line, code, message }));

function declared(chains: readonly string[], rules: readonly string[], table = "filter"): string {
  const heads = chains.map((c) => (HOOKS.includes(c as HookName) ? `:${c} ACCEPT [0:0]` : `:${c} - [0:0]`));
  return [`*${table}`, ...heads, ...rules, "COMMIT", ""].join("\n");
}

/** INPUT -> C1 -> ... -> Cn, the jumps in file order (or reversed). */
function path(n: number, reversed = false): string {
  const chains = Array.from({ length: n }, (_, i) => `C${i + 1}`);
  const jumps = ["-A INPUT -j C1", ...chains.slice(0, -1).map((c, i) => `-A ${c} -j C${i + 2}`)];
  return declared(["INPUT", ...chains], reversed ? jumps.reverse() : jumps);
}

// Each expectation is what `iptables-restore` v1.8.9 (nf_tables) printed for the same file on Linux 6.18, in a
// network namespace (`ip netns exec nfxv-x iptables-restore < f`), without its "line N:" prefix.
describe("tableProblems through the parser: the rule iptables-restore refuses, with its message", () => {
  it("15 user chains deep is accepted, 16 is refused at the jump that makes it 16", () => {
    expect(errors(path(15))).toEqual([]);
    expect(errors(path(16))).toEqual([
      { line: 34, code: "chain-depth", message: "RULE_APPEND failed (Too many links): rule in chain C15" },
    ]);
    // The same jumps written the other way round: the last one added, from INPUT, is the one refused.
    expect(errors(path(16, true))).toEqual([
      { line: 34, code: "chain-depth", message: "RULE_APPEND failed (Too many links): rule in chain INPUT" },
    ]);
    // A goto counts as a level too.
    expect(errors(path(16).replace("-A C15 -j C16", "-A C15 -g C16"))).toEqual([
      { line: 34, code: "chain-depth", message: "RULE_APPEND failed (Too many links): rule in chain C15" },
    ]);
  });

  it("a loop is refused at the jump that closes it from a base chain; one nothing reaches is kept", () => {
    expect(errors(declared(["INPUT", "A", "B"], ["-A INPUT -j A", "-A A -j B", "-A B -j A"]))).toEqual([
      { line: 7, code: "chain-loop", message: "RULE_APPEND failed (Too many links): rule in chain B" },
    ]);
    expect(errors(declared(["INPUT", "A", "B"], ["-A A -j B", "-A B -j A", "-A INPUT -j A"]))).toEqual([
      { line: 7, code: "chain-loop", message: "RULE_APPEND failed (Too many links): rule in chain INPUT" },
    ]);
    expect(errors(declared(["INPUT", "A"], ["-A A -j A"]))).toEqual([]);
    // Two ways to one chain are no loop.
    expect(errors(declared(["INPUT", "A", "B"], ["-A INPUT -j A", "-A INPUT -j B", "-A A -j B"]))).toEqual([]);
  });

  it("a limited target is refused at the rule that first puts it on a wrong hook: the target or the jump", () => {
    const nat = (rules: string[]) => declared(["PREROUTING", "POSTROUTING", "FWD"], rules, "nat");
    const target = "-A FWD -j DNAT --to-destination 10.0.0.2";
    expect(errors(nat(["-A POSTROUTING -j FWD", target]))).toEqual([
      { line: 6, code: "target-not-allowed", message: "RULE_APPEND failed (Invalid argument): rule in chain FWD" },
    ]);
    expect(errors(nat([target, "-A POSTROUTING -j FWD"]))).toEqual([
      {
        line: 6,
        code: "target-not-allowed",
        message: "RULE_APPEND failed (Invalid argument): rule in chain POSTROUTING",
      },
    ]);
    const hint = parseRuleset(nat([target, "-A POSTROUTING -j FWD"])).diagnostics[0]!.hint;
    expect(hint).toBe(
      "x_tables: ip_tables: DNAT target: used from hooks POSTROUTING, but only usable from PREROUTING/OUTPUT",
    );
    expect(errors(declared(["INPUT"], ["-A INPUT -j DNAT --to-destination 10.0.0.2"]))).toEqual([
      { line: 3, code: "target-not-allowed", message: "RULE_APPEND failed (Invalid argument): rule in chain INPUT" },
    ]);
  });

  it("-m owner is refused outside OUTPUT/POSTROUTING and -m mac outside PREROUTING/INPUT/FORWARD, as the kernel refuses them", () => {
    const filter = (rules: string[]) => declared(["INPUT", "FORWARD", "OUTPUT", "X"], rules);
    const refused = (line: number, chain: string) => [
      { line, code: "match-not-allowed", message: `RULE_APPEND failed (Invalid argument): rule in chain ${chain}` },
    ];
    const owner = "-A X -m owner --uid-owner 0 -j ACCEPT";
    expect(errors(filter([owner, "-A OUTPUT -j X", "-A INPUT -j X"]))).toEqual(refused(8, "INPUT"));
    expect(errors(filter(["-A INPUT -m owner --uid-owner 0"]))).toEqual(refused(6, "INPUT"));
    expect(errors(filter(["-A INPUT -m owner --uid-owner 0 -j X"]))).toEqual(refused(6, "INPUT"));
    expect(errors(filter(["-A INPUT -j X", "-A X -m owner --socket-exists"]))).toEqual(refused(7, "X"));
    expect(errors(filter(["-A OUTPUT -m mac --mac-source 00:11:22:33:44:55 -j DROP"]))).toEqual(refused(6, "OUTPUT"));
    const hint = parseRuleset(filter([owner, "-A INPUT -j X"])).diagnostics[0]!.hint;
    expect(hint).toBe(
      "x_tables: ip_tables: owner match: used from hooks INPUT, but only valid from OUTPUT/POSTROUTING",
    );
    const mangle = declared(
      ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
      [
        "-A POSTROUTING -m owner --gid-owner 0 -j ACCEPT",
        "-A OUTPUT -m owner --uid-owner 0 -j ACCEPT",
        "-A FORWARD -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT",
      ],
      "mangle",
    );
    expect(errors(mangle)).toEqual([]);
  });

  it("a jump that brings both a loop and a misplaced target gets the error the kernel's walk meets first", () => {
    const nat = (first: string, second: string) =>
      declared(
        ["PREROUTING", "POSTROUTING", "U0", "U1"],
        [first, "-A U1 -j MASQUERADE", "-A U1 -j DNAT --to-destination 10.0.0.2", second, "-A POSTROUTING -j U0"],
        "nat",
      );
    // U0's rules in order: the goto to U1 (DNAT from POSTROUTING) comes before the loop...
    expect(errors(nat("-A U0 -g U1", "-A U0 -j U0"))).toEqual([
      {
        line: 10,
        code: "target-not-allowed",
        message: "RULE_APPEND failed (Invalid argument): rule in chain POSTROUTING",
      },
    ]);
    // ... or after it.
    expect(errors(nat("-A U0 -j U0", "-A U0 -g U1"))).toEqual([
      { line: 10, code: "chain-loop", message: "RULE_APPEND failed (Too many links): rule in chain POSTROUTING" },
    ]);
  });

  it("a jump to a built-in chain is refused", () => {
    expect(errors(declared(["INPUT", "FORWARD", "A"], ["-A A -j FORWARD"]))).toEqual([
      { line: 5, code: "jump-to-builtin", message: "RULE_APPEND failed (Operation not supported): rule in chain A" },
    ]);
  });
});

function table(chains: Chain[]): Table {
  return { name: "filter", chains };
}
const jump = (chain: string) => ({ matches: [], target: { kind: "jump" as const, chain } });

describe("tableProblems on hostile tables, in one linear pass", () => {
  it("5,000 self-jump loops reached from INPUT: each refused, with its loop", () => {
    const n = 5000;
    const names = Array.from({ length: n }, (_, i) => `L${i}`);
    const start = performance.now();
    const problems = tableProblems(
      table([
        { name: "INPUT", policy: "ACCEPT", rules: names.map(jump) },
        ...names.map((name) => ({ name, policy: null, rules: [jump(name)] })),
      ]),
    );
    const ms = performance.now() - start;
    expect(problems).toHaveLength(n);
    expect(problems[4321]).toEqual({
      code: "chain-loop",
      chain: "L4321",
      chainIndex: 4322,
      rule: 0,
      message: "RULE_APPEND failed (Too many links): rule in chain L4321",
      hint: "These jumps form a loop: INPUT -> L4321 -> L4321.",
      kernelError: "Too many links",
    });
    // Was 75 s through the parser before the check became linear; a quadratic check would blow far past this.
    expect(ms).toBeLessThan(5000);
  });

  it("a path of 50,000 chains is refused once, at the 16th, without deep recursion", () => {
    const n = 50_000;
    const names = Array.from({ length: n }, (_, i) => `C${i + 1}`);
    const chains: Chain[] = [
      { name: "INPUT", policy: "ACCEPT", rules: [jump("C1")] },
      ...names.map((name, i) => ({ name, policy: null, rules: i + 1 < n ? [jump(names[i + 1]!)] : [] })),
    ];
    const start = performance.now();
    const forward = tableProblems(table(chains));
    // Reversed: the jump from INPUT comes last, and the check walks 50,000 chains already linked.
    const backward = tableProblems(table(chains), (c) => (c === 0 ? n : n - c));
    const ms = performance.now() - start;
    expect(forward).toMatchObject([
      {
        code: "chain-depth",
        chain: "C15",
        hint: `Jumps nest more than 15 user chains deep: INPUT -> ${names.slice(0, 16).join(" -> ")}.`,
      },
    ]);
    expect(backward).toMatchObject([{ code: "chain-depth", chain: "INPUT" }]);
    expect(ms).toBeLessThan(5000);
  });

  it("a loop of 100,000 chains reached from INPUT", () => {
    const n = 100_000;
    const names = Array.from({ length: n }, (_, i) => `R${i}`);
    const chains: Chain[] = [
      { name: "INPUT", policy: "ACCEPT", rules: [jump("R0")] },
      ...names.map((name, i) => ({ name, policy: null, rules: [jump(names[(i + 1) % n]!)] })),
    ];
    // The jump into the loop comes last: the loop is complete when it is reached.
    const problems = tableProblems(table(chains), (c) => (c === 0 ? n : c));
    expect(problems).toMatchObject([{ code: "chain-depth", chain: "INPUT" }]);
  });
});
