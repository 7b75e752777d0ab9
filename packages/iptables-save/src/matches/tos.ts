import type { DscpMatch, Negatable, TosMatch } from "@nfx/model";
import type { ArgCursor } from "../cursor";
import { opt } from "../format/option";
import { conflict, type MatchModule, missing } from "../modules";
import { expectNumber, hex2, parseValueMask } from "../numbers";

/** Symbolic TOS names (`libxt_tos.c`); they compare under mask 0x3f, numeric values under 0xff. */
export const TOS_NAMES: Readonly<Record<string, number>> = {
  "minimize-delay": 0x10,
  "maximize-throughput": 0x08,
  "maximize-reliability": 0x04,
  "minimize-cost": 0x02,
  "normal-service": 0x00,
};

/** `--tos`/`--set-tos` syntax: a name (mask 0x3f) or `value[/mask]` (mask 0xff by default). */
export function parseTos(text: string, cur: ArgCursor): { value: number; mask: number } {
  const named = TOS_NAMES[text.toLowerCase()];
  if (named !== undefined) return { value: named, mask: 0x3f };
  const { value, mask } = parseValueMask(text.indexOf("/") < 0 ? `${text}/0xff` : text, "TOS", cur.column());
  if (value > 0xff || mask > 0xff) throw cur.error("bad-number", `Bad TOS value "${text}"`);
  return { value, mask };
}

/** DSCP class names (`xtables dscp_helper.c`). */
const DSCP_CLASSES: Readonly<Record<string, number>> = {
  CS0: 0x00,
  CS1: 0x08,
  CS2: 0x10,
  CS3: 0x18,
  CS4: 0x20,
  CS5: 0x28,
  CS6: 0x30,
  CS7: 0x38,
  BE: 0x00,
  AF11: 0x0a,
  AF12: 0x0c,
  AF13: 0x0e,
  AF21: 0x12,
  AF22: 0x14,
  AF23: 0x16,
  AF31: 0x1a,
  AF32: 0x1c,
  AF33: 0x1e,
  AF41: 0x22,
  AF42: 0x24,
  AF43: 0x26,
  EF: 0x2e,
};

/** `--dscp n` or `--dscp-class NAME` (and the DSCP target's `--set-dscp`/`--set-dscp-class`). */
export function parseDscp(option: string, text: string, cur: ArgCursor): number {
  if (option.endsWith("-class")) {
    const value = DSCP_CLASSES[text.toUpperCase()];
    if (value === undefined) throw cur.error("bad-value", `Invalid DSCP value \`${text}'`);
    return value;
  }
  return expectNumber(text, 0, 63, "DSCP value", cur.column());
}

export const tosModule: MatchModule<TosMatch> = {
  name: "tos",
  options: ["--tos"],
  create: () => {
    let tos: Negatable<{ value: number; mask: number }> | undefined;
    return {
      parse(option, invert, cur) {
        tos = { value: parseTos(cur.value(option), cur), invert };
      },
      finish(_ctx, cur): TosMatch {
        if (!tos) throw missing("tos", 'option "--tos" must be specified', cur);
        return { module: "tos", tos };
      },
    };
  },
  print: (m) => ` -m tos${opt("--tos", m.tos, (t) => `${hex2(t.value)}/${hex2(t.mask)}`)}`,
};

export const dscpModule: MatchModule<DscpMatch> = {
  name: "dscp",
  options: ["--dscp", "--dscp-class"],
  create: () => {
    let dscp: Negatable<number> | undefined;
    let given: string | undefined;
    return {
      parse(option, invert, cur) {
        if (given === option) throw cur.error("duplicate-option", `dscp: option "${option}" can only be used once.`);
        if (given !== undefined) throw conflict("dscp", given, option, cur);
        given = option;
        dscp = { value: parseDscp(option, cur.value(option), cur), invert };
      },
      finish(_ctx, cur): DscpMatch {
        if (!dscp) throw missing("dscp", "DSCP match: Parameter --dscp is required", cur);
        return { module: "dscp", dscp };
      },
    };
  },
  print: (m) => ` -m dscp${opt("--dscp", m.dscp, hex2)}`,
};
