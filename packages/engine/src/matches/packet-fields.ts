import {
  type AddressRange,
  type AddressType,
  type AddrtypeMatch,
  type DscpMatch,
  formatIpv4,
  type IprangeMatch,
  type LengthMatch,
  type MacMatch,
  type MarkMatch,
  type Negatable,
  type OwnerMatch,
  type TosMatch,
  type TtlMatch,
} from "@nfx/model";
import type { Skb } from "../skb";
import { type Condition, type ConditionCode, hex, type MatchDefinition, type MatchEnv } from "./condition";

export const markDefinition: MatchDefinition<MarkMatch> = {
  needsConntrack: false,
  conditions(match) {
    const { value, mask } = match.mark.value;
    const invert = match.mark.invert;
    return [
      {
        code: "mark",
        option: "--mark",
        invert,
        rule: mask === 0xffffffff ? hex(value) : `${hex(value)}/${hex(mask)}`,
        test: (skb) => ((skb.mark & mask) >>> 0 === value) !== invert,
        packet: (skb) => hex(skb.mark),
      },
    ];
  },
};

function rangeCondition(
  code: ConditionCode,
  option: string,
  r: Negatable<AddressRange> | undefined,
  pick: "src" | "dst",
): Condition | null {
  if (!r) return null;
  const { from, to } = r.value;
  const invert = r.invert;
  return {
    code,
    option,
    invert,
    rule: `${formatIpv4(from)}-${formatIpv4(to)}`,
    test: (skb) => (skb[pick] >= from && skb[pick] <= to) !== invert,
    packet: (skb) => formatIpv4(skb[pick]),
  };
}

export const iprangeDefinition: MatchDefinition<IprangeMatch> = {
  needsConntrack: false,
  conditions: (match) =>
    [
      rangeCondition("iprange.src", "--src-range", match.src, "src"),
      rangeCondition("iprange.dst", "--dst-range", match.dst, "dst"),
    ].filter((c): c is Condition => c !== null),
};

/** `-m addrtype`: the address's type from the routing tables, optionally only the packet's interface's. */
export const addrtypeDefinition: MatchDefinition<AddrtypeMatch> = {
  needsConntrack: false,
  conditions(match) {
    const { limitIfaceIn, limitIfaceOut } = match;
    const typeOf =
      (pick: "src" | "dst") =>
      (skb: Skb, env: MatchEnv): AddressType =>
        limitIfaceIn
          ? env.routing.addressType(skb[pick], skb.inIface)
          : limitIfaceOut
            ? env.routing.addressType(skb[pick], skb.outIface)
            : env.routing.addressType(skb[pick]);
    const out: Condition[] = [];
    for (const [pick, test] of [
      ["src", match.srcType],
      ["dst", match.dstType],
    ] as const) {
      if (!test) continue;
      const type = typeOf(pick);
      out.push({
        code: pick === "src" ? "addrtype.src" : "addrtype.dst",
        option: pick === "src" ? "--src-type" : "--dst-type",
        invert: test.invert,
        rule: test.value.join(","),
        test: (skb, env) => test.value.includes(type(skb, env)) !== test.invert,
        packet: type,
      });
    }
    return out;
  },
};

export const lengthDefinition: MatchDefinition<LengthMatch> = {
  needsConntrack: false,
  conditions(match) {
    const { min, max } = match.length.value;
    const invert = match.length.invert;
    return [
      {
        code: "length",
        option: "--length",
        invert,
        rule: min === max ? `${min}` : `${min}:${max}`,
        test: (skb) => (skb.length >= min && skb.length <= max) !== invert,
        packet: (skb) => String(skb.length),
      },
    ];
  },
};

const TTL_TEST = {
  eq: (ttl: number, v: number) => ttl === v,
  ne: (ttl: number, v: number) => ttl !== v,
  lt: (ttl: number, v: number) => ttl < v,
  gt: (ttl: number, v: number) => ttl > v,
} as const satisfies Record<TtlMatch["op"], (ttl: number, v: number) => boolean>;

export const ttlDefinition: MatchDefinition<TtlMatch> = {
  needsConntrack: false,
  conditions(match) {
    const v = match.value;
    const cmp = TTL_TEST[match.op];
    return [
      {
        code: "ttl",
        option: match.op === "ne" ? "--ttl-eq" : `--ttl-${match.op}`,
        invert: match.op === "ne",
        rule: String(v),
        test: (skb) => cmp(skb.ttl, v),
        packet: (skb) => String(skb.ttl),
      },
    ];
  },
};

export const tosDefinition: MatchDefinition<TosMatch> = {
  needsConntrack: false,
  conditions(match) {
    const { value, mask } = match.tos.value;
    const invert = match.tos.invert;
    return [
      {
        code: "tos",
        option: "--tos",
        invert,
        rule: `${hex(value)}/${hex(mask)}`,
        test: (skb) => ((skb.tos & mask) === value) !== invert,
        packet: (skb) => hex(skb.tos),
      },
    ];
  },
};

/** `-m dscp` compares the upper six bits and ignores ECN. */
export const dscpDefinition: MatchDefinition<DscpMatch> = {
  needsConntrack: false,
  conditions(match) {
    const { value, invert } = match.dscp;
    return [
      {
        code: "dscp",
        option: "--dscp",
        invert,
        rule: hex(value),
        test: (skb) => (skb.tos >> 2 === value) !== invert,
        packet: (skb) => hex(skb.tos >> 2),
      },
    ];
  },
};

/** `-m mac`: only a packet from the wire has a source MAC; without one it fails, negated or not. */
export const macDefinition: MatchDefinition<MacMatch> = {
  needsConntrack: false,
  conditions(match) {
    const { value, invert } = match.source;
    return [
      {
        code: "mac",
        option: "--mac-source",
        invert,
        rule: value,
        test: (skb) => skb.macSrc !== null && (skb.macSrc === value) !== invert,
        packet: (skb) => skb.macSrc,
      },
    ];
  },
};

function idRange(r: { min: number; max: number }): string {
  return r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`;
}

/**
 * `-m owner`: the sending socket's uid/gid. Without a socket `owner_mt()` answers "every test negated", which
 * is each test holding exactly when it is negated; the kernel's control socket exists but has no file, so
 * `--socket-exists` holds and the uid and gid tests hold only when negated.
 */
export const ownerDefinition: MatchDefinition<OwnerMatch> = {
  needsConntrack: false,
  conditions(match) {
    const out: Condition[] = [];
    for (const [code, option, test, pick] of [
      ["owner.uid", "--uid-owner", match.uid, "uid"],
      ["owner.gid", "--gid-owner", match.gid, "gid"],
    ] as const) {
      if (!test) continue;
      const { min, max } = test.value;
      const invert = test.invert;
      out.push({
        code,
        option,
        invert,
        rule: idRange(test.value),
        test: (skb) => (skb.socket === "process" ? (skb[pick] >= min && skb[pick] <= max) !== invert : invert),
        packet: (skb) => (skb.socket === "process" ? String(skb[pick]) : null),
      });
    }
    if (match.socketExists) {
      const invert = match.socketExists.invert;
      out.push({
        code: "owner.socket",
        option: "--socket-exists",
        invert,
        rule: "",
        test: (skb) => (skb.socket !== "none") !== invert,
        packet: (skb) => (skb.socket === "none" ? null : skb.socket === "kernel" ? "kernel" : "socket"),
      });
    }
    return out;
  },
};
