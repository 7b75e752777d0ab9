import { deflateSync, Inflate, strFromU8, strToU8 } from "fflate";
import { fromBase64url, toBase64url } from "./base64url";
import type { Scenario } from "./scenario";
import { type ScenarioError, validateScenario } from "./validate";

/** What a share link carries: the scenario, where the playback stands, and optionally the sender's language. */
export interface SharedView {
  readonly scenario: Scenario;
  /** 0-based packet and step of the playback. */
  readonly view?: { readonly packet: number; readonly step: number };
  readonly lang?: "en" | "zh";
}

/** Why a link could not be opened; `message` is for a person and says what to do. */
export interface LinkError {
  readonly code: "not-a-link" | "damaged" | "too-large" | "newer-version" | "invalid-scenario";
  readonly message: string;
  /** For `invalid-scenario`: every problem, each with the JSON path inside the scenario. */
  readonly errors?: readonly ScenarioError[];
}

export type Decoded =
  | { readonly ok: true; readonly value: SharedView }
  | { readonly ok: false; readonly error: LinkError };

/** The link format's version, the `1` of `s1.`: a new encoding gets a new prefix, old prefixes stay readable. */
const PREFIX = "s1.";
/** Longest fragment this app writes or reads; past it, offer a file. */
export const MAX_LINK_LENGTH = 100_000;
/** A decompressed document larger than this is refused: a link cannot carry a decompression bomb into the page. */
const MAX_JSON_BYTES = 4 * 1024 * 1024;
/** Input is inflated in small pieces so that the size check runs before any piece can expand far. */
const CHUNK = 512;

/** The fragment (without `#`) that opens `shared` anywhere: deflated JSON in base64url. */
export function encodeShareLink(shared: SharedView): string {
  const doc = { format: 1, ...shared };
  return PREFIX + toBase64url(deflateSync(strToU8(JSON.stringify(doc)), { level: 9 }));
}

/**
 * Opens a fragment from an untrusted source. Never throws: a broken, truncated, oversized, future or hostile
 * link gives an error that says which; a good one gives a validated scenario.
 */
export function decodeShareLink(fragment: string): Decoded {
  if (typeof fragment !== "string") return fail("not-a-link", "This is not a Netfilter Explorer scenario link.");
  const text = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  const body = text.startsWith("s=") ? text.slice(2) : text;
  if (body.length > MAX_LINK_LENGTH) {
    return fail(
      "too-large",
      `This link is ${body.length} characters long; links over ${MAX_LINK_LENGTH} are not opened. Ask for the scenario as a file.`,
    );
  }
  const version = /^s(\d+)\./.exec(body);
  if (!version) return fail("not-a-link", "This is not a Netfilter Explorer scenario link.");
  if (Number(version[1]) > 1) {
    return fail(
      "newer-version",
      "This link was made by a newer version of Netfilter Explorer. Reload the page to get it.",
    );
  }
  const bytes = fromBase64url(body.slice(version[0].length));
  if (!bytes || bytes.length === 0)
    return fail(
      "damaged",
      "This link is damaged (it has characters a link cannot have, or nothing after the prefix). Was it cut off when copied?",
    );
  const json = inflateBounded(bytes);
  if (json === "too-large") return fail("too-large", "This link unpacks to more than 4 MB; it is refused.");
  if (json === null)
    return fail("damaged", "This link is damaged or cut off: it does not unpack. Ask for the link again.");
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return fail("damaged", "This link is damaged: what it carries is not JSON.");
  }
  return fromDocument(doc);
}

function fromDocument(doc: unknown): Decoded {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    return fail("damaged", "This link does not carry a scenario.");
  const d = doc as Record<string, unknown>;
  if (typeof d.format === "number" && d.format > 1) {
    return fail(
      "newer-version",
      "This link was made by a newer version of Netfilter Explorer. Reload the page to get it.",
    );
  }
  const checked = validateScenario(migrate(d.scenario));
  if (!checked.ok) {
    const first = checked.errors.slice(0, 3).map((e) => `${e.path || "scenario"}: ${e.message}`);
    return {
      ok: false,
      error: {
        code: "invalid-scenario",
        message: `This link's scenario is not valid: ${first.join("; ")}${checked.errors.length > 3 ? "; ..." : ""}`,
        errors: checked.errors,
      },
    };
  }
  const value: { scenario: Scenario; view?: SharedView["view"]; lang?: SharedView["lang"] } = {
    scenario: checked.value,
  };
  const v = d.view as Record<string, unknown> | undefined;
  if (
    v &&
    Number.isInteger(v.packet) &&
    Number.isInteger(v.step) &&
    (v.packet as number) >= 0 &&
    (v.step as number) >= 0
  ) {
    value.view = { packet: v.packet as number, step: v.step as number };
  }
  if (d.lang === "en" || d.lang === "zh") value.lang = d.lang;
  return { ok: true, value };
}

/**
 * Brings an older scenario document up to the current version. Version 1 is the first; each later version
 * adds one step here, so a link made today still opens after the format changes.
 */
export function migrate(doc: unknown): unknown {
  return doc;
}

function inflateBounded(bytes: Uint8Array): string | null | "too-large" {
  const parts: Uint8Array[] = [];
  let total = 0;
  let tooLarge = false;
  let ended = false;
  try {
    const inflate = new Inflate((chunk, final) => {
      total += chunk.length;
      if (total > MAX_JSON_BYTES) {
        tooLarge = true;
        throw new Error("too large");
      }
      parts.push(chunk);
      if (final) ended = true;
    });
    for (let i = 0; i < bytes.length; i += CHUNK) {
      inflate.push(bytes.subarray(i, i + CHUNK), i + CHUNK >= bytes.length);
    }
  } catch {
    return tooLarge ? "too-large" : null;
  }
  if (!ended) return null;
  const all = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  try {
    return strFromU8(all);
  } catch {
    return null;
  }
}

function fail(code: LinkError["code"], message: string): Decoded {
  return { ok: false, error: { code, message } };
}
