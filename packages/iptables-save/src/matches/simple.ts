import type { CommentMatch, ConnmarkMatch, LengthMatch, MacMatch, MarkMatch, Negatable, TtlMatch } from "@nfx/model";
import type { ArgCursor } from "../cursor";
import { opt } from "../format/option";
import { saveString } from "../format/quote";
import { type MatchModule, missing, noInvert } from "../modules";
import { expectNumber, hex, parseValueMask } from "../numbers";

type ValueMask = { readonly value: number; readonly mask: number };

function markModule(name: "mark" | "connmark"): MatchModule<MarkMatch | ConnmarkMatch> {
  return {
    name,
    options: ["--mark"],
    create: () => {
      let mark: Negatable<ValueMask> | undefined;
      return {
        parse(option, invert, cur) {
          mark = { value: parseValueMask(cur.value(option), "mark", cur.column()), invert };
        },
        finish(_ctx, cur): MarkMatch | ConnmarkMatch {
          if (!mark) throw missing(name, 'option "--mark" must be specified', cur);
          return { module: name, mark };
        },
      };
    },
    print: (m) => ` -m ${m.module}${opt("--mark", m.mark, valueMask)}`,
  };
}

function valueMask(v: ValueMask): string {
  return v.mask === 0xffffffff ? hex(v.value) : `${hex(v.value)}/${hex(v.mask)}`;
}

export const markMatchModule = markModule("mark");
export const connmarkMatchModule = markModule("connmark");

export const commentModule: MatchModule<CommentMatch> = {
  name: "comment",
  options: ["--comment"],
  create: () => {
    let comment: string | undefined;
    return {
      parse(option, invert, cur) {
        noInvert("comment", option, invert, cur);
        comment = cur.value(option);
        if (comment.length > 255) throw cur.error("bad-value", "comment: comment may not exceed 255 characters");
      },
      finish(_ctx, cur): CommentMatch {
        if (comment === undefined) throw missing("comment", 'option "--comment" must be specified', cur);
        return { module: "comment", comment };
      },
    };
  },
  print: (m) => ` -m comment --comment ${saveString(m.comment)}`,
};

export const lengthModule: MatchModule<LengthMatch> = {
  name: "length",
  options: ["--length"],
  create: () => {
    let length: LengthMatch["length"] | undefined;
    return {
      parse(option, invert, cur) {
        const text = cur.value(option);
        const colon = text.indexOf(":");
        const column = cur.column();
        // An open end is the type's bound (`:2` is 0:2, `4:` is 4:65535); min > max is kept and never matches.
        const minText = colon < 0 ? text : text.slice(0, colon);
        const maxText = colon < 0 ? text : text.slice(colon + 1);
        const min = minText === "" && colon >= 0 ? 0 : expectNumber(minText, 0, 65535, "length", column);
        const max = maxText === "" && colon >= 0 ? 65535 : expectNumber(maxText, 0, 65535, "length", column);
        length = { value: { min, max }, invert };
      },
      finish(_ctx, cur): LengthMatch {
        if (!length) throw missing("length", 'option "--length" must be specified', cur);
        return { module: "length", length };
      },
    };
  },
  print: (m) => ` -m length${opt("--length", m.length, (l) => (l.min === l.max ? `${l.min}` : `${l.min}:${l.max}`))}`,
};

const TTL_OPS: Readonly<Record<string, TtlMatch["op"]>> = {
  "--ttl-eq": "eq",
  "--ttl": "eq",
  "--ttl-lt": "lt",
  "--ttl-gt": "gt",
};

export const ttlModule: MatchModule<TtlMatch> = {
  name: "ttl",
  options: Object.keys(TTL_OPS),
  create: () => {
    let result: TtlMatch | undefined;
    return {
      parse(option, invert, cur) {
        const op = TTL_OPS[option]!;
        if (op !== "eq") noInvert("ttl", option, invert, cur);
        const value = expectNumber(cur.value(option), 0, 255, "TTL value", cur.column());
        result = { module: "ttl", op: invert ? "ne" : op, value };
      },
      finish(_ctx, cur): TtlMatch {
        if (!result) throw missing("ttl", "TTL match: You must specify one of `--ttl-eq', `--ttl-lt', `--ttl-gt'", cur);
        return result;
      },
    };
  },
  print: (m) => ` -m ttl${m.op === "ne" ? " ! --ttl-eq" : ` --ttl-${m.op}`} ${m.value}`,
};

const MAC_PART = /^[0-9a-fA-F]{1,2}$/;

export const macModule: MatchModule<MacMatch> = {
  name: "mac",
  options: ["--mac-source"],
  create: () => {
    let source: Negatable<string> | undefined;
    return {
      parse(option, invert, cur: ArgCursor) {
        const text = cur.value(option);
        const parts = text.split(":");
        if (parts.length !== 6 || !parts.every((p) => MAC_PART.test(p))) {
          throw cur.error("bad-mac", `Bad mac address "${text}"`);
        }
        source = { value: parts.map((p) => p.toLowerCase().padStart(2, "0")).join(":"), invert };
      },
      finish(_ctx, cur): MacMatch {
        if (!source) throw missing("mac", 'option "--mac-source" must be specified', cur);
        return { module: "mac", source };
      },
    };
  },
  print: (m) => ` -m mac${opt("--mac-source", m.source, String)}`,
};
