import type { LinkError } from "@nfx/scenario";
import type { Strings } from "../i18n";

/**
 * A message about a link or a file, as codes and values: its words are chosen when it is shown, so it follows a
 * language switch. Whatever a link or a file put in `detail`/`items` is plain text (React escapes it), never HTML.
 */
export type ShareMessage =
  /** `detail`: the codec's own sentence. */
  | { readonly kind: "link-error"; readonly code: LinkError["code"]; readonly detail: string }
  | { readonly kind: "file-error"; readonly why: "too-big"; readonly file: string; readonly limit: number }
  | { readonly kind: "file-error"; readonly why: "not-json"; readonly detail: string }
  /** `items`: the validator's path-located errors. */
  | { readonly kind: "file-error"; readonly why: "invalid"; readonly file: string; readonly items: readonly string[] }
  | { readonly kind: "info"; readonly what: "file-opened"; readonly file: string }
  /** The autosave named a large ruleset (`bytes`) whose file was not in storage: the work opened without it. */
  | { readonly kind: "ruleset-lost"; readonly name: string; readonly bytes: number };

export interface ShareMessageText {
  readonly title: string;
  readonly detail?: string;
  readonly items?: readonly string[];
}

/** The message in the reader's language. */
export function shareMessageText(t: Strings, m: ShareMessage): ShareMessageText {
  switch (m.kind) {
    case "link-error":
      return { title: `${t.share.linkError} ${t.share.errors[m.code] ?? ""}`.trim(), detail: m.detail };
    case "file-error":
      switch (m.why) {
        case "too-big":
          return { title: t.files.invalid(m.file), items: [`> ${m.limit} bytes`] };
        case "not-json":
          return { title: t.files.notJson(m.detail) };
        case "invalid":
          return { title: t.files.invalid(m.file), items: m.items };
      }
      break;
    case "ruleset-lost":
      return { title: t.persist.rulesetLost(m.name, (m.bytes / 1e6).toFixed(1)) };
    case "info":
      switch (m.what) {
        case "file-opened":
          return { title: t.files.opened(m.file) };
      }
  }
}
