import { problemMessage, type RuleOperation, type TableProblem, tableProblems } from "@nfx/iptables-save";
import { type Chain, isBuiltinChain, type Rule, type Ruleset, TABLES, type Table, type TableName } from "@nfx/model";
import { chainNameProblem } from "./chain-names";
import type { RulesetEdit } from "./edits";

/**
 * What {@link applyEdit} returns: the new ruleset, or the reason iptables gives for refusing (when the table
 * check refused the rule, `problem` is what it found, and `reason` starts with iptables' message).
 */
export type EditResult =
  | { readonly ok: true; readonly ruleset: Ruleset }
  | { readonly ok: false; readonly reason: string; readonly problem?: TableProblem };

const refuse = (reason: string): EditResult => ({ ok: false, reason });

function withTable(ruleset: Ruleset, table: Table): Ruleset {
  const at = ruleset.tables.findIndex((t) => t.name === table.name);
  if (at >= 0) return { tables: ruleset.tables.map((t, i) => (i === at ? table : t)) };
  // A new table goes where iptables-save's own order (raw, mangle, nat, filter, security) puts it.
  const rank = (n: TableName) => TABLES.indexOf(n);
  const tables = [...ruleset.tables];
  const before = tables.findIndex((t) => rank(t.name) > rank(table.name));
  tables.splice(before < 0 ? tables.length : before, 0, table);
  return { tables };
}

function withChain(table: Table, chain: Chain): Table {
  const at = table.chains.findIndex((c) => c.name === chain.name);
  const chains = at >= 0 ? table.chains.map((c, i) => (i === at ? chain : c)) : [...table.chains, chain];
  return { ...table, chains };
}

/** The rule without where it was once written: an edited rule has no source position. */
function fresh(rule: Rule): Rule {
  if (!rule.pos) return rule;
  const { pos: _pos, ...rest } = rule;
  return rest;
}

/**
 * The ruleset with the new table, unless iptables-restore would refuse the table: the same check as the parser's,
 * with the edited rule sent last, as `iptables -A/-I/-R` sends it to a table the kernel already holds, so the
 * rule refused is the user's own (the rest of the table passed the check when it was loaded).
 */
function checked(
  ruleset: Ruleset,
  table: Table,
  op: RuleOperation,
  chain: string,
  index: number,
  checkTable: boolean,
): EditResult {
  if (!checkTable) return { ok: true, ruleset: withTable(ruleset, table) };
  const at = table.chains.findIndex((c) => c.name === chain);
  const problems = tableProblems(table, (c, r) => (c === at && r === index ? 1 : 0));
  const problem = problems.find((p) => p.chainIndex === at && p.rule === index) ?? problems[0];
  if (!problem) return { ok: true, ruleset: withTable(ruleset, table) };
  const message = problemMessage(problem, op);
  return { ok: false, reason: problem.hint ? `${message}. ${problem.hint}` : message, problem };
}

/**
 * Applies one edit and returns a new ruleset; the old one is untouched and shares every table and chain the
 * edit did not change, so keeping old rulesets for undo costs only what changed. Refusals carry the reason
 * iptables gives (chain busy, index out of range, target not allowed from that hook, loop). With `checkTable`
 * false the whole-table check (which reads every rule of the table) is left to the caller, who checks the
 * result another way: a node's table is checked faster as text (edited-text.ts, checkRuleset).
 */
export function applyEdit(ruleset: Ruleset, edit: RulesetEdit, { checkTable = true } = {}): EditResult {
  const existing = ruleset.tables.find((t) => t.name === edit.table);
  const builtin = isBuiltinChain(edit.table, edit.chain);
  const table: Table = existing ?? { name: edit.table, chains: [] };
  const chain = table.chains.find((c) => c.name === edit.chain);

  if (edit.kind === "create-chain") {
    if (chain || builtin) return refuse("Chain already exists.");
    const bad = chainNameProblem(edit.chain);
    if (bad) return refuse(bad);
    return { ok: true, ruleset: withTable(ruleset, withChain(table, { name: edit.chain, policy: null, rules: [] })) };
  }
  if (!chain) {
    if (!builtin) return refuse(`Chain '${edit.chain}' does not exist`);
    if (edit.kind === "delete-chain" || edit.kind === "rename-chain")
      return refuse("Cannot delete or rename a built-in chain.");
  }
  // iptables-nft creates a built-in chain on first use, with policy ACCEPT.
  const c: Chain = chain ?? { name: edit.chain, policy: "ACCEPT", rules: [] };
  const n = c.rules.length;
  const at = (i: number, max: number) => Number.isInteger(i) && i >= 0 && i <= max;
  const indexError = (i: number) => refuse(`Index of ${edit.kind} too big: rule ${i + 1} of ${n} in ${edit.chain}.`);

  switch (edit.kind) {
    case "append":
    case "insert": {
      const index = edit.kind === "append" ? n : edit.index;
      if (!at(index, n)) return indexError(index);
      const rules = [...c.rules];
      rules.splice(index, 0, fresh(edit.rule));
      return checked(
        ruleset,
        withChain(table, { ...c, rules }),
        edit.kind === "append" ? "RULE_APPEND" : "RULE_INSERT",
        c.name,
        index,
        checkTable,
      );
    }
    case "replace": {
      if (!at(edit.index, n - 1)) return indexError(edit.index);
      const rules = c.rules.map((r, i) => (i === edit.index ? fresh(edit.rule) : r));
      return checked(ruleset, withChain(table, { ...c, rules }), "RULE_REPLACE", c.name, edit.index, checkTable);
    }
    case "delete": {
      if (!at(edit.index, n - 1)) return indexError(edit.index);
      const rules = c.rules.filter((_, i) => i !== edit.index);
      return { ok: true, ruleset: withTable(ruleset, withChain(table, { ...c, rules })) };
    }
    case "move": {
      if (!at(edit.from, n - 1)) return indexError(edit.from);
      if (!at(edit.to, n - 1)) return indexError(edit.to);
      if (edit.from === edit.to) return { ok: true, ruleset };
      const rules = [...c.rules];
      const [moved] = rules.splice(edit.from, 1);
      rules.splice(edit.to, 0, moved!);
      return { ok: true, ruleset: withTable(ruleset, withChain(table, { ...c, rules })) };
    }
    case "set-policy": {
      if (!builtin) return refuse("Bad built-in chain name");
      return { ok: true, ruleset: withTable(ruleset, withChain(table, { ...c, policy: edit.policy })) };
    }
    case "rename-chain": {
      if (builtin) return refuse("Cannot delete or rename a built-in chain.");
      if (table.chains.some((x) => x.name === edit.to) || isBuiltinChain(edit.table, edit.to))
        return refuse("File exists: a chain of that name already exists.");
      const bad = chainNameProblem(edit.to);
      if (bad) return refuse(bad);
      const renameTarget = (r: Rule): Rule => {
        const t = r.target;
        if (!t || (t.kind !== "jump" && t.kind !== "goto") || t.chain !== edit.chain) return r;
        return { ...r, target: { kind: t.kind, chain: edit.to } };
      };
      const chains = table.chains.map((x) => {
        const rules = x.rules.some((r) => renameTarget(r) !== r) ? x.rules.map(renameTarget) : x.rules;
        const name = x.name === edit.chain ? edit.to : x.name;
        return name === x.name && rules === x.rules ? x : { ...x, name, rules };
      });
      return { ok: true, ruleset: withTable(ruleset, { ...table, chains }) };
    }
    case "delete-chain": {
      if (builtin) return refuse("Cannot delete or rename a built-in chain.");
      const users: string[] = [];
      for (const x of table.chains) {
        x.rules.forEach((r, i) => {
          const t = r.target;
          if (x.name !== edit.chain && t && (t.kind === "jump" || t.kind === "goto") && t.chain === edit.chain)
            users.push(`${x.name} rule ${i + 1}`);
        });
      }
      if (users.length) {
        const more = users.length > 3 ? ` and ${users.length - 3} more` : "";
        return refuse(
          `CHAIN_USER_DEL failed (Device or resource busy): ${edit.chain} is still the target of ${users.slice(0, 3).join(", ")}${more}.`,
        );
      }
      return { ok: true, ruleset: withTable(ruleset, { ...table, chains: table.chains.filter((x) => x !== c) }) };
    }
  }
}
