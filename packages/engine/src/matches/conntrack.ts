import {
  type Cidr,
  type ConnmarkMatch,
  type ConntrackMatch,
  type CtState,
  type CtStatus,
  cidrContains,
  formatCidr,
  formatIpv4,
  type Negatable,
  type PortRange,
  type StateMatch,
} from "@nfx/model";
import { IPS_ASSURED, IPS_CONFIRMED, IPS_DST_NAT, IPS_EXPECTED, IPS_SEEN_REPLY, IPS_SRC_NAT } from "../conntrack/conn";
import type { Skb } from "../skb";
import { type Condition, type ConditionCode, hex, inRange, type MatchDefinition, rangeText } from "./condition";

const STATE_BIT: Readonly<Record<CtState, number>> = {
  INVALID: 1,
  NEW: 2,
  RELATED: 4,
  ESTABLISHED: 8,
  UNTRACKED: 16,
  SNAT: 32,
  DNAT: 64,
};

const STATUS_BIT: Readonly<Record<CtStatus, number>> = {
  NONE: 0,
  EXPECTED: IPS_EXPECTED,
  SEEN_REPLY: IPS_SEEN_REPLY,
  ASSURED: IPS_ASSURED,
  CONFIRMED: IPS_CONFIRMED,
};

/** The state bits `xt_conntrack` sees: ctinfo, plus the virtual SNAT/DNAT bits of a NATed connection. */
export function packetStateBits(skb: Skb, withNat: boolean): number {
  let bits = STATE_BIT[skb.ctinfo];
  if (withNat && skb.ct) {
    if (skb.ct.status & IPS_SRC_NAT) bits |= STATE_BIT.SNAT;
    if (skb.ct.status & IPS_DST_NAT) bits |= STATE_BIT.DNAT;
  }
  return bits;
}

function stateNames(bits: number): string {
  return (Object.keys(STATE_BIT) as CtState[]).filter((s) => bits & STATE_BIT[s]).join(",");
}

function statusNames(bits: number): string {
  const names = (Object.keys(STATUS_BIT) as CtStatus[]).filter((s) => STATUS_BIT[s] & bits);
  return names.length ? names.join(",") : "NONE";
}

function stateCondition(state: Negatable<readonly CtState[]>, option: string, withNat: boolean): Condition {
  const mask = state.value.reduce((m, s) => m | STATE_BIT[s], 0);
  const invert = state.invert;
  return {
    code: "ct.state",
    option,
    invert,
    rule: state.value.join(","),
    test: (skb) => ((packetStateBits(skb, withNat) & mask) !== 0) !== invert,
    packet: (skb) => stateNames(packetStateBits(skb, withNat)),
  };
}

export const stateDefinition: MatchDefinition<StateMatch> = {
  needsConntrack: true,
  conditions: (match) => [stateCondition(match.state, "--state", false)],
};

type TupleField = "src" | "dst" | "sport" | "dport";

/** A test of the connection: without one it fails, negated or not (`conntrack_mt()` returns early). */
function ctCondition(
  code: ConditionCode,
  option: string,
  invert: boolean,
  rule: string,
  plain: (ct: NonNullable<Skb["ct"]>, skb: Skb) => boolean,
  value: (ct: NonNullable<Skb["ct"]>, skb: Skb) => string,
): Condition {
  return {
    code,
    option,
    invert,
    rule,
    test: (skb) => skb.ct !== null && plain(skb.ct, skb) !== invert,
    packet: (skb) => (skb.ct ? value(skb.ct, skb) : null),
  };
}

function addrCondition(
  code: ConditionCode,
  option: string,
  test: Negatable<Cidr> | undefined,
  dir: 0 | 1,
  field: TupleField,
): Condition | null {
  if (!test) return null;
  return ctCondition(
    code,
    option,
    test.invert,
    formatCidr(test.value),
    (ct) => cidrContains(test.value, ct.tuple[dir][field]),
    (ct) => formatIpv4(ct.tuple[dir][field]),
  );
}

function portCondition(
  code: ConditionCode,
  option: string,
  test: Negatable<PortRange> | undefined,
  dir: 0 | 1,
  field: TupleField,
): Condition | null {
  if (!test) return null;
  return ctCondition(
    code,
    option,
    test.invert,
    rangeText(test.value),
    (ct) => inRange(ct.tuple[dir][field], test.value),
    (ct) => String(ct.tuple[dir][field]),
  );
}

/**
 * `nf_ct_expires(ct) / HZ`: the entry's remaining lifetime in whole seconds. A connection not yet confirmed keeps
 * its timeout relative until `__nf_conntrack_confirm()` adds the clock to it, so the kernel reads it as already
 * expired: 0 (on a machine up longer than the timeout, which is every machine after a few minutes).
 */
function remainingSeconds(ct: NonNullable<Skb["ct"]>, now: number): number {
  if (!(ct.status & IPS_CONFIRMED)) return 0;
  return Math.max(0, Math.floor((ct.expires - now) / 1000));
}

function expireCondition(test: ConntrackMatch["expire"]): Condition | null {
  if (!test) return null;
  const { min, max } = test.value;
  const invert = test.invert;
  return {
    code: "ct.expire",
    option: "--ctexpire",
    invert,
    rule: min === max ? `${min}` : `${min}:${max}`,
    test: (skb, env) => {
      if (!skb.ct) return false;
      const left = remainingSeconds(skb.ct, env.now);
      return (left >= min && left <= max) !== invert;
    },
    packet: (skb, env) => (skb.ct ? String(remainingSeconds(skb.ct, env.now)) : null),
    // A snapshot does not keep the entry's timeout.
    stateful: { kind: "ct-lifetime" },
  };
}

function protoName(num: number): string {
  return num === 6 ? "tcp" : num === 17 ? "udp" : num === 1 ? "icmp" : String(num);
}

/** `-m conntrack` as `conntrack_mt()` evaluates it: the state first; without a connection nothing else matches. */
export const conntrackDefinition: MatchDefinition<ConntrackMatch> = {
  needsConntrack: true,
  conditions(match) {
    const out: (Condition | null)[] = [];
    if (match.state) out.push(stateCondition(match.state, "--ctstate", true));
    if (match.status) {
      const mask = match.status.value.reduce((m, s) => m | STATUS_BIT[s], 0);
      out.push(
        ctCondition(
          "ct.status",
          "--ctstatus",
          match.status.invert,
          match.status.value.join(","),
          (ct) => (ct.status & mask) !== 0,
          (ct) => statusNames(ct.status),
        ),
      );
    }
    if (match.direction) {
      const want = match.direction === "ORIGINAL" ? 0 : 1;
      out.push(
        ctCondition(
          "ct.dir",
          "--ctdir",
          false,
          match.direction,
          (_ct, skb) => skb.ctDir === want,
          (_ct, skb) => (skb.ctDir === 0 ? "ORIGINAL" : "REPLY"),
        ),
      );
    }
    if (match.proto) {
      const name = protoName(match.proto.value);
      out.push(
        ctCondition(
          "ct.proto",
          "--ctproto",
          match.proto.invert,
          String(match.proto.value),
          (ct) => ct.tuple[0].proto === name,
          (ct) => ct.tuple[0].proto,
        ),
      );
    }
    out.push(
      addrCondition("ct.origsrc", "--ctorigsrc", match.origSrc, 0, "src"),
      addrCondition("ct.origdst", "--ctorigdst", match.origDst, 0, "dst"),
      addrCondition("ct.replsrc", "--ctreplsrc", match.replSrc, 1, "src"),
      addrCondition("ct.repldst", "--ctrepldst", match.replDst, 1, "dst"),
      portCondition("ct.origsrcport", "--ctorigsrcport", match.origSrcPort, 0, "sport"),
      portCondition("ct.origdstport", "--ctorigdstport", match.origDstPort, 0, "dport"),
      portCondition("ct.replsrcport", "--ctreplsrcport", match.replSrcPort, 1, "sport"),
      portCondition("ct.repldstport", "--ctrepldstport", match.replDstPort, 1, "dport"),
      expireCondition(match.expire),
    );
    return out.filter((c): c is Condition => c !== null);
  },
};

/** `-m connmark`: the connection's mark; no connection never matches, negated or not. */
export const connmarkDefinition: MatchDefinition<ConnmarkMatch> = {
  needsConntrack: true,
  conditions(match) {
    const { value, mask } = match.mark.value;
    return [
      ctCondition(
        "connmark",
        "--mark",
        match.mark.invert,
        mask === 0xffffffff ? hex(value) : `${hex(value)}/${hex(mask)}`,
        (ct) => (ct.mark & mask) >>> 0 === value,
        (ct) => hex(ct.mark),
      ),
    ];
  },
};
