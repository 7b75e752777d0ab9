import { type Scenario, validateScenario } from "@nfx/scenario";
import { isLang, type Lang } from "../i18n";
import type { AppState, HeldReason, HeldScenario, Theme } from "../state/store";

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
  readonly scenario: Scenario;
  readonly textDraft: string | null;
  /** The nftables text being edited, not applied yet (valid or not); absent in records saved before it existed. */
  readonly nftDraft: string | null;
  readonly held: HeldScenario | null;
  readonly lang: Lang | null;
  readonly theme: Theme | null;
}

/** The small part of a record listed at start, to choose one without reading every scenario. */
export interface WorkMeta {
  readonly tab: string;
  readonly savedAt: number;
}

/** Same bound as a scenario's ruleset (validate.ts): a draft is a ruleset not applied yet. */
const MAX_DRAFT = 32 * 1024 * 1024;

export function recordOf(
  s: Pick<AppState, "scenario" | "textDraft" | "nftDraft" | "held" | "theme">,
  lang: Lang,
  tab: string,
  savedAt: number,
): WorkRecord {
  return {
    v: 2,
    tab,
    savedAt,
    scenario: s.scenario,
    textDraft: s.textDraft,
    nftDraft: s.nftDraft,
    held: s.held,
    lang,
    theme: s.theme,
  };
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

function held(x: unknown): HeldScenario | null {
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
  };
}
