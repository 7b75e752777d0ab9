import type {
  AddrtypeMatch,
  DscpMatch,
  IprangeMatch,
  LengthMatch,
  MacMatch,
  MarkMatch,
  OwnerMatch,
  TosMatch,
  TtlMatch,
} from "@nfx/model";
import type { Predicate } from "./predicate";

export function compileMark(match: MarkMatch): Predicate {
  const { value, mask } = match.mark.value;
  const invert = match.mark.invert;
  return (skb) => ((skb.mark & mask) >>> 0 === value) !== invert;
}

export function compileIprange(match: IprangeMatch): Predicate {
  const { src, dst } = match;
  return (skb) => {
    if (src && (skb.src >= src.value.from && skb.src <= src.value.to) === src.invert) return false;
    if (dst && (skb.dst >= dst.value.from && skb.dst <= dst.value.to) === dst.invert) return false;
    return true;
  };
}

/** `-m addrtype`: the address's type from the routing tables, optionally only the packet's interface's. */
export function compileAddrtype(match: AddrtypeMatch): Predicate {
  const { srcType, dstType, limitIfaceIn, limitIfaceOut } = match;
  return (skb, env) => {
    const iface = limitIfaceIn ? skb.inIface : limitIfaceOut ? skb.outIface : undefined;
    if (srcType) {
      const t = env.routing.addressType(skb.src, iface);
      if (srcType.value.includes(t) === srcType.invert) return false;
    }
    if (dstType) {
      const t = env.routing.addressType(skb.dst, iface);
      if (dstType.value.includes(t) === dstType.invert) return false;
    }
    return true;
  };
}

export function compileLength(match: LengthMatch): Predicate {
  const { min, max } = match.length.value;
  const invert = match.length.invert;
  return (skb) => (skb.length >= min && skb.length <= max) !== invert;
}

export function compileTtl(match: TtlMatch): Predicate {
  const v = match.value;
  switch (match.op) {
    case "eq":
      return (skb) => skb.ttl === v;
    case "ne":
      return (skb) => skb.ttl !== v;
    case "lt":
      return (skb) => skb.ttl < v;
    case "gt":
      return (skb) => skb.ttl > v;
  }
}

export function compileTos(match: TosMatch): Predicate {
  const { value, mask } = match.tos.value;
  const invert = match.tos.invert;
  return (skb) => ((skb.tos & mask) === value) !== invert;
}

/** `-m dscp` compares the upper six bits and ignores ECN. */
export function compileDscp(match: DscpMatch): Predicate {
  const { value, invert } = match.dscp;
  return (skb) => (skb.tos >> 2 === value) !== invert;
}

export function compileMac(match: MacMatch): Predicate {
  const { value, invert } = match.source;
  return (skb) => skb.macSrc !== null && (skb.macSrc === value) !== invert;
}

/** `-m owner`: the sending socket's uid/gid; a packet without a socket matches only when every test is negated. */
export function compileOwner(match: OwnerMatch): Predicate {
  const { uid, gid, socketExists } = match;
  const allInverted = [uid, gid, socketExists].every((t) => !t || t.invert);
  return (skb) => {
    if (!skb.hasSocket) return allInverted;
    if (uid && (skb.uid >= uid.value.min && skb.uid <= uid.value.max) === uid.invert) return false;
    if (gid && (skb.gid >= gid.value.min && skb.gid <= gid.value.max) === gid.invert) return false;
    if (socketExists?.invert) return false;
    return true;
  };
}
