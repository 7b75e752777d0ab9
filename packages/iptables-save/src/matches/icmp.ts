import type { IcmpMatch, Negatable } from "@nfx/model";
import type { ArgCursor } from "../cursor";
import { opt } from "../format/option";
import type { MatchModule, RuleContext } from "../modules";
import { parseUnsigned } from "../numbers";

type IcmpType = IcmpMatch["type"]["value"];

/** `libxt_icmp.c icmp_codes`: name -> [type, codeMin, codeMax]. */
const ICMP_NAMES: Readonly<Record<string, readonly [number, number, number]>> = {
  "echo-reply": [0, 0, 255],
  pong: [0, 0, 255],
  "destination-unreachable": [3, 0, 255],
  "network-unreachable": [3, 0, 0],
  "host-unreachable": [3, 1, 1],
  "protocol-unreachable": [3, 2, 2],
  "port-unreachable": [3, 3, 3],
  "fragmentation-needed": [3, 4, 4],
  "source-route-failed": [3, 5, 5],
  "network-unknown": [3, 6, 6],
  "host-unknown": [3, 7, 7],
  "network-prohibited": [3, 9, 9],
  "host-prohibited": [3, 10, 10],
  "TOS-network-unreachable": [3, 11, 11],
  "TOS-host-unreachable": [3, 12, 12],
  "communication-prohibited": [3, 13, 13],
  "host-precedence-violation": [3, 14, 14],
  "precedence-cutoff": [3, 15, 15],
  "source-quench": [4, 0, 255],
  redirect: [5, 0, 255],
  "network-redirect": [5, 0, 0],
  "host-redirect": [5, 1, 1],
  "TOS-network-redirect": [5, 2, 2],
  "TOS-host-redirect": [5, 3, 3],
  "echo-request": [8, 0, 255],
  ping: [8, 0, 255],
  "router-advertisement": [9, 0, 255],
  "router-solicitation": [10, 0, 255],
  "time-exceeded": [11, 0, 255],
  "ttl-exceeded": [11, 0, 255],
  "ttl-zero-during-transit": [11, 0, 0],
  "ttl-zero-during-reassembly": [11, 1, 1],
  "parameter-problem": [12, 0, 255],
  "ip-header-bad": [12, 0, 0],
  "required-option-missing": [12, 1, 1],
  "timestamp-request": [13, 0, 255],
  "timestamp-reply": [14, 0, 255],
  "address-mask-request": [17, 0, 255],
  "address-mask-reply": [18, 0, 255],
};

/** Reads `any`, a name, `TYPE`, `TYPE/CODE` or `TYPE/MIN:MAX`; type 255 is xt_icmp's "any type", whatever the code. */
export function parseIcmpType(text: string, cur: ArgCursor): IcmpType {
  if (text === "any") return { type: "any", codeMin: 0, codeMax: 255 };
  const named = ICMP_NAMES[text];
  if (named) return { type: named[0], codeMin: named[1], codeMax: named[2] };
  const slash = text.indexOf("/");
  const type = parseUnsigned(slash < 0 ? text : text.slice(0, slash));
  const codes = slash < 0 ? [] : text.slice(slash + 1).split(":");
  const [codeMin, codeMax] = codes.length === 0 ? [0, 255] : [parseUnsigned(codes[0]!), parseUnsigned(codes.at(-1)!)];
  if (type < 0 || type > 255 || codes.length > 2 || codeMin < 0 || codeMax < 0 || codeMin > 255 || codeMax > 255) {
    throw cur.error("bad-icmp-type", `Invalid ICMP type \`${text}'`);
  }
  if (type === 255) return { type: "any", codeMin: 0, codeMax: 255 };
  return { type, codeMin, codeMax };
}

/** The save form: `any`, `8`, `3/3`. */
export function formatIcmpType(t: IcmpType): string {
  if (t.type === "any") return "any";
  return t.codeMin === 0 && t.codeMax === 255 ? `${t.type}` : `${t.type}/${t.codeMin}`;
}

class IcmpBuilder {
  type?: Negatable<IcmpType>;

  parse(option: string, invert: boolean, cur: ArgCursor): void {
    this.type = { value: parseIcmpType(cur.value(option), cur), invert };
  }

  finish(ctx: RuleContext, cur: ArgCursor): IcmpMatch {
    if (ctx.proto !== 1 || ctx.protoInvert) {
      throw cur.error("proto-required", `icmp match: only valid for protocol 1; use "-p icmp" first`);
    }
    // `-m icmp` alone matches every type, which iptables-save prints as `--icmp-type any`.
    return { module: "icmp", type: this.type ?? { value: { type: "any", codeMin: 0, codeMax: 255 }, invert: false } };
  }
}

export const icmpModule: MatchModule<IcmpMatch> = {
  name: "icmp",
  options: ["--icmp-type"],
  create: () => new IcmpBuilder(),
  print: (m) => ` -m icmp${opt("--icmp-type", m.type, formatIcmpType)}`,
};
