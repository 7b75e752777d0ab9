import type { BaseChainSpec, Chain, Family, NamedSet, Rule, Ruleset, SetElement, Span, Table } from "./model";
import { isSimulatedFamily } from "./model";

/** The ruleset as commands build it up; frozen into the model at the end. */
export interface TableDraft {
  family: Family;
  name: string;
  handle: number | null;
  comment: string | null;
  sets: Map<string, SetDraft>;
  chains: Map<string, ChainDraft>;
  span: Span | null;
}
export interface ChainDraft {
  name: string;
  handle: number | null;
  comment: string | null;
  base: BaseChainSpec | null;
  rules: Rule[];
  span: Span | null;
}
export type SetDraft = Omit<NamedSet, "elements"> & { elements: SetElement[] };

export class RulesetBuilder {
  readonly tables = new Map<string, TableDraft>();

  table(family: Family, name: string, span: Span | null): TableDraft {
    const key = `${family} ${name}`;
    let t = this.tables.get(key);
    if (!t) {
      t = { family, name, handle: null, comment: null, sets: new Map(), chains: new Map(), span };
      this.tables.set(key, t);
    }
    return t;
  }

  findTable(family: Family, name: string): TableDraft | undefined {
    return this.tables.get(`${family} ${name}`);
  }

  chain(t: TableDraft, name: string, span: Span | null): ChainDraft {
    let ch = t.chains.get(name);
    if (!ch) {
      ch = { name, handle: null, comment: null, base: null, rules: [], span };
      t.chains.set(name, ch);
    }
    return ch;
  }

  build(): Ruleset {
    const tables: Table[] = [...this.tables.values()].map((t) => ({
      family: t.family,
      name: t.name,
      handle: t.handle,
      comment: t.comment,
      sets: [...t.sets.values()].map((s) => ({ ...s, elements: [...s.elements] })),
      chains: [...t.chains.values()].map(
        (c): Chain => ({
          name: c.name,
          handle: c.handle,
          comment: c.comment,
          base: c.base,
          rules: [...c.rules],
          span: c.span,
        }),
      ),
      simulated: isSimulatedFamily(t.family),
      span: t.span,
    }));
    return { tables };
  }
}
