import type { CtTarget, DscpTarget, TosTarget, TtlTarget } from "@nfx/model";
import { quoteArg } from "../format/quote";
import { parseDscp, parseTos } from "../matches/tos";
import { conflict, missing, noInvert, type TargetModule } from "../modules";
import { expectNumber, hex2 } from "../numbers";

export const tosTarget: TargetModule<TosTarget> = {
  name: "TOS",
  options: ["--set-tos", "--and-tos", "--or-tos", "--xor-tos"],
  create: () => {
    let result: TosTarget | undefined;
    return {
      parse(option, invert, cur) {
        noInvert("TOS", option, invert, cur);
        const text = cur.value(option);
        if (option === "--set-tos") {
          const { value, mask } = parseTos(text, cur);
          result = { kind: "TOS", value, mask };
          return;
        }
        const v = expectNumber(text, 0, 255, "TOS value", cur.column());
        // The kernel form `tos = (tos & ~mask) ^ value`, as libxt_TOS.c computes it.
        if (option === "--and-tos") result = { kind: "TOS", value: 0, mask: ~v & 0xff };
        else if (option === "--or-tos") result = { kind: "TOS", value: v, mask: v };
        else result = { kind: "TOS", value: v, mask: 0 };
      },
      finish(_ctx, cur) {
        if (!result) throw missing("TOS", "TOS target: Parameter --set-tos is required", cur);
        return result;
      },
    };
  },
  print: (t) => ` -j TOS --set-tos ${hex2(t.value)}/${hex2(t.mask)}`,
};

export const ttlTarget: TargetModule<TtlTarget> = {
  name: "TTL",
  options: ["--ttl-set", "--ttl-inc", "--ttl-dec"],
  create: () => {
    let result: TtlTarget | undefined;
    return {
      parse(option, invert, cur) {
        noInvert("TTL", option, invert, cur);
        const op = option === "--ttl-set" ? "set" : option === "--ttl-inc" ? "inc" : "dec";
        if (result?.op === op) throw cur.error("duplicate-option", `TTL: option "${option}" can only be used once.`);
        if (result) throw conflict("TTL", `--ttl-${result.op}`, option, cur);
        const value = expectNumber(cur.value(option), op === "set" ? 0 : 1, 255, "TTL value", cur.column());
        result = { kind: "TTL", op, value };
      },
      finish(_ctx, cur) {
        if (!result) throw missing("TTL", "TTL: You must specify an action", cur);
        return result;
      },
    };
  },
  print: (t) => ` -j TTL --ttl-${t.op} ${t.value}`,
};

export const dscpTarget: TargetModule<DscpTarget> = {
  name: "DSCP",
  options: ["--set-dscp", "--set-dscp-class"],
  create: () => {
    let result: DscpTarget | undefined;
    let given: string | undefined;
    return {
      parse(option, invert, cur) {
        noInvert("DSCP", option, invert, cur);
        if (given !== undefined && given !== option) throw conflict("DSCP", given, option, cur);
        given = option;
        result = { kind: "DSCP", dscp: parseDscp(option, cur.value(option), cur) };
      },
      finish(_ctx, cur) {
        if (!result) throw missing("DSCP", "DSCP target: Parameter --set-dscp is required", cur);
        return result;
      },
    };
  },
  print: (t) => ` -j DSCP --set-dscp ${hex2(t.dscp)}`,
};

/** CT options the engine ignores; each takes a value and is kept as written. */
const CT_VALUE_OPTIONS = ["--helper", "--ctevents", "--expevents", "--timeout", "--zone-orig", "--zone-reply"];

export const ctTarget: TargetModule<CtTarget> = {
  name: "CT",
  options: ["--notrack", "--zone", ...CT_VALUE_OPTIONS],
  create: () => {
    const t: { notrack: boolean; zone?: number; extra: string[] } = { notrack: false, extra: [] };
    return {
      parse(option, invert, cur) {
        noInvert("CT", option, invert, cur);
        if (option === "--notrack") t.notrack = true;
        else if (option === "--zone") t.zone = expectNumber(cur.value(option), 0, 65535, "zone", cur.column());
        else t.extra.push(option, cur.value(option));
      },
      finish(): CtTarget {
        return { kind: "CT", ...t };
      },
    };
  },
  // iptables-save prints the kept options before --zone, whatever the order they were written in.
  print: (t) =>
    ` -j CT${t.notrack ? " --notrack" : ""}${t.extra.map((a) => ` ${quoteArg(a)}`).join("")}` +
    `${t.zone ? ` --zone ${t.zone}` : ""}`,
};
