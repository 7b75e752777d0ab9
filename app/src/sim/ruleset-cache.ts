import { type ParseResult, parseRulesetLazy } from "@nfx/iptables-save";
import {
  type KubeNftService,
  type KubeServiceEntry,
  kubeNftServices,
  kubeServiceDirectory,
  type RulesetIndex,
} from "@nfx/ruleset-edit";
import { type NftParse, type NftView, nftViewOf, parseNftText } from "./nft-view";
import { type Later, SearchIndexJob } from "./search-index-job";

/**
 * What one engine instance (a worker, or an in-process engine in a test) remembers about rulesets: the last
 * parses, the ruleset the last simulation ran on, the texts the page sent, and search indexes. Each engine
 * makes its own, so two engines in one test never answer from each other's rulesets.
 */
export interface RulesetCache {
  /** Parses `text`, or answers from one of the last parses of the same text. */
  parse(text: string): ParseResult;
  /** Parses nft text (or its JSON), or answers from one of the last parses of the same text. */
  parseNft(text: string): NftParse;
  /** The lists' view of an nft parse, printed once per parse (a packet sent does not print 20,000 rules again). */
  nftView(parse: NftParse): NftView;
  /**
   * Records what the last simulation ran on: queries about "the ruleset" answer from it. Its search index starts
   * building in the background (with `later`), so the first search does not wait for it.
   */
  setCurrent(revision: number, parsed: ParseResult): void;
  currentAt(revision: number): ParseResult | null;
  /** Records the native ruleset the last simulation ran on (null: the scenario had none). */
  setCurrentNft(revision: number, parse: NftParse | null): void;
  /** What the simulation of `revision` ran on (`parse` null: no native ruleset); null when that is not the last one. */
  currentNftAt(revision: number): { readonly parse: NftParse | null } | null;
  /** The kube-proxy nftables services of a parse, read once (@nfx/ruleset-edit's kubeNftServices). */
  kubeNftServices(parse: NftParse): readonly KubeNftService[];
  /** The kube-proxy (iptables mode) services of a parse's nat table, read once (@nfx/ruleset-edit's kubeServiceDirectory). */
  kubeServices(parsed: ParseResult): readonly KubeServiceEntry[];
  /** Remembers a text the page sent or loaded under its id (see `TextRef`). */
  keepText(id: number, text: string): void;
  /** The text of a `TextRef`, keeping it when it travelled; null when this engine no longer holds it. */
  resolveText(ref: { readonly id: number; readonly text?: string | undefined }): string | null;
  /** Keeps a text the engine made (an edit's result) under a fresh negative id; the page's ids are positive. */
  keepOwnText(text: string): number;
  /** The rule and chain search index of a parse (search-index-job.ts), built once. */
  searchIndex(parsed: ParseResult): RulesetIndex;
  /**
   * What `of` works out from a parse, once per parse (a node's rule total, the chains every view carries): `of`
   * is the key, so pass a named function, not a new closure each time.
   */
  derived<T>(parsed: ParseResult, of: (parsed: ParseResult) => T): T;
}

const KEEP_PARSES = 2;
const KEEP_TEXTS = 4;

/**
 * `later`: how the engine yields between steps of background work (the worker's message loop). Without it (an
 * in-process engine in a test) indexes are built when first asked for.
 */
export function createRulesetCache(opts: { readonly later?: Later } = {}): RulesetCache {
  // A draft is parsed to check it and then simulated when it is clean; an edit starts from the applied text:
  // each would otherwise parse a large ruleset again. Comparing two 9 MB strings costs a memcmp, parsing a second.
  const recent: { text: string; parsed: ParseResult }[] = [];
  let current: { revision: number; parsed: ParseResult } | null = null;
  const recentNft: { text: string; parsed: NftParse }[] = [];
  const nftViews = new WeakMap<NftParse, NftView>();
  let currentNft: { revision: number; parse: NftParse | null } | null = null;
  const kubeNft = new WeakMap<NftParse, readonly KubeNftService[]>();
  const kubeDirectories = new WeakMap<ParseResult, readonly KubeServiceEntry[]>();
  const texts = new Map<number, string>();
  // The text of each parse: a plain iptables-save text is its own search index's haystack.
  const textOf = new WeakMap<ParseResult, string>();
  const indexes = new WeakMap<ParseResult, SearchIndexJob>();
  const derivations = new WeakMap<ParseResult, Map<(parsed: ParseResult) => unknown, unknown>>();
  const indexJob = (parsed: ParseResult) => {
    let job = indexes.get(parsed);
    if (!job) {
      job = new SearchIndexJob(parsed, textOf.get(parsed));
      indexes.set(parsed, job);
      if (opts.later) job.runInBackground(opts.later);
    }
    return job;
  };
  let nextOwnId = -1;

  const keepText = (id: number, text: string) => {
    texts.delete(id);
    texts.set(id, text);
    while (texts.size > KEEP_TEXTS) texts.delete(texts.keys().next().value!);
  };

  return {
    parse(text) {
      const hit = recent.find((e) => e.text === text);
      if (hit) return hit.parsed;
      // Validated in full, but each chain's rules are read from the text when first used (a node has 178,795).
      const parsed = parseRulesetLazy(text);
      textOf.set(parsed, text);
      recent.unshift({ text, parsed });
      if (recent.length > KEEP_PARSES) recent.pop();
      return parsed;
    },
    parseNft(text) {
      const hit = recentNft.find((e) => e.text === text);
      if (hit) return hit.parsed;
      const parsed = parseNftText(text);
      recentNft.unshift({ text, parsed });
      if (recentNft.length > KEEP_PARSES) recentNft.pop();
      return parsed;
    },
    nftView(parse) {
      let view = nftViews.get(parse);
      if (!view) {
        view = nftViewOf(parse);
        nftViews.set(parse, view);
      }
      return view;
    },
    setCurrent(revision, parsed) {
      current = { revision, parsed };
      if (opts.later) indexJob(parsed);
    },
    currentAt(revision) {
      return current && current.revision === revision ? current.parsed : null;
    },
    setCurrentNft(revision, parse) {
      currentNft = { revision, parse };
    },
    currentNftAt(revision) {
      return currentNft && currentNft.revision === revision ? currentNft : null;
    },
    kubeNftServices(parse) {
      let services = kubeNft.get(parse);
      if (!services) {
        services = kubeNftServices(parse.parsed.ruleset);
        kubeNft.set(parse, services);
      }
      return services;
    },
    kubeServices(parsed) {
      let services = kubeDirectories.get(parsed);
      if (!services) {
        const nat = parsed.ruleset.tables.find((t) => t.name === "nat");
        services = nat ? kubeServiceDirectory(nat) : [];
        kubeDirectories.set(parsed, services);
      }
      return services;
    },
    keepText,
    resolveText(ref) {
      if (ref.text !== undefined) {
        keepText(ref.id, ref.text);
        return ref.text;
      }
      const text = texts.get(ref.id);
      if (text === undefined) return null;
      keepText(ref.id, text); // most recently used
      return text;
    },
    keepOwnText(text) {
      const id = nextOwnId--;
      keepText(id, text);
      return id;
    },
    searchIndex(parsed) {
      return indexJob(parsed).get();
    },
    derived<T>(parsed: ParseResult, of: (parsed: ParseResult) => T): T {
      let known = derivations.get(parsed);
      if (!known) {
        known = new Map();
        derivations.set(parsed, known);
      }
      if (!known.has(of)) known.set(of, of(parsed));
      return known.get(of) as T;
    },
  };
}
