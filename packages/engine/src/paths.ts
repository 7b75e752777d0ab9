import { globalSysctl, type Host } from "@nfx/model";
import type { HostReplies } from "./host-replies";
import type { Kernel } from "./kernel";
import { dropped, type OutcomeRecorder } from "./outcome";
import { checkSource, type SourceRefusal } from "./routing/source-check";
import { flagLetters, formatHeader, icmpDetails, type Skb } from "./skb";
import type { Traversal } from "./traverse";

const SEND_ERRORS: Readonly<Record<"none" | "unreachable" | "prohibit" | "blackhole", string>> = {
  none: "Network is unreachable",
  unreachable: "No route to host",
  prohibit: "Permission denied",
  blackhole: "Invalid argument",
};

/**
 * The paths a packet takes through the host (`ip_rcv`, `ip_forward`, `ip_local_out`...): the hooks in order,
 * the routing decisions between them, delivery to the local stack and the way out.
 */
export class PacketPaths {
  constructor(
    private readonly k: Kernel,
    private readonly replies: HostReplies,
    private readonly sysctl: Host["sysctl"],
  ) {}

  /** A packet from the wire: PREROUTING, the routing decision, then INPUT or FORWARD. */
  receive(skb: Skb, t: Traversal): void {
    if (!this.prerouting(skb, t)) return;
    this.routeInput(skb, t);
  }

  /** A locally generated packet: route, OUTPUT, POSTROUTING, then the wire or, to this host, back in via lo. */
  localOut(skb: Skb, t: Traversal, fromSocket: boolean): void {
    const { rec } = t;
    const route = this.k.routing.lookup(skb.dst, skb.mark);
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
    if (!this.output(skb, t, route.dev) || !this.postrouting(skb, t)) {
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
    if (!this.prerouting(skb, t)) return;
    this.routeInput(skb, t);
  }

  private prerouting(skb: Skb, t: Traversal): boolean {
    const { k } = this;
    t.rec.step({ kind: "hook", hook: "PREROUTING" });
    if (k.table(t, "raw", "PREROUTING", skb, null) === "DROP") return dropped(t.rec, "raw PREROUTING dropped it");
    if (!k.conntrackStep(t, "PREROUTING", skb)) return false;
    if (k.table(t, "mangle", "PREROUTING", skb, null) === "DROP") {
      return dropped(t.rec, "mangle PREROUTING dropped it");
    }
    return k.nat(t, "PREROUTING", skb, null) === "ACCEPT" || dropped(t.rec, "nat PREROUTING dropped it");
  }

  private postrouting(skb: Skb, t: Traversal): boolean {
    const { k } = this;
    t.rec.step({ kind: "hook", hook: "POSTROUTING" });
    const out = skb.outIface;
    if (k.table(t, "mangle", "POSTROUTING", skb, out) === "DROP") {
      return dropped(t.rec, "mangle POSTROUTING dropped it");
    }
    if (k.nat(t, "POSTROUTING", skb, out) === "DROP") return dropped(t.rec, "nat POSTROUTING dropped it");
    k.confirmStep(t, "POSTROUTING", skb);
    return true;
  }

  private routeInput(skb: Skb, t: Traversal): void {
    const { rec } = t;
    const r = this.k.routing;
    // rp_filter, route_localnet, accept_local: a martian is refused at once, the reverse path once the route is known.
    const refused = skb.inIface === "lo" ? null : checkSource(r, this.sysctl, skb.inIface!, skb.src, skb.dst);
    const refuse = (why: SourceRefusal): void => {
      rec.step({ kind: "routing", decision: why.decision, dev: null, detail: why.detail });
      dropped(rec, why.reason);
    };
    if (refused && refused.decision !== "rp-filter") {
      refuse(refused);
      return;
    }
    if (r.deliversLocally(skb.dst)) {
      if (refused) {
        refuse(refused);
        return;
      }
      rec.step({ kind: "routing", decision: "local", dev: null, detail: "the destination is this host" });
      this.input(skb, t);
      return;
    }
    if (!globalSysctl(this.sysctl, "net.ipv4.ip_forward")) {
      rec.step({ kind: "routing", decision: "forwarding-disabled", dev: null, detail: "ip_forward is 0" });
      dropped(rec, "not for this host and forwarding is off: dropped without an answer");
      return;
    }
    const route = r.lookup(skb.dst, skb.mark);
    if (route.kind !== "unicast") {
      const detail = route.kind === "none" ? "no route to the destination" : `a ${route.kind} route`;
      const decision = route.kind === "none" ? "no-route" : route.kind === "prohibit" ? "unreachable" : route.kind;
      rec.step({ kind: "routing", decision, dev: null, detail });
      const replies = this.replies;
      if (route.kind === "none") replies.icmpError(skb, 3, 0, "no route: ICMP net unreachable", t, "routing");
      if (route.kind === "unreachable")
        replies.icmpError(skb, 3, 1, "unreachable route: ICMP host unreachable", t, "routing");
      if (route.kind === "prohibit")
        replies.icmpError(skb, 3, 13, "prohibit route: ICMP administratively prohibited", t, "routing");
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
      this.replies.icmpError(skb, 11, 0, "TTL exceeded in transit", t, "routing");
      dropped(rec, "TTL exceeded");
      return;
    }
    skb.ttl -= 1;
    skb.outIface = route.dev;
    rec.step({ kind: "routing", decision: "forward", dev: route.dev, detail: `forwarded out ${route.dev}` });
    if (route.dev === skb.inIface && r.sourceToward(skb.src) !== null && r.deviceToward(skb.src) === skb.inIface) {
      const reason = "forwarded out of the interface it came in on: ICMP redirect";
      this.replies.icmpError(skb, 5, 1, reason, t, "routing");
    }
    this.forward(skb, t);
  }

  private input(skb: Skb, t: Traversal): void {
    const { k } = this;
    t.rec.step({ kind: "hook", hook: "INPUT" });
    if (!k.tables(t, ["mangle", "filter"], "INPUT", skb, null)) return;
    if (k.nat(t, "INPUT", skb, null) === "DROP") {
      dropped(t.rec, "nat INPUT dropped it");
      return;
    }
    if (!k.tables(t, ["security"], "INPUT", skb, null)) return;
    k.confirmStep(t, "INPUT", skb);
    this.replies.deliver(skb, t);
  }

  private forward(skb: Skb, t: Traversal): void {
    t.rec.step({ kind: "hook", hook: "FORWARD" });
    if (!this.k.tables(t, ["mangle", "filter", "security"], "FORWARD", skb, skb.outIface)) return;
    if (!this.postrouting(skb, t)) return;
    egress(skb, t.rec, "forwarded");
  }

  /** The OUTPUT hook; `hookOut` stays the device routed before it, even after a reroute (as the kernel's hook state). */
  private output(skb: Skb, t: Traversal, hookOut: string): boolean {
    const { k } = this;
    t.rec.step({ kind: "hook", hook: "OUTPUT" });
    if (k.table(t, "raw", "OUTPUT", skb, hookOut) === "DROP") return dropped(t.rec, "raw OUTPUT dropped it");
    if (!k.conntrackStep(t, "OUTPUT", skb)) return false;
    const before = { mark: skb.mark, src: skb.src, dst: skb.dst, tos: skb.tos };
    if (k.table(t, "mangle", "OUTPUT", skb, hookOut) === "DROP") return dropped(t.rec, "mangle OUTPUT dropped it");
    const changed =
      skb.mark !== before.mark || skb.src !== before.src || skb.dst !== before.dst || skb.tos !== before.tos;
    if (changed && !this.reroute(skb, t.rec)) return false;
    const dstBeforeNat = skb.dst;
    if (k.nat(t, "OUTPUT", skb, hookOut) === "DROP") return dropped(t.rec, "nat OUTPUT dropped it");
    if (skb.dst !== dstBeforeNat && !this.reroute(skb, t.rec)) return false;
    return k.tables(t, ["filter", "security"], "OUTPUT", skb, hookOut);
  }

  /** `ip_route_me_harder()`: OUTPUT changed the mark or the destination, so look the route up again. */
  private reroute(skb: Skb, rec: OutcomeRecorder): boolean {
    const route = this.k.routing.lookup(skb.dst, skb.mark);
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
    ...icmpDetails(skb),
  };
  rec.step({ kind: "egress", dev, header });
}
