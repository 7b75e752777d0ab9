import { prepareRuleset, simulate, warmUpPackets } from "@nfx/engine";
import { LazyParse, type ParseResult, parseRuleset, parsesWhole } from "@nfx/iptables-save";
import type { Host } from "@nfx/model";
import {
  type KubeNftService,
  type KubeServiceEntry,
  kubeNftServices,
  kubeServiceDirectory,
  type RulesetIndex,
} from "@nfx/ruleset-edit";
import type { ContinuableRun } from "@nfx/scenario";
import { type NftParse, type NftView, nftViewOf, parseNftText } from "./nft-view";
import type { ValidationStatus } from "./protocol";
import { type Later, SearchIndexJob } from "./search-index-job";
import { ValidationJob } from "./validation-job";

/**
 * What one engine instance (a worker, or an in-process engine in a test) remembers about rulesets: the last
 * parses, the ruleset the last simulation ran on, the texts the page sent, and search indexes. Each engine
 * makes its own, so two engines in one test never answer from each other's rulesets.
 */
export interface RulesetCache {
  /** Parses and validates `text` in full, or answers from one of the last parses of the same text. */
  parse(text: string): ParseResult;
  /**
   * The ruleset of `text` as soon as it is indexed: chains are read when first used, and every line is checked in
   * the background (with `later`; without it, at once, as `parse`). Its diagnostics are those found so far;
   * `validation` says whether the check is done. Once it is, the same text answers `parse`'s full result.
   * A ruleset read faster whole (`parsesWhole`) is parsed whole, once, and answers `parse`'s result at once.
   */
  parseIndexed(text: string): ParseResult;
  /** Where the check of a parse stands (a full parse: done). */
  validation(parsed: ParseResult): ValidationStatus;
  /**
   * Lays out the chains a first packet meets (@nfx/engine's prepareRuleset) for `host`, once, in idle time, and
   * runs the engine's warm-up packets through it (warmUpPackets), so the user's first packet finds its code compiled.
   */
  prepareWhenIdle(parsed: ParseResult, host: Host): void;
  /** Parses nft text (or its JSON), or answers from one of the last parses of the same text. */
  parseNft(text: string): NftParse;
  /** The lists' view of an nft parse, printed once per parse (a packet sent does not print 20,000 rules again). */
  nftView(parse: NftParse): NftView;
  /**
   * Records what the last simulation ran on: queries about "the ruleset" answer from it. Its search index starts
   * building in the background (with `later`), so the first search does not wait for it.
   */
  setCurrent(revision: number, parsed: ParseResult): void;
  /** The parse simulated at `revision`; `validated`: checked in full first (an export prints its counters). */
  currentAt(revision: number, validated?: boolean): ParseResult | null;
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
  /**
   * The last simulation's run, which the next one continues when it only adds packets (a packet sent): its
   * simulator answers the new packet where a run from the start would replay all of them (@nfx/scenario).
   */
  lastRun(): ContinuableRun | null;
  keepRun(run: ContinuableRun | null): void;
}

const KEEP_PARSES = 2;
const KEEP_TEXTS = 4;

/**
 * `later`: how the engine yields between steps of background work (the worker's message loop). Without it (an
 * in-process engine in a test) indexes are built when first asked for.
 */
export function createRulesetCache(
  opts: {
    readonly later?: Later;
    /**
     * Which texts are parsed whole, at once; the others are indexed, read lazily and checked in the background.
     * @nfx/iptables-save's parsesWhole for a reader that answers before the check by default; a test makes every text lazy.
     */
    readonly parsesWhole?: (text: string) => boolean;
    /** Told how the check of the ruleset simulated at `revision` goes on (only while it is the current one). */
    readonly onValidation?: (revision: number, status: ValidationStatus) => void;
  } = {},
): RulesetCache {
  // A draft is parsed to check it and then simulated when it is clean; an edit starts from the applied text:
  // each would otherwise parse a large ruleset again. Comparing two 9 MB strings costs a memcmp, parsing a second.
  /** A ruleset parsed whole, at once (parseRuleset). */
  interface WholeEntry {
    readonly text: string;
    readonly lazy: null;
    readonly full: ParseResult;
  }
  /**
   * A ruleset indexed, its chains read when first used. `indexed`: the parse answered before the check is done (its
   * diagnostics grow); `full`: LazyParse's result.
   */
  interface LazyEntry {
    readonly text: string;
    readonly lazy: LazyParse;
    indexed: ParseResult | null;
    full: ParseResult | null;
    job: ValidationJob | null;
  }
  type Entry = WholeEntry | LazyEntry;
  const recent: Entry[] = [];
  const readsWhole = opts.parsesWhole ?? ((text: string) => parsesWhole(text, "before-check"));
  const entryOf = new WeakMap<ParseResult, Entry>();
  /** Rulesets whose first chains are laid out (or about to be): once per ruleset is enough. */
  const prepared = new WeakSet<object>();
  let current: { revision: number; parsed: ParseResult } | null = null;
  let run: ContinuableRun | null = null;
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

  const entry = (text: string): Entry => {
    const hit = recent.find((e) => e.text === text);
    if (hit) return hit;
    let e: Entry;
    if (readsWhole(text)) {
      e = { text, lazy: null, full: parseRuleset(text) };
      textOf.set(e.full, text);
      entryOf.set(e.full, e);
    } else {
      // Indexed in one pass; each chain's rules are read from the text when first used (a node has 178,795).
      e = { text, lazy: new LazyParse(text), indexed: null, full: null, job: null };
    }
    recent.unshift(e);
    if (recent.length > KEEP_PARSES) recent.pop();
    return e;
  };
  const fullOf = (e: Entry): ParseResult => {
    if (!e.lazy) return e.full;
    if (!e.full) {
      e.full = e.lazy.result();
      textOf.set(e.full, e.text);
      entryOf.set(e.full, e);
    }
    return e.full;
  };
  /** Tells the current revision's listener how the check of `e` goes, if `e` is what it simulated. */
  const tell = (e: Entry, status: ValidationStatus) => {
    if (current && entryOf.get(current.parsed) === e) opts.onValidation?.(current.revision, status);
  };

  return {
    parse: (text) => fullOf(entry(text)),
    parseIndexed(text) {
      const e = entry(text);
      if (!e.lazy) return e.full;
      // Once checked clean, the indexed parse is as good as the full result and keeps what was worked out from it
      // (its search index, its rule total). Should the check have refused lines, those were worked out from rules
      // that are now dropped: the full result is a fresh parse to work them out again.
      if (e.indexed) return e.lazy.validated && errorsIn(e.indexed) > 0 ? fullOf(e) : e.indexed;
      if (e.full || e.lazy.validated || !opts.later) return fullOf(e);
      const { lazy } = e;
      // The diagnostics so far: a getter, so the check's later findings show in this same object.
      const indexed: ParseResult = {
        ruleset: lazy.ruleset,
        format: lazy.format,
        header: lazy.header,
        footer: lazy.footer,
        get ruleCounters() {
          return lazy.validated ? fullOf(e).ruleCounters : false;
        },
        get diagnostics() {
          return lazy.validated ? fullOf(e).diagnostics : [...lazy.diagnostics];
        },
      };
      e.indexed = indexed;
      textOf.set(indexed, text);
      entryOf.set(indexed, e);
      e.job = new ValidationJob(lazy);
      e.job.runInBackground(opts.later, (status) => tell(e, status));
      return indexed;
    },
    prepareWhenIdle(parsed, host) {
      const later = opts.later;
      if (!later || prepared.has(parsed.ruleset)) return;
      prepared.add(parsed.ruleset);
      later(() => prepareRuleset(host, parsed.ruleset));
      // Then the engine's own code, each packet a step of its own so a packet the user sends meanwhile waits for
      // one at most. Results are dropped, and so is a failure: this only spares the first packet time.
      for (const packet of warmUpPackets(host)) {
        later(() => {
          try {
            simulate(host, parsed.ruleset, [packet]);
          } catch {
            // the user's own simulation will say what is wrong
          }
        });
      }
    },
    validation(parsed) {
      const e = entryOf.get(parsed);
      return e?.lazy && e.job && !e.lazy.validated ? e.job.status : { state: "done", errors: errorsIn(parsed) };
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
    currentAt(revision, validated = false) {
      if (!current || current.revision !== revision) return null;
      const e = entryOf.get(current.parsed);
      return validated && e ? fullOf(e) : current.parsed;
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
    lastRun: () => run,
    keepRun(next) {
      run = next;
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

function errorsIn(parsed: ParseResult): number {
  let n = 0;
  for (const d of parsed.diagnostics) if (d.severity === "error") n++;
  return n;
}
