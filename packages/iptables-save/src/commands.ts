import type { Counters, Rule, SourcePos } from "@nfx/model";
import { ArgCursor } from "./cursor";
import type { LineError } from "./diagnostics";
import { formatRuleBody } from "./format/format-rule";
import { parseRule } from "./parse-rule";
import type { ChainState, RuleEntry, RulesetBuilder, TableState } from "./ruleset-builder";
import type { TokenLine } from "./tokenizer";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What a command line needs besides its tokens. */
interface CommandSite {
  readonly line: number;
  /** Where the line's first token starts, recorded as the rule's position. */
  readonly pos: SourcePos;
  /** `[p:b]` written before the command in a restore file. */
  readonly counters?: Counters;
  /** "restore" speaks like iptables-restore in messages, "script" like iptables. */
  readonly mode: "restore" | "script";
}

function undeclared(cur: ArgCursor, name: string, mode: CommandSite["mode"]): LineError {
  const fix =
    mode === "restore" ? `add \`:${name} - [0:0]' to the table block` : `create it first with \`iptables -N ${name}'`;
  return cur.error(
    "undeclared-chain",
    "No chain/target/match by that name.",
    `Chain '${name}' does not exist; ${fix}.`,
  );
}

function isNumber(text: string | undefined): boolean {
  return text !== undefined && /^\d+$/.test(text);
}

function referencedBy(table: TableState, name: string): ChainState | undefined {
  for (const chain of table.chains.values()) {
    for (const { rule } of chain.rules) {
      const t = rule.target;
      if (t && (t.kind === "jump" || t.kind === "goto") && t.chain === name) return chain;
    }
  }
  return undefined;
}

function parseEntry(b: RulesetBuilder, table: TableState, cur: ArgCursor, chain: string, site: CommandSite): RuleEntry {
  const userChain = (name: string) => table.chains.get(name)?.builtin === false;
  const { rule, targetIndex } = parseRule(cur, chain, (n) => b.intern(n), userChain);
  const r = rule as Mutable<Rule>;
  if (site.counters && !r.counters) r.counters = site.counters;
  r.pos = site.pos;
  const column = targetIndex >= 0 ? cur.column(targetIndex) : 0;
  const end = targetIndex >= 0 ? column + cur.line.tokens[targetIndex]!.length : 0;
  return { rule: r, line: site.line, targetColumn: column, targetEnd: end };
}

/**
 * Applies one iptables command (`-A`, `-I`, `-R`, `-D`, `-N`, `-X`, `-F`, `-P`) starting at token `start` to
 * `table`. Throws a LineError for the first problem; the caller reports it and skips the line.
 */
export function runCommand(
  b: RulesetBuilder,
  table: TableState,
  tokens: TokenLine,
  start: number,
  site: CommandSite,
): void {
  const cur = new ArgCursor(tokens, start);
  const command = cur.take();
  const needChain = (): string => cur.value(command);
  switch (command) {
    case "-A":
    case "--append":
    case "-I":
    case "--insert":
    case "-R":
    case "--replace":
    case "-D":
    case "--delete": {
      const name = needChain();
      const chain = b.chainForUse(table, name, site.pos);
      if (!chain) throw undeclared(cur, name, site.mode);
      const letter = command.length === 2 ? command[1] : command[2]!.toUpperCase();
      let index = -1;
      if (letter !== "A" && isNumber(cur.peek())) {
        index = Number(cur.take()) - 1;
        const limit = letter === "I" ? chain.rules.length : chain.rules.length - 1;
        if (index < 0 || index > limit) {
          throw cur.error(
            "bad-rule-number",
            letter === "I" ? "Index of insertion too big." : "Index of deletion too big.",
          );
        }
      } else if (letter === "R") {
        throw cur.error("missing-argument", `option "${command}" requires a rule number`);
      }
      if (letter === "D" && index >= 0) {
        chain.rules.splice(index, 1);
        return;
      }
      const entry = parseEntry(b, table, cur, chain.name, site);
      if (letter === "A") chain.rules.push(entry);
      else if (letter === "I") chain.rules.splice(Math.max(index, 0), 0, entry);
      else if (letter === "R") chain.rules[index] = entry;
      else {
        const body = formatRuleBody(entry.rule);
        const at = chain.rules.findIndex((e) => formatRuleBody(e.rule) === body);
        if (at < 0) throw cur.errorAt(start, "no-such-rule", "Bad rule (does a matching rule exist in that chain?).");
        chain.rules.splice(at, 1);
      }
      return;
    }
    case "-N":
    case "--new-chain":
    case "--new": {
      const name = needChain();
      if (table.chains.has(name)) throw cur.error("chain-exists", "Chain already exists.");
      if (name.length > 28)
        throw cur.error("bad-chain-name", `chain name \`${name}' too long (must be under 29 chars)`);
      if (name.startsWith("-") || name.startsWith("!"))
        throw cur.error("bad-chain-name", `Invalid chain name \`${name}'`);
      b.declare(table, name, null, site.pos);
      return;
    }
    case "-X":
    case "--delete-chain": {
      const names = cur.done ? [...table.chains.values()].filter((c) => !c.builtin).map((c) => c.name) : [needChain()];
      for (const name of names) {
        const chain = table.chains.get(name);
        if (!chain) throw undeclared(cur, name, site.mode);
        if (chain.builtin) throw cur.error("builtin-chain", "Can't delete built-in chain");
        const user = referencedBy(table, name);
        if (user && !names.includes(user.name)) {
          throw cur.error("chain-busy", `CHAIN_DEL failed (Device or resource busy): chain ${name}`);
        }
      }
      for (const name of names) table.chains.delete(name);
      return;
    }
    case "-F":
    case "--flush": {
      if (cur.done) {
        for (const chain of table.chains.values()) chain.rules = [];
        return;
      }
      const name = needChain();
      const chain = table.chains.get(name);
      if (!chain) throw undeclared(cur, name, site.mode);
      chain.rules = [];
      return;
    }
    case "-P":
    case "--policy": {
      const name = needChain();
      const policy = cur.value(command);
      if (policy !== "ACCEPT" && policy !== "DROP") throw cur.error("bad-policy", "Bad policy name.");
      const chain = b.chainForUse(table, name, site.pos);
      if (!chain?.builtin) throw cur.errorAt(cur.index - 2, "bad-policy", "Bad built-in chain name");
      chain.policy = policy;
      return;
    }
    default:
      throw cur.error("unknown-command", `unknown command "${command}"`);
  }
}
