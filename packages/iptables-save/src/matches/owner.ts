import type { Negatable, OwnerMatch, UnsupportedMatch } from "@nfx/model";
import type { ArgCursor } from "../cursor";
import { opt } from "../format/option";
import { type MatchModule, noInvert } from "../modules";
import { parseUnsigned } from "../numbers";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type IdRange = { readonly min: number; readonly max: number };

/** Names every Linux system has; any other user or group name depends on the host, so we keep it as written. */
const KNOWN_IDS: Readonly<Record<string, number>> = { root: 0 };

function parseIdRange(text: string): IdRange | null {
  const known = KNOWN_IDS[text];
  if (known !== undefined) return { min: known, max: known };
  const dash = text.indexOf("-");
  const min = parseUnsigned(dash < 0 ? text : text.slice(0, dash));
  const max = dash < 0 ? min : parseUnsigned(text.slice(dash + 1));
  if (min < 0 || max < 0 || min > max || max > 0xffffffff) return null;
  return { min, max };
}

export const ownerModule: MatchModule<OwnerMatch> = {
  name: "owner",
  options: ["--uid-owner", "--gid-owner", "--socket-exists", "--suppl-groups"],
  create: () => {
    const m: Mutable<OwnerMatch> = { module: "owner" };
    const raw: string[] = [];
    let unresolved = false;
    return {
      parse(option, invert, cur: ArgCursor) {
        if (invert) raw.push("!");
        raw.push(option);
        if (option === "--suppl-groups") {
          noInvert("owner", option, invert, cur);
          if (!m.gid && !raw.includes("--gid-owner"))
            throw cur.error(
              "bad-value",
              'owner: Bad value for "--suppl-groups" option: "you need to use --gid-owner first"',
            );
          m.supplGroups = true;
          return;
        }
        if (option === "--socket-exists") {
          m.socketExists = { value: true, invert };
          return;
        }
        const text = cur.value(option);
        raw.push(text);
        const range = parseIdRange(text);
        if (!range) {
          if (/^[a-z_][a-z0-9_.-]*\$?$/i.test(text)) unresolved = true;
          else throw cur.error("bad-value", `owner: Bad value for "${option}" option: "${text}"`);
          return;
        }
        const value: Negatable<IdRange> = { value: range, invert };
        if (option === "--uid-owner") m.uid = value;
        else m.gid = value;
      },
      finish(): OwnerMatch | UnsupportedMatch {
        if (unresolved) return { module: "unsupported", name: "owner", args: raw };
        return m;
      },
    };
  },
  print: (m) =>
    ` -m owner${m.socketExists ? `${m.socketExists.invert ? " !" : ""} --socket-exists` : ""}` +
    `${opt("--uid-owner", m.uid, idRange)}${opt("--gid-owner", m.gid, idRange)}` +
    `${m.supplGroups ? " --suppl-groups" : ""}`,
};

function idRange(r: { min: number; max: number }): string {
  return r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`;
}
