import { globalSysctl, type HookName, type Host } from "@nfx/model";
import type { HostReplies } from "./host-replies";
import { Kernel } from "./kernel";
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
    return this.hook("PREROUTING", skb, t, null);
  }

  private postrouting(skb: Skb, t: Traversal): boolean {
    return this.hook("POSTROUTING", skb, t, skb.outIface);
  }

  /**
   * Runs a hook's plan (hook-plan.ts): every base chain in priority order, conntrack, the NAT core and confirm.
   * An accept ends one base chain, a drop the packet. In OUTPUT, a chain that may reroute (iptables' mangle,
   * a native `type route` chain) and a NAT that changed the destination make the host look the route up again
   * (`ip_route_me_harder`); a `type filter` chain's mark does not (N8). `hookOut` stays the device routed before
   * the hook, even after a reroute, as the kernel's hook state does.
   */
  private hook(hook: HookName, skb: Skb, t: Traversal, hookOut: string | null): boolean {
    const { k } = this;
    t.rec.step({ kind: "hook", hook });
    if (hook === "PREROUTING" || hook === "OUTPUT") t.rec.enterHook(skb);
    const plan = k.plan[hook];
    for (let i = 0; i < plan.length; i++) {
      const step = plan[i]!;
      switch (step.kind) {
        case "conntrack":
          if (!k.conntrackStep(t, hook, skb)) return false;
          break;
        case "confirm":
          k.confirmStep(t, hook, skb);
          break;
        case "nat": {
          const dstBefore = skb.dst;
          if (k.nat(t, step, skb, hookOut) === "DROP") return dropped(t.rec, `nat ${hook} dropped it`);
          if (hook === "OUTPUT" && skb.dst !== dstBefore && !this.reroute(skb, t.rec)) return false;
          break;
        }
        case "chain": {
          const ref = step.chain;
          const reroutes =
            hook === "OUTPUT" && (ref.kind === "iptables" ? ref.table === "mangle" : ref.type === "route");
          const before = { mark: skb.mark, src: skb.src, dst: skb.dst, tos: skb.tos };
          if (k.chain(t, ref, skb, hookOut) === "DROP") return dropped(t.rec, Kernel.dropReason(ref));
          const changed =
            skb.mark !== before.mark || skb.src !== before.src || skb.dst !== before.dst || skb.tos !== before.tos;
          if (reroutes && changed && !this.reroute(skb, t.rec)) return false;
          break;
        }
      }
    }
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
    // __mkroute_input(): a redirect only when the sender (and the gateway) are on the link it came from
    // (inet_addr_onlink); a sender behind a router on that link gets none.
    const onLink = (a: number) => r.isOnLink(route.dev, a);
    if (route.dev === skb.inIface && onLink(skb.src) && (route.via === null || onLink(route.via))) {
      const reason = "forwarded out of the interface it came in on: ICMP redirect";
      this.replies.icmpError(skb, 5, 1, reason, t, "routing");
    }
    this.forward(skb, t);
  }

  private input(skb: Skb, t: Traversal): void {
    if (!this.hook("INPUT", skb, t, null)) return;
    this.replies.deliver(skb, t);
  }

  private forward(skb: Skb, t: Traversal): void {
    if (!this.hook("FORWARD", skb, t, skb.outIface)) return;
    if (!this.postrouting(skb, t)) return;
    egress(skb, t.rec, "forwarded");
  }

  /** The OUTPUT hook; `hookOut` stays the device routed before it, even after a reroute (as the kernel's hook state). */
  private output(skb: Skb, t: Traversal, hookOut: string): boolean {
    return this.hook("OUTPUT", skb, t, hookOut);
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
