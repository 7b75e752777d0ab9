import { type Scenario, validateScenario } from "@nfx/scenario";
import { isLang, type Lang } from "../i18n";
import { isHandle, type PageScenario, type RulesetHandle } from "../state/ruleset";
import type { AppState, HeldReason, HeldScenario, Theme } from "../state/store";

/**
 * A ruleset held by a handle, as a record names it: its Blob is kept once in IndexedDB's `rulesets` store under
 * `key` (work-storage.ts), not in every record, since a record is written at every change and a node's dump is
 * 75 MB.
 */
export interface HandleRef {
  readonly key: string;
  readonly bytes: number;
  readonly rules: number;
  readonly name: string;
}

/** A scenario set aside, as saved: its ruleset inline, or empty with its handle in `WorkRecord.handles.held`. */
export interface SavedHeld {
  readonly scenario: Scenario;
  readonly reason: HeldReason;
}

/**
 * What one tab saves: its scenario, the ruleset text it is editing (valid or not), a scenario it set aside,
 * and how the user likes to see it. Each tab keeps its own record, so two tabs never overwrite each other.
 */
export interface WorkRecord {
  readonly v: 2;
  /** The tab that saved it (see tab.ts). */
  readonly tab: string;
  /** When, in ms since the epoch: a new tab opens the newest record. */
  readonly savedAt: number;
  /** The scenario; its ruleset is empty when a handle holds it (`handles.scenario`). */
  readonly scenario: Scenario;
  readonly textDraft: string | null;
  /** The nftables text being edited, not applied yet (valid or not); absent in records saved before it existed. */
  readonly nftDraft: string | null;
  readonly held: SavedHeld | null;
  readonly lang: Lang | null;
  readonly theme: Theme | null;
  /** The rulesets held by handles (ruleset-source.ts), whose Blobs are in the `rulesets` store. */
  readonly handles?: { readonly scenario?: HandleRef; readonly held?: HandleRef };
}

/** The small part of a record listed at start, to choose one without reading every scenario. */
export interface WorkMeta {
  readonly tab: string;
  readonly savedAt: number;
  /** The keys of the rulesets its record names (`handles`), so unnamed ones can be removed. */
  readonly rulesets?: readonly string[];
}

/** The keys of the Blobs a record names. */
export function rulesetKeys(r: Pick<WorkRecord, "handles">): string[] {
  return [r.handles?.scenario?.key, r.handles?.held?.key].filter((k): k is string => k !== undefined);
}

/** A scenario as saved: a handle's ruleset is left out (empty), named by its ref instead. */
function split(s: PageScenario): { readonly scenario: Scenario; readonly ref?: HandleRef } {
  if (!isHandle(s.ruleset)) return { scenario: s as Scenario };
  const { key, bytes, rules, name } = s.ruleset;
  return { scenario: { ...s, ruleset: "" }, ref: { key, bytes, rules, name } };
}

/** The handles a state's record names, with their Blobs: what must be in the `rulesets` store first. */
export function handlesOf(s: Pick<AppState, "scenario" | "held">): RulesetHandle[] {
  return [s.scenario.ruleset, s.held?.scenario.ruleset].filter((r): r is RulesetHandle => !!r && isHandle(r));
}

/** Same bound as a scenario's ruleset (validate.ts): a draft is a ruleset not applied yet. */
const MAX_DRAFT = 32 * 1024 * 1024;

export function recordOf(
  s: Pick<AppState, "scenario" | "textDraft" | "nftDraft" | "held" | "theme">,
  lang: Lang,
  tab: string,
  savedAt: number,
): WorkRecord {
  const scenario = split(s.scenario);
  const held = s.held ? split(s.held.scenario) : null;
  const handles = {
    ...(scenario.ref ? { scenario: scenario.ref } : {}),
    ...(held?.ref ? { held: held.ref } : {}),
  };
  return {
    v: 2,
    tab,
    savedAt,
    scenario: scenario.scenario,
    textDraft: s.textDraft,
    nftDraft: s.nftDraft,
    held: s.held && held ? { scenario: held.scenario, reason: s.held.reason } : null,
    lang,
    theme: s.theme,
    ...(scenario.ref || held?.ref ? { handles } : {}),
  };
}

/** What a saved record gives back once its rulesets' Blobs are looked up: the page's scenarios, and what was lost. */
export interface RestoredWork {
  readonly scenario: PageScenario;
  readonly held: HeldScenario | null;
  /** A ruleset the record names whose Blob is gone (never committed, or removed): said plainly at start. */
  readonly lost: HandleRef | null;
}

/** Puts the handles back into a record's scenarios; `blob` finds a key's Blob in storage (null: gone). */
export async function restoreHandles(
  r: Pick<WorkRecord, "scenario" | "held" | "handles">,
  blob: (key: string) => Promise<Blob | null>,
): Promise<RestoredWork> {
  let lost: HandleRef | null = null;
  const join = async (s: Scenario, ref: HandleRef | undefined): Promise<PageScenario> => {
    if (!ref) return s;
    const b = await blob(ref.key).catch(() => null);
    if (!b) {
      lost ??= ref;
      return s;
    }
    return { ...s, ruleset: { kind: "handle", ...ref, blob: b } };
  };
  const scenario = await join(r.scenario, r.handles?.scenario);
  const held = r.held ? { scenario: await join(r.held.scenario, r.handles?.held), reason: r.held.reason } : null;
  return { scenario, held, lost };
}

function handleRef(x: unknown): HandleRef | undefined {
  if (typeof x !== "object" || x === null) return undefined;
  const h = x as Record<string, unknown>;
  const ok =
    typeof h.key === "string" &&
    typeof h.name === "string" &&
    typeof h.bytes === "number" &&
    Number.isFinite(h.bytes) &&
    typeof h.rules === "number" &&
    Number.isFinite(h.rules);
  return ok
    ? { key: h.key as string, bytes: h.bytes as number, rules: h.rules as number, name: h.name as string }
    : undefined;
}

function heldReason(x: unknown): HeldReason | null {
  if (typeof x !== "object" || x === null) return null;
  const r = x as Record<string, unknown>;
  if (r.code === "timeout" && typeof r.ms === "number" && Number.isFinite(r.ms)) return { code: "timeout", ms: r.ms };
  if (r.code === "worker-crashed" && typeof r.message === "string")
    return { code: "worker-crashed", message: r.message.slice(0, 500) };
  if (r.code === "stopped") return { code: "stopped" };
  return null;
}

function held(x: unknown): SavedHeld | null {
  if (typeof x !== "object" || x === null) return null;
  const h = x as Record<string, unknown>;
  const scenario = validateScenario(h.scenario);
  const reason = heldReason(h.reason);
  return scenario.ok && reason ? { scenario: scenario.value, reason } : null;
}

/**
 * Reads a saved record. It is untrusted (an older version, another build, a hand edit): a scenario that does
 * not validate makes the whole record unusable; a bad optional part (draft, held scenario, theme) is dropped.
 */
export function readRecord(x: unknown): WorkRecord | null {
  if (typeof x !== "object" || x === null) return null;
  const d = x as Record<string, unknown>;
  const scenario = validateScenario(d.scenario);
  if (!scenario.ok) return null;
  return {
    v: 2,
    tab: typeof d.tab === "string" ? d.tab : "",
    savedAt: typeof d.savedAt === "number" && Number.isFinite(d.savedAt) ? d.savedAt : 0,
    scenario: scenario.value,
    textDraft: typeof d.textDraft === "string" && d.textDraft.length <= MAX_DRAFT ? d.textDraft : null,
    nftDraft: typeof d.nftDraft === "string" && d.nftDraft.length <= MAX_DRAFT ? d.nftDraft : null,
    held: held(d.held),
    lang: isLang(d.lang) ? d.lang : null,
    theme: d.theme === "light" || d.theme === "dark" ? d.theme : null,
    ...handlesField(d.handles),
  };
}

function handlesField(x: unknown): Pick<WorkRecord, "handles"> {
  if (typeof x !== "object" || x === null) return {};
  const h = x as Record<string, unknown>;
  const scenario = handleRef(h.scenario);
  const held = handleRef(h.held);
  return scenario || held ? { handles: { ...(scenario ? { scenario } : {}), ...(held ? { held } : {}) } } : {};
}
