import { confSysctl, formatIpv4, type Ipv4, type Sysctls } from "@nfx/model";
import type { RoutingDecision } from "../result";
import type { Routing } from "./routing";

/** Why the input routing decision refuses a packet from the wire; null when it passes. */
export interface SourceRefusal {
  readonly decision: Extract<RoutingDecision, "martian" | "martian-destination" | "rp-filter">;
  readonly detail: string;
  readonly reason: string;
}

const isLoopback = (a: Ipv4) => a >>> 24 === 127;

/**
 * The checks of `ip_route_input_slow()` that depend on the host's sysctls, for a packet that arrived on `iif`
 * (not lo) going to `dst`: 127.0.0.0/8 on the wire (`route_localnet`), a source that is one of this host's
 * addresses (`accept_local`) and the reverse-path filter (`rp_filter`, in `fib_validate_source()`): the route
 * back to the source, looked up without the packet's mark (`src_valid_mark` is 0), must leave by `iif` (strict,
 * 1) or exist at all (loose, 2). The kernel drops a refused packet without an answer and counts a martian.
 */
export function checkSource(
  routing: Routing,
  sysctl: Sysctls,
  iif: string,
  src: Ipv4,
  dst: Ipv4,
): SourceRefusal | null {
  const localnet = confSysctl(sysctl, iif, "route_localnet") === 1;
  if (isLoopback(dst) && !localnet) {
    return {
      decision: "martian-destination",
      detail: `martian destination ${formatIpv4(dst)} from ${formatIpv4(src)} on ${iif}: route_localnet is 0`,
      reason: "a loopback destination from the wire: routing drops it silently",
    };
  }
  if (isLoopback(src) && !localnet) {
    return {
      decision: "martian",
      detail: `martian source ${formatIpv4(src)} on ${iif}: route_localnet is 0`,
      reason: "martian source: routing drops it silently",
    };
  }
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
