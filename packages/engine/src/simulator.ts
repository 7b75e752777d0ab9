import type { HookName, Host, PacketSpec, Ruleset, TableName } from "@nfx/model";
import { type CompiledRuleset, compileRuleset, type InterfaceIndex } from "./compile";
import { IPS_DST_NAT, IPS_DST_NAT_DONE, IPS_SRC_NAT, IPS_SRC_NAT_DONE, type Manip, natDoneBit } from "./conntrack/conn";
import { formatConn } from "./conntrack/format";
import { type ConntrackState, confirm, conntrackIn } from "./conntrack/lookup";
import { ConntrackTable, packetTuple } from "./conntrack/table";
import { type EvalEnv, seededRandom } from "./env";
import { IcmpRateLimit } from "./icmp-limit";
import { LocalStack } from "./local-stack";
import { applyNat, translateIcmpError } from "./nat/apply";
import { setupBinding } from "./nat/binding";
import { OutcomeRecorder } from "./outcome";
import { attachConntrack, icmpError, skbFromSpec, tcpReset, turnAround } from "./packets";
import type { CounterEntry, PacketOutcome, ResponseOutcome } from "./result";
import { Routing } from "./routing/routing";
import { flagLetters, formatHeader, isIcmpError, type Skb } from "./skb";
import { runBaseChain, type TargetHost } from "./traverse";

export interface SimulatorOptions {
  /** Seed of the random source (statistic --mode random, SNAT port choice, ISNs). */
  readonly seed?: number;
}

type Verdict = "ACCEPT" | "DROP";

const REJECT_ICMP: Readonly<Record<string, readonly [number, number]>> = {
  "icmp-net-unreachable": [3, 0],
  "icmp-host-unreachable": [3, 1],
  "icmp-proto-unreachable": [3, 2],
  "icmp-port-unreachable": [3, 3],
  "icmp-net-prohibited": [3, 9],
  "icmp-host-prohibited": [3, 10],
  "icmp-admin-prohibited": [3, 13],
};

/**
 * A host with a ruleset, fed packets one after another. Conntrack, counters and rule state carry from one
 * packet to the next, as on a real host; every answer the host sends is recorded as a response.
 */
export class Simulator {
  private readonly rs: CompiledRuleset;
  private readonly routing: Routing;
  private readonly ifaces: InterfaceIndex;
  private readonly ct: ConntrackState;
  private readonly ctEnabled: boolean;
  private readonly natActive: boolean;
  private readonly env: EvalEnv;
  private readonly stack: LocalStack;
  private readonly icmpLimit = new IcmpRateLimit();
  private readonly responseList: ResponseOutcome[] = [];
  private readonly recs: OutcomeRecorder[] = [];
  private packetNumber = 0;

  constructor(
    private readonly host: Host,
    ruleset: Ruleset,
    options: SimulatorOptions = {},
  ) {
    this.routing = new Routing(host);
    this.ifaces = new Map(this.routing.interfaceNames().map((name, i) => [name, i] as const));
    this.rs = compileRuleset(ruleset, this.ifaces);
    const random = seededRandom(options.seed ?? 1);
    this.ct = {
      table: new ConntrackTable(),
      tcpLoose: host.tcpLoose,
      isn: () => Math.floor(random() * 0x100000000),
    };
    this.ctEnabled = host.conntrack === "on" || this.rs.needsConntrack;
    this.natActive = this.ctEnabled && this.rs.hasNatTable;
    this.stack = new LocalStack(host.listen);
    this.env = {
      hook: "PREROUTING",
      table: "raw",
      routing: this.routing,
      now: 0,
      random,
      warn: (m) => this.rec().warn(m),
      log: (line) => this.rec().step({ kind: "log", line }),
    };
  }

  private rec(): OutcomeRecorder {
    return this.recs[this.recs.length - 1]!;
  }

  /** Sends one scenario packet through the host and returns what happened to it. */
  send(spec: PacketSpec): PacketOutcome {
    this.packetNumber += 1;
    const rec = new OutcomeRecorder();
    this.recs.push(rec);
    const skb = skbFromSpec(spec, this.autoAck(spec));
    // The clock only moves forward: a packet dated before the previous one is sent right after it.
    this.env.now = Math.max(this.env.now, spec.at);
    if (spec.from === "local") {
      skb.hasSocket = true;
      skb.uid = spec.uid;
      skb.gid = spec.gid;
      this.localOut(skb, rec, true);
    } else {
      skb.inIface = spec.from;
      skb.macSrc = spec.mac ?? peerMac(spec.from);
      this.receive(skb, rec);
    }
    this.recs.pop();
    return rec.finish();
  }

  responses(): readonly ResponseOutcome[] {
    return this.responseList;
  }

  /** `conntrack -L`, sorted, without timeouts. */
  conntrack(): string[] {
    return this.ct.table.all().map(formatConn).sort();
  }

  counters(): CounterEntry[] {
    const out: CounterEntry[] = [];
    for (const [table, chains] of this.rs.chains) {
      for (const chain of chains.values()) {
        for (let i = 0; i < chain.n; i++) {
          if (chain.packets[i])
            out.push({ table, chain: chain.name, rule: i + 1, packets: chain.packets[i]!, bytes: chain.bytes[i]! });
        }
        if (chain.policyPackets) {
          out.push({
            table,
            chain: chain.name,
            rule: "policy",
            packets: chain.policyPackets,
            bytes: chain.policyBytes,
          });
        }
      }
    }
    return out;
  }

  /** `ack: "auto"`: acknowledge what the other side of this flow last sent. */
  private autoAck(spec: PacketSpec): number {
    if (spec.ack !== "auto") return spec.ack ?? 0;
    const hit = this.ct.table.find(packetTuple({ ...spec }), 0);
    return hit ? (hit.conn.nextSeq[hit.dir === 0 ? 1 : 0] ?? 0) : 0;
  }

  // ---- hooks -------------------------------------------------------------------------------------------

  private table(table: TableName, hook: HookName, skb: Skb, rec: OutcomeRecorder, hookOut: string | null): Verdict {
    const chain = this.rs.base(table, hook);
    if (!chain) return "ACCEPT";
    this.env.hook = hook;
    this.env.table = table;
    return runBaseChain({ chain, hook, hookOut }, skb, this.env, this.ifaces, rec, this.targets(hook, rec));
  }

  private tables(tables: readonly TableName[], hook: HookName, skb: Skb, rec: OutcomeRecorder, out: string | null) {
    for (const t of tables) {
      if (this.table(t, hook, skb, rec, out) === "DROP") return dropped(rec, `${t} ${hook} dropped it`);
    }
    return true;
  }

  private targets(hook: HookName, rec: OutcomeRecorder): TargetHost {
    return {
      reject: (skb, action) => {
        if (action.with === "tcp-reset") {
          if (skb.proto === "tcp" && !this.routing.isBroadcast(skb.dst)) {
            const rst = tcpReset(skb);
            attachConntrack(rst, skb);
            this.respond(rst, "REJECT --reject-with tcp-reset", rec);
          }
          return;
        }
        const [type, code] = REJECT_ICMP[action.with]!;
        this.icmpError(skb, type, code, `REJECT --reject-with ${action.with}`, rec);
      },
      nat: (skb, action) => (skb.ct ? setupBinding(skb, skb.ct, action.target, hook, this.natContext()) : true),
    };
  }

  private natContext() {
    return { table: this.ct.table, routing: this.routing, random: this.env.random };
  }

  private conntrackStep(hook: HookName, skb: Skb, rec: OutcomeRecorder): void {
    if (!this.ctEnabled) return;
    const action = conntrackIn(skb, this.ct);
    rec.step({ kind: "conntrack", hook, action, entry: skb.ct ? formatConn(skb.ct) : null });
  }

  private confirmStep(hook: HookName, skb: Skb, rec: OutcomeRecorder): void {
    if (this.ctEnabled && confirm(skb, this.ct.table)) {
      rec.step({ kind: "conntrack", hook, action: "confirmed", entry: formatConn(skb.ct!) });
    }
  }

  /** The NAT hook: run the nat chain for a connection's first packet, then apply the binding to every packet. */
  private nat(hook: HookName, skb: Skb, rec: OutcomeRecorder, hookOut: string | null): Verdict {
    const conn = skb.ct;
    if (!this.natActive || !conn) return "ACCEPT";
    const manip: Manip = hook === "PREROUTING" || hook === "OUTPUT" ? "DST" : "SRC";
    const before = formatHeader(skb);
    if (skb.ctinfo === "RELATED" && isIcmpError(skb)) {
      if (skb.icmpType === 5) {
        // "Redirects on non-null nats must be dropped": also while the connection's NAT is not yet complete.
        const done = (conn.status & (IPS_SRC_NAT_DONE | IPS_DST_NAT_DONE)) === (IPS_SRC_NAT_DONE | IPS_DST_NAT_DONE);
        if (!done || conn.status & (IPS_SRC_NAT | IPS_DST_NAT)) {
          dropped(rec, "NAT drops an ICMP redirect about a NATed connection");
          return "DROP";
        }
      }
      if (translateIcmpError(skb, conn, manip)) this.noteNat(hook, manip, before, skb, rec);
      return "ACCEPT";
    }
    if ((skb.ctinfo === "NEW" || skb.ctinfo === "RELATED") && !(conn.status & natDoneBit(manip))) {
      if (this.table("nat", hook, skb, rec, hookOut) === "DROP") return "DROP";
      conn.status |= natDoneBit(manip);
    }
    if (applyNat(skb, conn, manip)) this.noteNat(hook, manip, before, skb, rec);
    return "ACCEPT";
  }

  private noteNat(hook: HookName, manip: Manip, from: string, skb: Skb, rec: OutcomeRecorder): void {
    rec.step({ kind: "nat", hook, manip: manip === "SRC" ? "SNAT" : "DNAT", from, to: formatHeader(skb) });
  }

  private prerouting(skb: Skb, rec: OutcomeRecorder): boolean {
    rec.step({ kind: "hook", hook: "PREROUTING" });
    if (this.table("raw", "PREROUTING", skb, rec, null) === "DROP") return dropped(rec, "raw PREROUTING dropped it");
    this.conntrackStep("PREROUTING", skb, rec);
    if (this.table("mangle", "PREROUTING", skb, rec, null) === "DROP") {
      return dropped(rec, "mangle PREROUTING dropped it");
    }
    return this.nat("PREROUTING", skb, rec, null) === "ACCEPT" || dropped(rec, "nat PREROUTING dropped it");
  }

  private postrouting(skb: Skb, rec: OutcomeRecorder): boolean {
    rec.step({ kind: "hook", hook: "POSTROUTING" });
    const out = skb.outIface;
    if (this.table("mangle", "POSTROUTING", skb, rec, out) === "DROP") {
      return dropped(rec, "mangle POSTROUTING dropped it");
    }
    if (this.nat("POSTROUTING", skb, rec, out) === "DROP") return dropped(rec, "nat POSTROUTING dropped it");
    this.confirmStep("POSTROUTING", skb, rec);
    return true;
  }

  // ---- paths -------------------------------------------------------------------------------------------

  /** A packet from the wire: PREROUTING, the routing decision, then INPUT or FORWARD. */
  private receive(skb: Skb, rec: OutcomeRecorder): void {
    if (!this.prerouting(skb, rec)) return;
    this.routeInput(skb, rec);
  }

  private routeInput(skb: Skb, rec: OutcomeRecorder): void {
    const r = this.routing;
    if (skb.inIface !== "lo" && r.isLocal(skb.src)) {
      rec.step({
        kind: "routing",
        decision: "martian",
        dev: null,
        detail: "the source is one of this host's addresses",
      });
      dropped(rec, "martian source: routing drops it silently");
      return;
    }
    if (r.isLocal(skb.dst) || r.isBroadcast(skb.dst)) {
      rec.step({ kind: "routing", decision: "local", dev: null, detail: "the destination is this host" });
      this.input(skb, rec);
      return;
    }
    if (!this.host.ipForward) {
      rec.step({ kind: "routing", decision: "forwarding-disabled", dev: null, detail: "ip_forward is 0" });
      dropped(rec, "not for this host and forwarding is off: dropped without an answer");
      return;
    }
    const route = r.lookup(skb.dst, skb.mark);
    if (route.kind !== "unicast") {
      const detail = route.kind === "none" ? "no route to the destination" : `a ${route.kind} route`;
      const decision = route.kind === "none" ? "no-route" : route.kind === "prohibit" ? "unreachable" : route.kind;
      rec.step({ kind: "routing", decision, dev: null, detail });
      if (route.kind === "none") this.icmpError(skb, 3, 0, "no route: ICMP net unreachable", rec);
      if (route.kind === "unreachable") this.icmpError(skb, 3, 1, "unreachable route: ICMP host unreachable", rec);
      if (route.kind === "prohibit")
        this.icmpError(skb, 3, 13, "prohibit route: ICMP administratively prohibited", rec);
      dropped(rec, detail);
      return;
    }
    if (skb.ttl <= 1) {
      rec.step({
        kind: "routing",
        decision: "ttl-exceeded",
        dev: route.dev,
        detail: `TTL ${skb.ttl} cannot be forwarded`,
      });
      this.icmpError(skb, 11, 0, "TTL exceeded in transit", rec);
      dropped(rec, "TTL exceeded");
      return;
    }
    skb.ttl -= 1;
    skb.outIface = route.dev;
    rec.step({ kind: "routing", decision: "forward", dev: route.dev, detail: `forwarded out ${route.dev}` });
    if (route.dev === skb.inIface && this.routing.sourceToward(skb.src) !== null && this.onLink(skb)) {
      this.icmpError(skb, 5, 1, "forwarded out of the interface it came in on: ICMP redirect", rec);
    }
    this.forward(skb, rec);
  }

  private onLink(skb: Skb): boolean {
    return this.routing.deviceToward(skb.src) === skb.inIface;
  }

  private input(skb: Skb, rec: OutcomeRecorder): void {
    rec.step({ kind: "hook", hook: "INPUT" });
    if (!this.tables(["mangle", "filter"], "INPUT", skb, rec, null)) return;
    if (this.nat("INPUT", skb, rec, null) === "DROP") {
      dropped(rec, "nat INPUT dropped it");
      return;
    }
    if (!this.tables(["security"], "INPUT", skb, rec, null)) return;
    this.confirmStep("INPUT", skb, rec);
    this.deliver(skb, rec);
  }

  private forward(skb: Skb, rec: OutcomeRecorder): void {
    rec.step({ kind: "hook", hook: "FORWARD" });
    if (!this.tables(["mangle", "filter", "security"], "FORWARD", skb, rec, skb.outIface)) return;
    if (!this.postrouting(skb, rec)) return;
    this.egress(skb, rec, "forwarded");
  }

  private egress(skb: Skb, rec: OutcomeRecorder, fate: "forwarded" | "sent"): void {
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
  private localOut(skb: Skb, rec: OutcomeRecorder, fromSocket: boolean): void {
    const route = this.routing.lookup(skb.dst, skb.mark);
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
    if (!this.output(skb, rec, route.dev) || !this.postrouting(skb, rec)) {
      // NF_DROP in OUTPUT or POSTROUTING comes back to the sending socket as EPERM.
      if (fromSocket) rec.sendError = "Operation not permitted";
      return;
    }
    if (skb.outIface !== "lo") {
      this.egress(skb, rec, "sent");
      return;
    }
    rec.step({ kind: "loopback" });
    skb.inIface = "lo";
    skb.outIface = null;
    if (!this.prerouting(skb, rec)) return;
    this.routeInput(skb, rec);
  }

  /** The OUTPUT hook; `hookOut` stays the device routed before it, even after a reroute (as the kernel's hook state). */
  private output(skb: Skb, rec: OutcomeRecorder, hookOut: string): boolean {
    rec.step({ kind: "hook", hook: "OUTPUT" });
    if (this.table("raw", "OUTPUT", skb, rec, hookOut) === "DROP") return dropped(rec, "raw OUTPUT dropped it");
    this.conntrackStep("OUTPUT", skb, rec);
    const before = { mark: skb.mark, src: skb.src, dst: skb.dst, tos: skb.tos };
    if (this.table("mangle", "OUTPUT", skb, rec, hookOut) === "DROP") return dropped(rec, "mangle OUTPUT dropped it");
    const changed =
      skb.mark !== before.mark || skb.src !== before.src || skb.dst !== before.dst || skb.tos !== before.tos;
    if (changed && !this.reroute(skb, rec)) return false;
    const dstBeforeNat = skb.dst;
    if (this.nat("OUTPUT", skb, rec, hookOut) === "DROP") return dropped(rec, "nat OUTPUT dropped it");
    if (skb.dst !== dstBeforeNat && !this.reroute(skb, rec)) return false;
    return this.tables(["filter", "security"], "OUTPUT", skb, rec, hookOut);
  }

  /** `ip_route_me_harder()`: OUTPUT changed the mark or the destination, so look the route up again. */
  private reroute(skb: Skb, rec: OutcomeRecorder): boolean {
    const route = this.routing.lookup(skb.dst, skb.mark);
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

  // ---- the host's own answers ------------------------------------------------------------------------

  private deliver(skb: Skb, rec: OutcomeRecorder): void {
    rec.fate = "local";
    const answer = this.stack.answer(skb, this.routing.isBroadcast(skb.dst));
    rec.step({ kind: "deliver", detail: answer.detail });
    switch (answer.kind) {
      case "syn-ack": {
        const reply = turnAround(skb, 0x12);
        reply.seq = skb.ct?.localIsn ?? this.ct.isn();
        reply.ack = (skb.seq + 1) >>> 0;
        this.respond(reply, answer.detail, rec);
        return;
      }
      case "rst":
        this.respond(tcpReset(skb), answer.detail, rec);
        return;
      case "port-unreachable":
        this.icmpError(skb, 3, 3, answer.detail, rec);
        return;
      case "echo-reply":
        this.respond(turnAround(skb, 0), answer.detail, rec);
        return;
      case "none":
        return;
    }
  }

  /** `icmp_send()`: never about an ICMP error or a broadcast, rate limited per destination. */
  private icmpError(cause: Skb, type: number, code: number, reason: string, rec: OutcomeRecorder): void {
    if (isIcmpError(cause) || this.routing.isBroadcast(cause.dst)) return;
    const toSelf = this.routing.isLocal(cause.dst);
    const src = toSelf && this.routing.isLocal(cause.dst) ? cause.dst : this.routing.sourceToward(cause.src);
    if (src === null) return;
    const error = icmpError(cause, type, code, src);
    if (!this.routing.isLocal(error.dst) && !this.icmpLimit.allow(error.dst, this.env.now)) {
      rec.step({ kind: "warning", message: `ICMP rate limit: no ${reason}` });
      return;
    }
    this.respond(error, reason, rec);
  }

  /** Sends a packet the host made itself, through OUTPUT and POSTROUTING, and records it as a response. */
  private respond(skb: Skb, reason: string, parent: OutcomeRecorder): void {
    if (this.recs.length > 8) return;
    const index = this.responseList.length;
    parent.step({ kind: "response", index, reason });
    const header = formatHeader(skb);
    const flags = skb.proto === "tcp" ? flagLetters(skb.flags) : undefined;
    const rec = new OutcomeRecorder();
    this.responseList.push(null as unknown as ResponseOutcome);
    this.recs.push(rec);
    const savedHook = this.env.hook;
    const savedTable = this.env.table;
    this.localOut(skb, rec, false);
    this.env.hook = savedHook;
    this.env.table = savedTable;
    this.recs.pop();
    const done = rec.finish();
    this.responseList[index] = {
      ...done,
      afterPacket: this.packetNumber,
      header,
      ...(flags === undefined ? {} : { flags }),
      reason,
    };
  }
}

const SEND_ERRORS: Readonly<Record<"none" | "unreachable" | "prohibit" | "blackhole", string>> = {
  none: "Network is unreachable",
  unreachable: "No route to host",
  prohibit: "Permission denied",
  blackhole: "Invalid argument",
};

function dropped(rec: OutcomeRecorder, reason: string): false {
  rec.drop(reason);
  return false;
}

/** A stable, locally administered MAC for the neighbour on an interface. */
function peerMac(iface: string): string {
  let h = 0;
  for (const ch of iface) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const b = [0x02, 0x00, (h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255];
  return b.map((x) => x.toString(16).padStart(2, "0")).join(":");
}
