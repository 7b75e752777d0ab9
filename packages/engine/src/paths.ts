import { globalSysctl } from "@nfx/model";
import { answerIcmpError, deliver } from "./host-replies";
import { dropped, type Kernel } from "./kernel";
import type { OutcomeRecorder } from "./outcome";
import { checkSource, type SourceRefusal } from "./routing/source-check";
import { flagLetters, formatHeader, type Skb } from "./skb";

const SEND_ERRORS: Readonly<Record<"none" | "unreachable" | "prohibit" | "blackhole", string>> = {
  none: "Network is unreachable",
  unreachable: "No route to host",
  prohibit: "Permission denied",
  blackhole: "Invalid argument",
};

function prerouting(k: Kernel, skb: Skb, rec: OutcomeRecorder): boolean {
  rec.step({ kind: "hook", hook: "PREROUTING" });
  if (k.table("raw", "PREROUTING", skb, rec, null) === "DROP") return dropped(rec, "raw PREROUTING dropped it");
  if (!k.conntrackStep("PREROUTING", skb, rec)) return false;
  if (k.table("mangle", "PREROUTING", skb, rec, null) === "DROP") {
    return dropped(rec, "mangle PREROUTING dropped it");
  }
  return k.nat("PREROUTING", skb, rec, null) === "ACCEPT" || dropped(rec, "nat PREROUTING dropped it");
}

function postrouting(k: Kernel, skb: Skb, rec: OutcomeRecorder): boolean {
  rec.step({ kind: "hook", hook: "POSTROUTING" });
  const out = skb.outIface;
  if (k.table("mangle", "POSTROUTING", skb, rec, out) === "DROP") {
    return dropped(rec, "mangle POSTROUTING dropped it");
  }
  if (k.nat("POSTROUTING", skb, rec, out) === "DROP") return dropped(rec, "nat POSTROUTING dropped it");
  k.confirmStep("POSTROUTING", skb, rec);
  return true;
}

/** A packet from the wire: PREROUTING, the routing decision, then INPUT or FORWARD. */
export function receive(k: Kernel, skb: Skb, rec: OutcomeRecorder): void {
  if (!prerouting(k, skb, rec)) return;
  routeInput(k, skb, rec);
}

function routeInput(k: Kernel, skb: Skb, rec: OutcomeRecorder): void {
  const r = k.routing;
  // rp_filter, route_localnet, accept_local: a martian is refused at once, the reverse path once the route is known.
  const refused = skb.inIface === "lo" ? null : checkSource(r, k.host.sysctl, skb.inIface!, skb.src, skb.dst);
  const refuse = (why: SourceRefusal): void => {
    rec.step({ kind: "routing", decision: why.decision, dev: null, detail: why.detail });
    dropped(rec, why.reason);
  };
  if (refused && refused.decision !== "rp-filter") {
    refuse(refused);
    return;
  }
  if (r.isLocal(skb.dst) || r.isBroadcast(skb.dst)) {
    if (refused) {
      refuse(refused);
      return;
    }
    rec.step({ kind: "routing", decision: "local", dev: null, detail: "the destination is this host" });
    input(k, skb, rec);
    return;
  }
  if (!globalSysctl(k.host.sysctl, "net.ipv4.ip_forward")) {
    rec.step({ kind: "routing", decision: "forwarding-disabled", dev: null, detail: "ip_forward is 0" });
    dropped(rec, "not for this host and forwarding is off: dropped without an answer");
    return;
  }
  const route = r.lookup(skb.dst, skb.mark);
  if (route.kind !== "unicast") {
    const detail = route.kind === "none" ? "no route to the destination" : `a ${route.kind} route`;
    const decision = route.kind === "none" ? "no-route" : route.kind === "prohibit" ? "unreachable" : route.kind;
    rec.step({ kind: "routing", decision, dev: null, detail });
    if (route.kind === "none") answerIcmpError(k, skb, 3, 0, "no route: ICMP net unreachable", rec, "routing");
    if (route.kind === "unreachable")
      answerIcmpError(k, skb, 3, 1, "unreachable route: ICMP host unreachable", rec, "routing");
    if (route.kind === "prohibit")
      answerIcmpError(k, skb, 3, 13, "prohibit route: ICMP administratively prohibited", rec, "routing");
    dropped(rec, detail);
    return;
  }
  if (refused) {
    refuse(refused);
    return;
  }
  if (skb.ttl <= 1) {
    rec.step({
      kind: "routing",
      decision: "ttl-exceeded",
      dev: route.dev,
      detail: `TTL ${skb.ttl} cannot be forwarded`,
    });
    answerIcmpError(k, skb, 11, 0, "TTL exceeded in transit", rec, "routing");
    dropped(rec, "TTL exceeded");
    return;
  }
  skb.ttl -= 1;
  skb.outIface = route.dev;
  rec.step({ kind: "routing", decision: "forward", dev: route.dev, detail: `forwarded out ${route.dev}` });
  if (route.dev === skb.inIface && k.routing.sourceToward(skb.src) !== null && onLink(k, skb)) {
    answerIcmpError(k, skb, 5, 1, "forwarded out of the interface it came in on: ICMP redirect", rec, "routing");
  }
  forward(k, skb, rec);
}

function onLink(k: Kernel, skb: Skb): boolean {
  return k.routing.deviceToward(skb.src) === skb.inIface;
}

function input(k: Kernel, skb: Skb, rec: OutcomeRecorder): void {
  rec.step({ kind: "hook", hook: "INPUT" });
  if (!k.tables(["mangle", "filter"], "INPUT", skb, rec, null)) return;
  if (k.nat("INPUT", skb, rec, null) === "DROP") {
    dropped(rec, "nat INPUT dropped it");
    return;
  }
  if (!k.tables(["security"], "INPUT", skb, rec, null)) return;
  k.confirmStep("INPUT", skb, rec);
  deliver(k, skb, rec);
}

function forward(k: Kernel, skb: Skb, rec: OutcomeRecorder): void {
  rec.step({ kind: "hook", hook: "FORWARD" });
  if (!k.tables(["mangle", "filter", "security"], "FORWARD", skb, rec, skb.outIface)) return;
  if (!postrouting(k, skb, rec)) return;
  egress(skb, rec, "forwarded");
}

function egress(skb: Skb, rec: OutcomeRecorder, fate: "forwarded" | "sent"): void {
  const dev = skb.outIface!;
  const header = formatHeader(skb);
  rec.fate = fate;
  rec.egress = {
    dev,
    header,
    ...(skb.proto === "tcp" ? { flags: flagLetters(skb.flags) } : {}),
    ttl: skb.ttl,
    tos: skb.tos,
  };
  rec.step({ kind: "egress", dev, header });
}

/** A locally generated packet: route, OUTPUT, POSTROUTING, then the wire or, to this host, back in via lo. */
export function localOut(k: Kernel, skb: Skb, rec: OutcomeRecorder, fromSocket: boolean): void {
  const route = k.routing.lookup(skb.dst, skb.mark);
  if (route.kind !== "unicast" && route.kind !== "local") {
    const errno = SEND_ERRORS[route.kind];
    rec.step({
      kind: "routing",
      decision: route.kind === "none" ? "no-route" : "unreachable",
      dev: null,
      detail: errno,
    });
    if (fromSocket) rec.sendError = errno;
    dropped(rec, `sendto() fails: ${errno}`);
    return;
  }
  skb.outIface = route.dev;
  rec.step({ kind: "routing", decision: "output", dev: route.dev, detail: `routed out ${route.dev}` });
  if (!output(k, skb, rec, route.dev) || !postrouting(k, skb, rec)) {
    // NF_DROP in OUTPUT or POSTROUTING comes back to the sending socket as EPERM.
    if (fromSocket) rec.sendError = "Operation not permitted";
    return;
  }
  if (skb.outIface !== "lo") {
    egress(skb, rec, "sent");
    return;
  }
  rec.step({ kind: "loopback" });
  skb.inIface = "lo";
  skb.outIface = null;
  if (!prerouting(k, skb, rec)) return;
  routeInput(k, skb, rec);
}

/** The OUTPUT hook; `hookOut` stays the device routed before it, even after a reroute (as the kernel's hook state). */
function output(k: Kernel, skb: Skb, rec: OutcomeRecorder, hookOut: string): boolean {
  rec.step({ kind: "hook", hook: "OUTPUT" });
  if (k.table("raw", "OUTPUT", skb, rec, hookOut) === "DROP") return dropped(rec, "raw OUTPUT dropped it");
  if (!k.conntrackStep("OUTPUT", skb, rec)) return false;
  const before = { mark: skb.mark, src: skb.src, dst: skb.dst, tos: skb.tos };
  if (k.table("mangle", "OUTPUT", skb, rec, hookOut) === "DROP") return dropped(rec, "mangle OUTPUT dropped it");
  const changed =
    skb.mark !== before.mark || skb.src !== before.src || skb.dst !== before.dst || skb.tos !== before.tos;
  if (changed && !reroute(k, skb, rec)) return false;
  const dstBeforeNat = skb.dst;
  if (k.nat("OUTPUT", skb, rec, hookOut) === "DROP") return dropped(rec, "nat OUTPUT dropped it");
  if (skb.dst !== dstBeforeNat && !reroute(k, skb, rec)) return false;
  return k.tables(["filter", "security"], "OUTPUT", skb, rec, hookOut);
}

/** `ip_route_me_harder()`: OUTPUT changed the mark or the destination, so look the route up again. */
function reroute(k: Kernel, skb: Skb, rec: OutcomeRecorder): boolean {
  const route = k.routing.lookup(skb.dst, skb.mark);
  if (route.kind !== "unicast" && route.kind !== "local") {
    rec.step({ kind: "routing", decision: "no-route", dev: null, detail: "rerouting after OUTPUT found no route" });
    return dropped(rec, "no route after rerouting");
  }
  if (route.dev !== skb.outIface) {
    rec.step({ kind: "routing", decision: "reroute", dev: route.dev, detail: `rerouted out ${route.dev}` });
  }
  skb.outIface = route.dev;
  return true;
}
