import type { Match, MatchModuleName, TargetKind, TargetOf } from "@nfx/model";

/**
 * The words of a rule's one-line summary ("tcp to port 22 from 10.0.0.0/8 → accept"), one table per language
 * (plain.en.ts, plain.zh.ts). Each match module and each target kind has an entry: a module or target left
 * out is a compile error, in every language. The operands come from the rule; only the words are translated.
 */
export interface PlainWords {
  readonly proto: (name: string, not: boolean) => string;
  /** An address or network, `/32` left out. */
  readonly from: (cidr: string, not: boolean) => string;
  readonly to: (cidr: string, not: boolean) => string;
  readonly inOn: (iface: string, not: boolean) => string;
  readonly outOn: (iface: string, not: boolean) => string;
  /** A rule without conditions. */
  readonly everyPacket: string;
  /** The parts in the language's order and separator, then what the rule does. */
  readonly rule: (parts: readonly string[], verdict: string) => string;
  /** A rule without a target. */
  readonly noTarget: string;
  readonly match: { readonly [K in MatchModuleName]: (m: Extract<Match, { module: K }>) => string };
  readonly target: { readonly [K in TargetKind]: (t: TargetOf<K>) => string };
}

/** `80` or `1000-2000`. */
export const portRange = (r: { readonly from: number; readonly to: number }): string =>
  r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`;

/** A module the summary does not word: named as written (`-m owner`). */
export const named = (m: Match): string => `-m ${m.module === "unsupported" ? m.name : m.module}`;

/** The modules the summary names rather than words, in every language (a language may word one instead). */
export const NAMED_MODULES = {
  iprange: named,
  mark: named,
  connmark: named,
  addrtype: named,
  limit: named,
  length: named,
  ttl: named,
  tos: named,
  dscp: named,
  mac: named,
  owner: named,
  unsupported: named,
} as const;
