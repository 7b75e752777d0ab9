import type { HookName } from "@nfx/model";
import type { Expr } from "@nfx/nftables";
import type { Conn } from "../conntrack/conn";
import type { MatchEnv } from "../matches/condition";
import type { Routing } from "../routing/routing";
import type { Skb } from "../skb";
import { jhash } from "./jhash";
import { atomValue, CT_STATE_BITS, flagsValue, type NftValue, PKTTYPE_VALUES } from "./symbols";

/** Where an nft expression is evaluated: the hook's devices, the environment, and routing for `fib ... oif`. */
export interface LoadCtx {
  readonly env: MatchEnv;
  readonly hook: HookName;
  /** The hook's output device (`state->out`), fixed when the hook starts. */
  readonly hookOut: string | null;
  /** Full routing for `fib ... oif`; null when explaining from a snapshot, which keeps no routes. */
  readonly routing: Routing | null;
}

/**
 * An expression compiled to a loader: the value nft would put in its register, or null when the kernel's
 * expression breaks the rule (`tcp dport` of a UDP packet, `ct mark` without a connection, `ip6 saddr` of an
 * IPv4 packet): a rule whose load fails does not match, whatever the operator, `!=` included.
 */
export type Load = (skb: Skb, c: LoadCtx) => NftValue | null;

/** What a loader needs to be built: per-rule state (numgen counters) and pins live in the rule's closure. */
export interface LoadOptions {
  /** A pinned `numgen`/`jhash` result for this rule (the user chose which endpoint), instead of drawing. */
  readonly pin?: number;
}

/** State bits nft's `ct state` reads: without a connection attached yet every packet is invalid (N4). */
function ctStateBits(skb: Skb): number {
  switch (skb.ctinfo) {
    case "INVALID":
      return CT_STATE_BITS.invalid!;
    case "NEW":
      return CT_STATE_BITS.new!;
    case "ESTABLISHED":
      return CT_STATE_BITS.established!;
    case "RELATED":
      return CT_STATE_BITS.related!;
    case "UNTRACKED":
      return CT_STATE_BITS.untracked!;
  }
}

const ports = (skb: Skb) => skb.proto === "tcp" || skb.proto === "udp";

function payload(e: Extract<Expr, { kind: "payload" }>): Load | null {
  switch (e.proto) {
    case "ip":
      switch (e.field) {
        case "saddr":
          return (s) => s.src >>> 0;
        case "daddr":
          return (s) => s.dst >>> 0;
        case "protocol":
          return (s) => s.protoNum;
        case "ttl":
          return (s) => s.ttl;
        case "length":
          return (s) => s.length;
        case "dscp":
          return (s) => s.tos >>> 2;
        case "id":
          return (s) => s.id;
      }
      return null;
    case "ip6":
    case "icmpv6":
      // An IPv4 packet never passes the implied `meta nfproto ipv6` of an ip6 expression.
      return () => null;
    case "tcp":
      if (e.field === "flags") return (s) => (s.proto === "tcp" ? s.flags : null);
      return e.field === "sport"
        ? (s) => (s.proto === "tcp" ? s.sport : null)
        : (s) => (s.proto === "tcp" ? s.dport : null);
    case "udp":
      if (e.field === "length") return (s) => (s.proto === "udp" ? 8 + s.payloadLength : null);
      return e.field === "sport"
        ? (s) => (s.proto === "udp" ? s.sport : null)
        : (s) => (s.proto === "udp" ? s.dport : null);
    case "th":
      // A bare transport header: tcp and udp alike (N13).
      return e.field === "sport" ? (s) => (ports(s) ? s.sport : null) : (s) => (ports(s) ? s.dport : null);
    case "icmp":
      return e.field === "type"
        ? (s) => (s.proto === "icmp" ? s.icmpType : null)
        : (s) => (s.proto === "icmp" ? s.icmpCode : null);
    case "ether":
      return null;
  }
}

function meta(key: Extract<Expr, { kind: "meta" }>["key"]): Load | null {
  switch (key) {
    case "l4proto":
      return (s) => s.protoNum;
    case "nfproto":
      return () => 2;
    case "protocol":
      return () => 0x0800;
    case "iif":
    case "iifname":
      return (s) => s.inIface;
    case "oif":
    case "oifname":
      return (_s, c) => c.hookOut;
    case "iiftype":
      return (s) => (s.inIface === null ? null : s.inIface === "lo" ? "loopback" : "ether");
    case "oiftype":
      return (_s, c) => (c.hookOut === null ? null : c.hookOut === "lo" ? "loopback" : "ether");
    case "mark":
      return (s) => s.mark >>> 0;
    case "pkttype":
      return (s) => (s.pktType === "unicast" ? PKTTYPE_VALUES.host! : PKTTYPE_VALUES[s.pktType]!);
    case "length":
      return (s) => s.length;
    case "skuid":
      return (s) => (s.socket === "process" ? s.uid : null);
    case "skgid":
      return (s) => (s.socket === "process" ? s.gid : null);
  }
}

function ct(key: Extract<Expr, { kind: "ct" }>["key"]): Load | null {
  const withCt =
    (f: (conn: Conn, s: Skb) => number): Load =>
    (s) =>
      s.ct ? f(s.ct, s) >>> 0 : null;
  switch (key) {
    case "state":
      return (s) => ctStateBits(s);
    case "status":
      return withCt((conn) => conn.status & 0x3ff & ~(128 | 256));
    case "mark":
      return withCt((conn) => conn.mark);
    case "direction":
      return withCt((_conn, s) => s.ctDir);
    case "zone":
      return withCt((conn) => conn.zone);
    case "l3proto":
      return withCt(() => 2);
    case "expiration":
    case "helper":
      return null;
  }
}

function ctDir(e: Extract<Expr, { kind: "ct-dir" }>): Load | null {
  if (e.family === "ip6") return () => null;
  const dir = e.dir === "original" ? 0 : 1;
  return (s) => {
    const t = s.ct?.tuple[dir];
    if (!t) return null;
    switch (e.key) {
      case "saddr":
        return t.src >>> 0;
      case "daddr":
        return t.dst >>> 0;
      case "proto-src":
        return t.sport;
      case "proto-dst":
        return t.dport;
      case "protocol":
        return t.proto === "tcp" ? 6 : t.proto === "udp" ? 17 : 1;
    }
  };
}

/**
 * `fib`: the routing decision nft asks for (N10). `type` is the address type, limited to the input (`iif`) or
 * output (`oif`) device's own addresses when asked; `oif` is the device a route to the address leaves by, and
 * with `iif` only when that is the device the packet came in on (the strict reverse-path test): else missing ("").
 */
function fib(e: Extract<Expr, { kind: "fib" }>): Load {
  const useSaddr = e.flags.includes("saddr");
  const addrOf = (s: Skb) => (useSaddr ? s.src : s.dst);
  const iif = e.flags.includes("iif");
  const oif = e.flags.includes("oif");
  const mark = e.flags.includes("mark");
  if (e.result === "type") {
    return (s, c) => {
      const dev = iif ? s.inIface : oif ? c.hookOut : undefined;
      return c.env.routing.addressType(addrOf(s), dev).toLowerCase();
    };
  }
  return (s, c) => {
    if (!c.routing) return null;
    const addr = addrOf(s);
    const route = c.routing.lookup(addr, mark ? s.mark : 0);
    let dev: string;
    if (route.kind === "unicast") dev = route.dev;
    else if (route.kind === "local") dev = c.routing.ownerOf(addr) ?? "lo";
    else return "";
    if (iif && dev !== s.inIface) return "";
    return dev;
  };
}

/** Compiles an expression; null when the engine does not model it (the caller warns and never matches). */
export function compileLoad(
  e: Expr,
  opts: LoadOptions,
  lookupData: (e: Extract<Expr, { kind: "map" }>) => Load | null,
): Load | null {
  switch (e.kind) {
    case "payload":
      return payload(e);
    case "meta":
      return meta(e.key);
    case "ct":
      return ct(e.key);
    case "ct-dir":
      return ctDir(e);
    case "fib":
      return fib(e);
    case "numgen": {
      const { mod, offset } = e;
      const pin = opts.pin;
      if (pin !== undefined) return () => pin;
      if (e.mode === "inc") {
        // A counter of this rule's evaluations, from 0 (N9): packets that never reach the rule do not move it.
        let n = 0;
        return () => {
          const v = (n % mod) + offset;
          n = (n + 1) % mod;
          return v;
        };
      }
      // reciprocal_scale(get_random_u32(), mod) + offset, from the seeded source.
      return (_s, c) => Math.floor(c.env.random() * mod) + offset;
    }
    case "jhash": {
      const of = compileLoad(e.of, {}, lookupData);
      if (!of) return null;
      const { mod, offset } = e;
      const pin = opts.pin;
      if (pin !== undefined) return () => pin;
      let seed = e.seed;
      return (s, c) => {
        const v = of(s, c);
        if (v === null) return null;
        // Without a seed the kernel draws one when the rule is loaded: drawn once, from the seeded source.
        seed ??= Math.floor(c.env.random() * 0x100000000);
        const h = jhash(keyBytes(v), seed >>> 0);
        return Math.floor((h * mod) / 0x100000000) + offset;
      };
    }
    case "concat": {
      const parts = e.parts.map((p) => compileLoad(p, opts, lookupData));
      if (parts.some((p) => p === null)) return null;
      const ps = parts as Load[];
      return (s, c) => {
        let key = "";
        for (let i = 0; i < ps.length; i++) {
          const v = ps[i]!(s, c);
          if (v === null) return null;
          key = i === 0 ? String(v) : `${key}.${v}`;
        }
        return key;
      };
    }
    case "binop": {
      const left = compileLoad(e.left, opts, lookupData);
      const r =
        e.right.kind === "atom"
          ? atomValue(e.left, e.right.atom)
          : e.right.kind === "flags"
            ? flagsValue(e.left, e.right.names)
            : null;
      if (!left || typeof r !== "number") return null;
      const op = e.op;
      return (s, c) => {
        const v = left(s, c);
        if (typeof v !== "number") return null;
        return (op === "&" ? v & r : op === "|" ? v | r : v ^ r) >>> 0;
      };
    }
    case "map":
      return lookupData(e);
  }
}

/** The key's bytes as nft's register holds them: each value a 32-bit word in network order. */
function keyBytes(v: NftValue): number[] {
  const words = typeof v === "number" ? [v >>> 0] : v.split(".").map((p) => Number(p) >>> 0);
  return words.flatMap((w) => [w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255]);
}
