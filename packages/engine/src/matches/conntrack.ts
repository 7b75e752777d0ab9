import {
  type Cidr,
  type ConnmarkMatch,
  type ConntrackMatch,
  type CtState,
  type CtStatus,
  cidrContains,
  type Negatable,
  type PortRange,
  type StateMatch,
} from "@nfx/model";
import { IPS_ASSURED, IPS_CONFIRMED, IPS_DST_NAT, IPS_EXPECTED, IPS_SEEN_REPLY, IPS_SRC_NAT } from "../conntrack/conn";
import type { Skb } from "../skb";
import { inRange, type Predicate } from "./predicate";

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

function stateMask(states: readonly CtState[]): number {
  return states.reduce((m, s) => m | STATE_BIT[s], 0);
}

export function compileState(match: StateMatch): Predicate {
  const mask = stateMask(match.state.value);
  const invert = match.state.invert;
  return (skb) => ((packetStateBits(skb, false) & mask) !== 0) !== invert;
}

type TupleField = "src" | "dst" | "sport" | "dport";

function addrTest(test: Negatable<Cidr> | undefined, dir: 0 | 1, field: TupleField): Predicate | null {
  if (!test) return null;
  return (skb) => !!skb.ct && cidrContains(test.value, skb.ct.tuple[dir][field]) !== test.invert;
}

function portTest(test: Negatable<PortRange> | undefined, dir: 0 | 1, field: TupleField): Predicate | null {
  if (!test) return null;
  return (skb) => !!skb.ct && inRange(skb.ct.tuple[dir][field], test.value) !== test.invert;
}

/** `-m conntrack` as `conntrack_mt()` evaluates it: without a connection only a pure state test can match. */
export function compileConntrack(match: ConntrackMatch): Predicate {
  const tests: Predicate[] = [];
  if (match.status) {
    const mask = match.status.value.reduce((m, s) => m | STATUS_BIT[s], 0);
    const invert = match.status.invert;
    tests.push((skb) => ((skb.ct!.status & mask) !== 0) !== invert);
  }
  if (match.direction) {
    const want = match.direction === "ORIGINAL" ? 0 : 1;
    tests.push((skb) => skb.ctDir === want);
  }
  if (match.proto) {
    const { value, invert } = match.proto;
    tests.push((skb) => (skb.ct!.tuple[0].proto === protoName(value)) !== invert);
  }
  for (const t of [
    addrTest(match.origSrc, 0, "src"),
    addrTest(match.origDst, 0, "dst"),
    addrTest(match.replSrc, 1, "src"),
    addrTest(match.replDst, 1, "dst"),
    portTest(match.origSrcPort, 0, "sport"),
    portTest(match.origDstPort, 0, "dport"),
    portTest(match.replSrcPort, 1, "sport"),
    portTest(match.replDstPort, 1, "dport"),
  ]) {
    if (t) tests.push(t);
  }
  const state = match.state;
  const mask = state ? stateMask(state.value) : 0;
  return (skb, env) => {
    if (state && ((packetStateBits(skb, true) & mask) !== 0) === state.invert) return false;
    if (!skb.ct) return tests.length === 0;
    for (const t of tests) if (!t(skb, env)) return false;
    return true;
  };
}

function protoName(num: number): string {
  return num === 6 ? "tcp" : num === 17 ? "udp" : num === 1 ? "icmp" : String(num);
}

/** `-m connmark`: the connection's mark; no connection never matches, negated or not. */
export function compileConnmark(match: ConnmarkMatch): Predicate {
  const { value, mask } = match.mark.value;
  const invert = match.mark.invert;
  return (skb) => !!skb.ct && ((skb.ct.mark & mask) >>> 0 === value) !== invert;
}
