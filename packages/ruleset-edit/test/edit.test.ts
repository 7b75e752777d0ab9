import { formatRuleBody, formatRuleset, parseRuleset } from "@nfx/iptables-save";
import type { Rule, Ruleset } from "@nfx/model";
import { describe, expect, it } from "vitest";
import { applyEdit, describeEdit, EditHistory, type RulesetEdit, reachingHooks, targetAllowed } from "../src";

const BASE = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:FWD - [0:0]
-A PREROUTING -j FWD
-A OUTPUT -g FWD
-A FWD -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:SSH - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j SSH
-A INPUT -p icmp -j ACCEPT
-A SSH -s 10.0.0.0/8 -j ACCEPT
COMMIT
`;

function load(text = BASE): Ruleset {
  const p = parseRuleset(text);
  expect(p.diagnostics).toEqual([]);
  return p.ruleset;
}
/** A rule from its iptables-save text, through the real parser. */
function rule(table: string, chain: string, body: string): Rule {
  const decl =
    chain === "INPUT" || chain === "PREROUTING" || chain === "POSTROUTING" || chain === "OUTPUT" ? "ACCEPT" : "-";
  const p = parseRuleset(
    `*${table}\n:${chain} ${decl} [0:0]\n:SSH - [0:0]\n:FWD - [0:0]\n-A ${chain} ${body}\nCOMMIT\n`,
  );
  expect(p.diagnostics).toEqual([]);
  return p.ruleset.tables[0]!.chains.find((c) => c.name === chain)!.rules[0]!;
}
function apply(rs: Ruleset, edit: RulesetEdit): Ruleset {
  const r = applyEdit(rs, edit);
  if (!r.ok) throw new Error(r.reason);
  return r.ruleset;
}
/** A rule that only jumps (the rule helper's table does not declare every chain). */
const jumpTo = (chain: string): Rule => ({ matches: [], target: { kind: "jump", chain } });
const lines = (rs: Ruleset, table: string) =>
  formatRuleset(rs)
    .split("\n")
    .filter((l) => l.startsWith("-A"))
    .filter((_, __, all) => all.length > 0 && table !== "");

describe("applyEdit", () => {
  it("appends, inserts, replaces, deletes and moves rules as -A, -I, -R, -D would", () => {
    let rs = load();
    rs = apply(rs, {
      kind: "append",
      table: "filter",
      chain: "INPUT",
      rule: rule("filter", "INPUT", "-p udp -j DROP"),
    });
    rs = apply(rs, {
      kind: "insert",
      table: "filter",
      chain: "INPUT",
      index: 0,
      rule: rule("filter", "INPUT", "-s 1.2.3.4/32 -j DROP"),
    });
    rs = apply(rs, {
      kind: "replace",
      table: "filter",
      chain: "INPUT",
      index: 3,
      rule: rule("filter", "INPUT", "-p icmp -j DROP"),
    });
    rs = apply(rs, { kind: "delete", table: "filter", chain: "INPUT", index: 1 });
    rs = apply(rs, { kind: "move", table: "filter", chain: "INPUT", from: 3, to: 0 });
    expect(lines(rs, "filter").filter((l) => l.startsWith("-A INPUT"))).toEqual([
      "-A INPUT -p udp -j DROP",
      "-A INPUT -s 1.2.3.4/32 -j DROP",
      "-A INPUT -p tcp -m tcp --dport 22 -j SSH",
      "-A INPUT -p icmp -j DROP",
    ]);
  });

  it("never changes the ruleset it was given and shares what it did not touch", () => {
    const rs = load();
    const before = formatRuleset(rs);
    const after = apply(rs, { kind: "delete", table: "filter", chain: "INPUT", index: 0 });
    expect(formatRuleset(rs)).toBe(before);
    expect(after.tables[0]).toBe(rs.tables[0]); // nat untouched
    expect(after.tables[1]!.chains.find((c) => c.name === "SSH")).toBe(
      rs.tables[1]!.chains.find((c) => c.name === "SSH"),
    );
  });

  it("refuses positions out of range", () => {
    const rs = load();
    expect(applyEdit(rs, { kind: "delete", table: "filter", chain: "INPUT", index: 3 })).toMatchObject({ ok: false });
    expect(
      applyEdit(rs, {
        kind: "insert",
        table: "filter",
        chain: "INPUT",
        index: 4,
        rule: rule("filter", "INPUT", "-j ACCEPT"),
      }),
    ).toMatchObject({ ok: false });
    expect(applyEdit(rs, { kind: "move", table: "filter", chain: "INPUT", from: 0, to: 9 })).toMatchObject({
      ok: false,
    });
  });

  it("sets the policy of built-in chains only", () => {
    const rs = apply(load(), { kind: "set-policy", table: "filter", chain: "FORWARD", policy: "DROP" });
    expect(formatRuleset(rs)).toContain(":FORWARD DROP [0:0]");
    expect(applyEdit(rs, { kind: "set-policy", table: "filter", chain: "SSH", policy: "DROP" })).toEqual({
      ok: false,
      reason: "Bad built-in chain name",
    });
  });

  it("creates a built-in chain and a table on first use, as iptables-nft does", () => {
    const rs = apply(load(), {
      kind: "append",
      table: "raw",
      chain: "PREROUTING",
      rule: rule("raw", "PREROUTING", "-p udp -j NOTRACK"),
    });
    expect(rs.tables.map((t) => t.name)).toEqual(["raw", "nat", "filter"]);
    expect(formatRuleset(rs)).toContain(
      "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A PREROUTING -p udp -j NOTRACK\nCOMMIT",
    );
  });

  it("creates, renames and deletes user chains", () => {
    let rs = apply(load(), { kind: "create-chain", table: "filter", chain: "LOGDROP" });
    expect(formatRuleset(rs)).toContain(":LOGDROP - [0:0]");
    expect(applyEdit(rs, { kind: "create-chain", table: "filter", chain: "LOGDROP" })).toEqual({
      ok: false,
      reason: "Chain already exists.",
    });
    expect(applyEdit(rs, { kind: "create-chain", table: "filter", chain: "INPUT" })).toMatchObject({ ok: false });
    expect(applyEdit(rs, { kind: "create-chain", table: "filter", chain: "A".repeat(29) })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("too long"),
    });
    expect(applyEdit(rs, { kind: "create-chain", table: "filter", chain: "ACCEPT" })).toMatchObject({ ok: false });
    rs = apply(rs, { kind: "rename-chain", table: "filter", chain: "SSH", to: "SSH-IN" });
    const text = formatRuleset(rs);
    expect(text).toContain("-A INPUT -p tcp -m tcp --dport 22 -j SSH-IN");
    expect(text).toContain("-A SSH-IN -s 10.0.0.0/8 -j ACCEPT");
    expect(text).not.toContain(":SSH -");
    rs = apply(rs, { kind: "delete-chain", table: "filter", chain: "LOGDROP" });
    expect(formatRuleset(rs)).not.toContain("LOGDROP");
  });

  it("renames every jump and goto to a chain", () => {
    const rs = apply(load(), { kind: "rename-chain", table: "nat", chain: "FWD", to: "PORTS" });
    const text = formatRuleset(rs);
    expect(text).toContain("-A PREROUTING -j PORTS");
    expect(text).toContain("-A OUTPUT -g PORTS");
    expect(text).not.toMatch(/FWD/);
  });

  it("refuses to delete a chain that is still jumped to, with the reason, as the kernel does", () => {
    const r = applyEdit(load(), { kind: "delete-chain", table: "filter", chain: "SSH" });
    expect(r).toEqual({
      ok: false,
      reason: "CHAIN_USER_DEL failed (Device or resource busy): SSH is still the target of INPUT rule 2.",
    });
    expect(applyEdit(load(), { kind: "delete-chain", table: "filter", chain: "INPUT" })).toMatchObject({ ok: false });
    expect(applyEdit(load(), { kind: "delete-chain", table: "filter", chain: "NOPE" })).toMatchObject({ ok: false });
  });

  it("deletes a chain with rules once nothing jumps to it (iptables-nft flushes it first)", () => {
    let rs = apply(load(), { kind: "delete", table: "filter", chain: "INPUT", index: 1 });
    rs = apply(rs, { kind: "delete-chain", table: "filter", chain: "SSH" });
    expect(formatRuleset(rs)).not.toContain("SSH");
  });

  // The reasons are iptables-nft's own words (checked with iptables 1.8.9 on Linux 6.18), then why.
  it("refuses rules the kernel would refuse: wrong hook through a user chain, missing chain, loops", () => {
    const rs = load();
    // FWD is reached from PREROUTING and OUTPUT: DNAT is fine there, MASQUERADE is not.
    expect(
      applyEdit(rs, { kind: "append", table: "nat", chain: "FWD", rule: rule("nat", "FWD", "-j MASQUERADE") }),
    ).toMatchObject({
      ok: false,
      reason:
        "RULE_APPEND failed (Invalid argument): rule in chain FWD. x_tables: ip_tables: MASQUERADE target: used from hooks PREROUTING/OUTPUT, but only usable from POSTROUTING",
    });
    // Jumping to FWD from POSTROUTING would put its DNAT in POSTROUTING: the jump is refused.
    expect(
      applyEdit(rs, { kind: "append", table: "nat", chain: "POSTROUTING", rule: rule("nat", "POSTROUTING", "-j FWD") }),
    ).toMatchObject({
      ok: false,
      reason:
        "RULE_APPEND failed (Invalid argument): rule in chain POSTROUTING. x_tables: ip_tables: DNAT target: used from hooks PREROUTING/OUTPUT/POSTROUTING, but only usable from PREROUTING/OUTPUT",
    });
    expect(
      applyEdit(rs, {
        kind: "append",
        table: "filter",
        chain: "INPUT",
        rule: { matches: [], target: { kind: "jump", chain: "NOPE" } },
      }),
    ).toMatchObject({ ok: false, reason: "Chain 'NOPE' does not exist" });
    expect(
      applyEdit(rs, { kind: "append", table: "filter", chain: "SSH", rule: rule("filter", "SSH", "-j SSH") }),
    ).toMatchObject({
      ok: false,
      reason: "RULE_APPEND failed (Too many links): rule in chain SSH. These jumps form a loop: INPUT -> SSH -> SSH.",
    });
    expect(
      applyEdit(rs, { kind: "append", table: "nat", chain: "PREROUTING", rule: rule("filter", "INPUT", "-j DROP") }),
    ).toMatchObject({
      ok: false,
      reason: 'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.',
    });
  });

  it("names the operation as iptables does: -I and -R", () => {
    const rs = load();
    const loop = rule("filter", "SSH", "-j SSH");
    expect(applyEdit(rs, { kind: "insert", table: "filter", chain: "SSH", index: 0, rule: loop })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^RULE_INSERT failed \(Too many links\): rule in chain SSH\./),
    });
    expect(applyEdit(rs, { kind: "replace", table: "filter", chain: "SSH", index: 0, rule: loop })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^RULE_REPLACE failed \(Too many links\): rule in chain SSH\./),
    });
  });

  it("keeps a loop that no base chain reaches, as the kernel does, and refuses the jump that reaches it", () => {
    let rs = apply(load(), { kind: "create-chain", table: "filter", chain: "SPIN" });
    rs = apply(rs, { kind: "append", table: "filter", chain: "SPIN", rule: jumpTo("SPIN") });
    expect(applyEdit(rs, { kind: "append", table: "filter", chain: "INPUT", rule: jumpTo("SPIN") })).toMatchObject({
      ok: false,
      problem: { code: "chain-loop", chain: "INPUT" },
    });
  });

  // Issue 9's reproducer: C14 sits 14 user chains below INPUT, D -> E hangs apart. Appending `-j D` to C14 makes
  // E the 16th; it was accepted, and parsing the saved result then refused D's jump instead.
  it("refuses an edit that nests jumps 16 deep, at the user's rule", () => {
    const chains = Array.from({ length: 14 }, (_, i) => `C${i + 1}`);
    const text = [
      "*filter",
      ":INPUT ACCEPT [0:0]",
      ...[...chains, "D", "E"].map((c) => `:${c} - [0:0]`),
      "-A INPUT -j C1",
      ...chains.slice(0, -1).map((c, i) => `-A ${c} -j C${i + 2}`),
      "-A D -j E",
      "COMMIT",
      "",
    ].join("\n");
    const edit: RulesetEdit = { kind: "append", table: "filter", chain: "C14", rule: jumpTo("D") };
    const result = applyEdit(load(text), edit);
    expect(result).toMatchObject({
      ok: false,
      reason: `RULE_APPEND failed (Too many links): rule in chain C14. Jumps nest more than 15 user chains deep: INPUT -> ${chains.join(" -> ")} -> D -> E.`,
      problem: { code: "chain-depth", chain: "C14" },
    });
    // iptables-restore of the result would refuse it too, at D (the first jump in the file that makes it 16).
    expect(parseRuleset(text.replace("COMMIT", "-A C14 -j D\nCOMMIT")).diagnostics).toMatchObject([
      { code: "chain-depth", message: "RULE_APPEND failed (Too many links): rule in chain C14" },
    ]);
    const saved = text.replace("-A D -j E", "-A C14 -j D\n-A D -j E");
    expect(parseRuleset(saved).diagnostics).toMatchObject([
      { code: "chain-depth", message: "RULE_APPEND failed (Too many links): rule in chain D" },
    ]);
    // One level less is accepted.
    expect(applyEdit(load(text.replace("-A D -j E\n", "")), edit)).toMatchObject({ ok: true });
  });

  it("refuses an edit exactly when iptables-restore refuses the result, with the same message", () => {
    const rs = load();
    const edits: RulesetEdit[] = [
      { kind: "append", table: "nat", chain: "FWD", rule: rule("nat", "FWD", "-j MASQUERADE") },
      { kind: "append", table: "nat", chain: "POSTROUTING", rule: rule("nat", "POSTROUTING", "-j FWD") },
      { kind: "append", table: "nat", chain: "INPUT", rule: rule("nat", "INPUT", "-j FWD") },
      { kind: "append", table: "nat", chain: "FWD", rule: rule("nat", "FWD", "-j REDIRECT") },
      { kind: "append", table: "filter", chain: "SSH", rule: rule("filter", "SSH", "-j SSH") },
      { kind: "append", table: "filter", chain: "SSH", rule: rule("filter", "SSH", "-j ACCEPT") },
      { kind: "append", table: "filter", chain: "SSH", rule: rule("filter", "SSH", "-j REJECT") },
      { kind: "append", table: "filter", chain: "OUTPUT", rule: rule("filter", "OUTPUT", "-j SSH") },
      { kind: "insert", table: "filter", chain: "INPUT", index: 0, rule: jumpTo("INPUT") },
      { kind: "append", table: "filter", chain: "INPUT", rule: rule("mangle", "INPUT", "-j TTL --ttl-set 9") },
    ];
    const errors = (text: string) => parseRuleset(text).diagnostics.filter((d) => d.severity === "error");
    for (const edit of edits) {
      if (!("rule" in edit) || edit.kind === "replace") throw new Error("only -A and -I here");
      const result = applyEdit(rs, edit);
      // The edited rule as one more line of the saved ruleset, unchecked: in the chain's place (what
      // iptables-save prints, and what a restore of it sees) or last in its table (what iptables -A/-I sends).
      const saved = formatRuleset(rs);
      const line = `-${edit.kind === "append" ? "A" : "I"} ${edit.chain}${edit.kind === "insert" ? " 1" : ""}${formatRuleBody(edit.rule)}`;
      const commit = saved.indexOf("COMMIT", saved.indexOf(`*${edit.table}\n`));
      const last = `${saved.slice(0, commit)}${line}\n${saved.slice(commit)}`;
      const inPlace = formatRuleset(
        apply(
          rs,
          // A harmless rule in the same place, then the real one swapped in: the chain's own place in the output.
          { ...edit, rule: { matches: [], target: null } },
        ),
      ).replace(new RegExp(`^-A ${edit.chain}$`, "m"), `-A ${edit.chain}${formatRuleBody(edit.rule)}`);
      expect(inPlace).toContain(`-A ${edit.chain}${formatRuleBody(edit.rule)}\n`);
      expect(errors(inPlace).length === 0, describeEdit(edit)).toBe(result.ok);
      expect(errors(last).length === 0, describeEdit(edit)).toBe(result.ok);
      if (!result.ok) {
        // The same code, the same words: the message for the rule sent last is the edit's.
        const op = edit.kind === "append" ? "RULE_APPEND" : "RULE_INSERT";
        expect(result.reason, describeEdit(edit)).toContain(errors(last)[0]!.message.replace("RULE_APPEND", op));
        expect(result.reason, describeEdit(edit)).toContain(`rule in chain ${edit.chain}`);
      }
    }
  });
});

describe("targetAllowed", () => {
  it("knows each target's table and hooks", () => {
    expect(targetAllowed("nat", "PREROUTING", "DNAT")).toEqual({ ok: true });
    expect(targetAllowed("nat", "OUTPUT", "DNAT")).toEqual({ ok: true });
    expect(targetAllowed("nat", "POSTROUTING", "DNAT").ok).toBe(false);
    expect(targetAllowed("filter", "INPUT", "DNAT")).toMatchObject({
      ok: false,
      problem: { kind: "wrong-table", only: "nat" },
    });
    expect(targetAllowed("nat", "POSTROUTING", "SNAT").ok).toBe(true);
    expect(targetAllowed("nat", "INPUT", "SNAT").ok).toBe(true);
    expect(targetAllowed("nat", "PREROUTING", "SNAT").ok).toBe(false);
    expect(targetAllowed("nat", "POSTROUTING", "MASQUERADE").ok).toBe(true);
    expect(targetAllowed("nat", "OUTPUT", "MASQUERADE").ok).toBe(false);
    expect(targetAllowed("nat", "OUTPUT", "REDIRECT").ok).toBe(true);
    expect(targetAllowed("filter", "FORWARD", "REJECT").ok).toBe(true);
    expect(targetAllowed("mangle", "INPUT", "REJECT").ok).toBe(false);
    expect(targetAllowed("mangle", "FORWARD", "TTL").ok).toBe(true);
    expect(targetAllowed("filter", "FORWARD", "TOS").ok).toBe(false);
    expect(targetAllowed("raw", "PREROUTING", "CT").ok).toBe(true);
    expect(targetAllowed("mangle", "PREROUTING", "NOTRACK").ok).toBe(false);
    expect(targetAllowed("nat", "PREROUTING", "DROP")).toMatchObject({ ok: false, problem: { kind: "nat-drop" } });
    expect(targetAllowed("filter", "INPUT", "DROP").ok).toBe(true);
    expect(targetAllowed("filter", "INPUT", "LOG").ok).toBe(true);
  });

  it("checks a user chain against every hook that reaches it", () => {
    expect(targetAllowed("nat", ["PREROUTING", "OUTPUT"], "DNAT").ok).toBe(true);
    expect(targetAllowed("nat", ["PREROUTING", "POSTROUTING"], "DNAT")).toMatchObject({
      ok: false,
      refused: ["POSTROUTING"],
      reached: true,
    });
    expect(targetAllowed("nat", [], "DNAT").ok).toBe(true);
    const rs = load();
    expect(reachingHooks(rs.tables[0]!, "FWD")).toEqual(["PREROUTING", "OUTPUT"]);
    expect(reachingHooks(rs.tables[1]!, "SSH")).toEqual(["INPUT"]);
    expect(reachingHooks(rs.tables[1]!, "INPUT")).toEqual(["INPUT"]);
  });
});

describe("EditHistory", () => {
  it("undoes and redoes, and a new edit drops what could be redone", () => {
    const h = new EditHistory("a");
    h.push("b");
    h.push("c");
    expect(h.undo()).toBe("b");
    expect(h.undo()).toBe("a");
    expect(h.undo()).toBeNull();
    expect(h.redo()).toBe("b");
    h.push("d");
    expect(h.canRedo).toBe(false);
    expect(h.current).toBe("d");
    expect(h.undo()).toBe("b");
  });

  it("keeps no more than its budget", () => {
    const h = new EditHistory("x".repeat(10), { weight: 35, weigh: (s) => s.length });
    for (const c of "abcde") h.push(c.repeat(10));
    let undone = 0;
    while (h.undo() !== null) undone++;
    expect(undone).toBe(2);
  });
});
