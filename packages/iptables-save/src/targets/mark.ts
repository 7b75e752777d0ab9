import type { ConnmarkTarget, MarkTarget } from "@nfx/model";
import type { ArgCursor } from "../cursor";
import { missing, noInvert, type TargetModule } from "../modules";
import { hex, parseValueMask } from "../numbers";

/**
 * Reduces --set-mark/--set-xmark/--and-mark/--or-mark/--xor-mark to the kernel's `value/mask` (semantics 5.3),
 * which is also what iptables-save prints as `--set-xmark value/mask`.
 */
function xmark(option: string, cur: ArgCursor): { value: number; mask: number } {
  const text = cur.value(option);
  const { value, mask } = parseValueMask(text, "mark", cur.column());
  switch (option) {
    case "--set-xmark":
      return { value, mask };
    case "--set-mark":
      return { value, mask: (value | mask) >>> 0 };
    case "--and-mark":
      return { value: 0, mask: ~value >>> 0 };
    case "--or-mark":
      return { value, mask: value };
    default:
      return { value, mask: 0 };
  }
}

const XMARK_OPTIONS = ["--set-xmark", "--set-mark", "--and-mark", "--or-mark", "--xor-mark"];

export const markTarget: TargetModule<MarkTarget> = {
  name: "MARK",
  options: XMARK_OPTIONS,
  create: () => {
    let result: MarkTarget | undefined;
    return {
      parse(option, invert, cur) {
        noInvert("MARK", option, invert, cur);
        if (result) throw cur.error("duplicate-option", "MARK target: Can't specify --set-xmark twice");
        result = { kind: "MARK", ...xmark(option, cur) };
      },
      finish(_ctx, cur) {
        if (!result) throw missing("MARK", "MARK target: Parameter --set/and/or/xor-mark is required", cur);
        return result;
      },
    };
  },
  print: (t) => ` -j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`,
};

export const connmarkTarget: TargetModule<ConnmarkTarget> = {
  name: "CONNMARK",
  options: [...XMARK_OPTIONS, "--save-mark", "--restore-mark", "--nfmask", "--ctmask", "--mask"],
  create: () => {
    let set: { value: number; mask: number } | undefined;
    let mode: "save" | "restore" | undefined;
    let nfmask = 0xffffffff;
    let ctmask = 0xffffffff;
    return {
      parse(option, invert, cur) {
        noInvert("CONNMARK", option, invert, cur);
        if (option === "--save-mark" || option === "--restore-mark") {
          mode = option === "--save-mark" ? "save" : "restore";
        } else if (option === "--nfmask" || option === "--ctmask" || option === "--mask") {
          const { value } = parseValueMask(cur.value(option), "mask", cur.column());
          if (option !== "--ctmask") nfmask = value;
          if (option !== "--nfmask") ctmask = value;
        } else {
          set = xmark(option, cur);
        }
      },
      finish(_ctx, cur): ConnmarkTarget {
        if (set && mode)
          throw cur.error(
            "bad-option",
            "CONNMARK target: Can't specify --set-xmark with --save-mark or --restore-mark",
          );
        if (set) return { kind: "CONNMARK", mode: "set", value: set.value, mask: set.mask };
        if (!mode) throw missing("CONNMARK", "CONNMARK target: No operation specified", cur);
        return { kind: "CONNMARK", mode, nfmask, ctmask };
      },
    };
  },
  print(t) {
    if (t.mode === "set") return ` -j CONNMARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    return ` -j CONNMARK --${t.mode}-mark --nfmask ${hex(t.nfmask)} --ctmask ${hex(t.ctmask)}`;
  },
};
