import { type Counters, isBuiltinChain, type Policy, type Rule, type SourcePos, type TableName } from "@nfx/model";
import { type Diagnostic, diagnostic } from "./diagnostics";
import { Memo } from "./fast/memo";

/** A rule while the ruleset is being built, with what later checks need to point at it. */
export interface RuleEntry {
  rule: Rule;
  readonly line: number;
  /** Column span of the `-j`/`-g` argument (0 when there is none). */
  readonly targetColumn: number;
  readonly targetEnd: number;
}

export interface ChainState {
  readonly name: string;
  /** Which chain of the parse this is: 0, 1, 2... in the order chains were declared (check-ruleset.ts). */
  readonly serial: number;
  readonly builtin: boolean;
  policy: Policy | null;
  /** Always present (undefined when none): a chain's fields are then all in its object (a node has 178,795). */
  counters: Counters | undefined;
  pos?: SourcePos;
  rules: RuleEntry[];
}

export interface TableState {
  readonly name: TableName;
  chains: Map<string, ChainState>;
  pos?: SourcePos;
}

/**
 * The mutable ruleset the parsers fill in, line by line, before it is checked and frozen into the model.
 * Tables keep the order in which they first appeared.
 */
export class RulesetBuilder {
  readonly tables = new Map<TableName, TableState>();
  readonly diagnostics: Diagnostic[] = [];
  /** Chain names, one string each, so 58k rules naming 20k chains share their strings. */
  readonly names: Memo<string>;
  /** Chains declared so far: the next chain's serial. */
  chainCount = 0;
  /** How many times a chain or table was declared again, replacing the one before (and its rules). */
  replaced = 0;

  /**
   * `expectedChains`: about how many chains the text declares, so that the names memo is made its size at once
   * rather than grown step by step (each step rehashes every name: a sixth of checking a 178,795-chain node).
   */
  constructor(expectedChains = 1024) {
    this.names = new Memo<string>((name) => name, expectedChains);
  }

  intern(name: string): string {
    return this.names.get(name, 0, name.length);
  }

  error(code: string, message: string, line: number, column: number, endColumn?: number, hint?: string): void {
    this.diagnostics.push(diagnostic(code, "error", message, line, column, endColumn, hint));
  }

  warning(code: string, message: string, line: number, column: number, endColumn?: number): void {
    this.diagnostics.push(diagnostic(code, "warning", message, line, column, endColumn));
  }

  /** The table, created empty when first used. */
  table(name: TableName, pos?: SourcePos): TableState {
    let table = this.tables.get(name);
    if (!table) {
      table = { name, chains: new Map() };
      if (pos) table.pos = pos;
      this.tables.set(name, table);
    }
    return table;
  }

  /** A restore block replaces the table: what came before is forgotten, as without `--noflush`. */
  resetTable(name: TableName, pos: SourcePos): TableState {
    const table = this.table(name, pos);
    if (table.chains.size > 0) this.replaced++;
    table.chains = new Map();
    table.pos = pos;
    return table;
  }

  /**
   * The chain a rule or policy is for. A built-in chain springs into existence when touched, as with
   * iptables-nft; a user chain must have been declared, or this returns undefined.
   */
  chainForUse(table: TableState, name: string, pos: SourcePos): ChainState | undefined {
    const chain = table.chains.get(name);
    if (chain) return chain;
    if (!isBuiltinChain(table.name, name)) return undefined;
    return this.declare(table, name, "ACCEPT", pos);
  }

  /** `interned`: `name` comes from {@link names} already (the fast path interns it from the text). */
  declare(
    table: TableState,
    name: string,
    policy: Policy | null,
    pos: SourcePos,
    counters?: Counters,
    interned = false,
  ): ChainState {
    const builtin = isBuiltinChain(table.name, name);
    if (table.chains.has(name)) this.replaced++;
    const chain: ChainState = {
      name: interned ? name : this.intern(name),
      serial: this.chainCount++,
      builtin,
      policy: builtin ? (policy ?? "ACCEPT") : null,
      pos,
      rules: [],
      counters,
    };
    table.chains.set(chain.name, chain);
    return chain;
  }
}
