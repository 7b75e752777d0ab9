import { confSysctl, formatIpv4, type Ipv4, type Sysctls } from "@nfx/model";
import type { RoutingDecision } from "../result";
import { isMulticast, type Routing } from "./routing";

/** Why the input routing decision refuses a packet from the wire; null when it passes. */
export interface SourceRefusal {
  readonly decision: Extract<RoutingDecision, "martian" | "martian-destination" | "rp-filter" | "not-joined">;
  readonly detail: string;
  readonly reason: string;
}

const isLoopback = (a: Ipv4) => a >>> 24 === 127;
const LIMITED_BROADCAST = 0xffffffff;
/** 0.0.0.0/8: "this network", only ever a source, and only toward the limited broadcast. */
const isZeronet = (a: Ipv4) => a >>> 24 === 0;
/** 224.0.0.0/24: link-local groups, which a host may address before it has an address. */
const isLocalMulticast = (a: Ipv4) => a >>> 8 === 0xe00000;

function martianSource(src: Ipv4, iif: string, why: string): SourceRefusal {
  return {
    decision: "martian",
    detail: `martian source ${formatIpv4(src)} on ${iif}: ${why}`,
    reason: "martian source: routing drops it silently",
  };
}

/**
 * The checks of the input routing decision for a packet that arrived on `iif` (not lo) going to `dst`, in the
 * kernel's order. A multicast destination is decided first (`ip_route_input_rcu`): a group the host has not
 * joined is dropped, a joined one has its source checked by `ip_mc_validate_source()`. Then
 * `ip_route_input_slow()`: a multicast or limited-broadcast source is a martian; the limited broadcast is
 * delivered (its source checked unless 0.0.0.0, so DHCP's first packet passes); any other 0.0.0.0/8 source is a
 * martian; 127.0.0.0/8 on the wire needs `route_localnet`; then the source must not be this host's
 * (`accept_local`) and passes the reverse-path filter (`rp_filter`, in `fib_validate_source()`): the route back
 * to the source, looked up without the packet's mark (`src_valid_mark` is 0), must leave by `iif` (strict, 1)
 * or exist at all (loose, 2). The kernel drops a refused packet without an answer and counts a martian.
 */
export function checkSource(
  routing: Routing,
  sysctl: Sysctls,
  iif: string,
  src: Ipv4,
  dst: Ipv4,
): SourceRefusal | null {
  const localnet = confSysctl(sysctl, iif, "route_localnet") === 1;
  if (isMulticast(dst)) {
    if (!routing.joinedGroup(dst)) {
      return {
        decision: "not-joined",
        detail: `${formatIpv4(dst)} is a multicast group this host has not joined on ${iif}`,
        reason: "a multicast group this host has not joined (and it routes no multicast): dropped",
      };
    }
    if (isMulticast(src) || src === LIMITED_BROADCAST) return martianSource(src, iif, "a group or broadcast address");
    if (isLoopback(src) && !localnet) return martianSource(src, iif, "route_localnet is 0");
    if (isZeronet(src)) {
      return isLocalMulticast(dst) ? null : martianSource(src, iif, "0.0.0.0 only to a link-local group");
    }
    return validateSource(routing, sysctl, iif, src);
  }
  if (isMulticast(src) || src === LIMITED_BROADCAST) return martianSource(src, iif, "a group or broadcast address");
  if (dst === LIMITED_BROADCAST || (src === 0 && dst === 0)) {
    return src === 0 ? null : validateSource(routing, sysctl, iif, src);
  }
  if (isZeronet(src)) return martianSource(src, iif, "0.0.0.0/8 only toward the limited broadcast");
  if (isLoopback(dst) && !localnet) {
    return {
      decision: "martian-destination",
      detail: `martian destination ${formatIpv4(dst)} from ${formatIpv4(src)} on ${iif}: route_localnet is 0`,
      reason: "a loopback destination from the wire: routing drops it silently",
    };
  }
  if (isLoopback(src) && !localnet) return martianSource(src, iif, "route_localnet is 0");
  return validateSource(routing, sysctl, iif, src);
}

/** `fib_validate_source()`: the host's own address as a source (`accept_local`), then `rp_filter`. */
function validateSource(routing: Routing, sysctl: Sysctls, iif: string, src: Ipv4): SourceRefusal | null {
  const rp = confSysctl(sysctl, iif, "rp_filter");
  const acceptLocal = confSysctl(sysctl, iif, "accept_local") === 1;
  if (routing.isLocal(src)) {
    if (!acceptLocal) {
      return {
        decision: "martian",
        detail: "the source is one of this host's addresses",
        reason: "martian source: routing drops it silently",
      };
    }
    // accept_local: the route back is a local route, whose device is the one owning the address.
    if (rp === 1 && routing.ownerOf(src) !== iif) return rpRefusal(src, iif, rp, `${routing.ownerOf(src) ?? "lo"}`);
    return null;
  }
  if (rp === 0) return null;
  const back = routing.lookup(src, 0);
  if (back.kind !== "unicast" && back.kind !== "local") return rpRefusal(src, iif, rp, null);
  if (back.dev === iif || rp === 2) return null;
  return rpRefusal(src, iif, rp, back.dev);
}

function rpRefusal(src: Ipv4, iif: string, rp: number, backDev: string | null): SourceRefusal {
  const mode = rp === 1 ? "rp_filter=1 (strict)" : "rp_filter=2 (loose)";
  const why =
    backDev === null
      ? `there is no route back to ${formatIpv4(src)}`
      : `the route back to ${formatIpv4(src)} leaves by ${backDev}, not ${iif} where the packet came in`;
  return {
    decision: "rp-filter",
    detail: `${mode} on ${iif}: ${why}`,
    reason: "reverse-path filter: routing drops it silently (a martian source)",
  };
}
