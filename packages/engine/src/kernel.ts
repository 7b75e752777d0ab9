import type { HookName, Host, PacketSpec, Ruleset, TableName } from "@nfx/model";
import { type CompiledRuleset, compileRuleset, type InterfaceIndex, type StatisticPins } from "./compile";
import { conntrackConfig } from "./conntrack/config";
import {
  type Conn,
  IPS_DST_NAT,
  IPS_DST_NAT_DONE,
  IPS_SRC_NAT,
  IPS_SRC_NAT_DONE,
  type Manip,
  natDoneBit,
} from "./conntrack/conn";
import { formatConn } from "./conntrack/format";
import { type ConntrackState, confirm, conntrackIn } from "./conntrack/lookup";
import { ConntrackTable, packetTuple } from "./conntrack/table";
import { type EvalEnv, type Random, recordingEnv } from "./env";
import { applyNat, translateIcmpError } from "./nat/apply";
import { setupBinding } from "./nat/binding";
import { dropped, type OutcomeRecorder } from "./outcome";
import type { CounterEntry } from "./result";
import type { Routing } from "./routing/routing";
import type { Action } from "./rule-blob";
import { formatHeader, isIcmpError, type Skb } from "./skb";
import { runBaseChain, type Traversal } from "./traverse";

type Verdict = "ACCEPT" | "DROP";

/**
 * The simulated kernel's netfilter state (compiled rules, conntrack, the clock) and its per-hook operations:
 * run a table's base chain, look a packet up in conntrack, confirm it, apply NAT. The packet paths
 * (paths.ts) are built from these; every operation takes the packet's traversal, so nothing about the
 * packet in flight is kept here.
 */
export class Kernel {
  private readonly rs: CompiledRuleset;
  private readonly ifaces: InterfaceIndex;
  private readonly ct: ConntrackState;
  private readonly ctEnabled: boolean;
  private readonly natActive: boolean;
  /** Simulated time in milliseconds; it only moves forward. */
  private clock = 0;

  constructor(
    host: Host,
    ruleset: Ruleset,
    readonly routing: Routing,
    private readonly random: Random,
    pins?: StatisticPins,
  ) {
    this.ifaces = new Map(routing.interfaceNames().map((name, i) => [name, i] as const));
    this.rs = compileRuleset(ruleset, this.ifaces, pins);
    this.ct = { table: new ConntrackTable(), config: conntrackConfig(host.sysctl), now: () => this.clock };
    this.ctEnabled = host.conntrack === "on" || this.rs.needsConntrack;
    this.natActive = this.ctEnabled && this.rs.hasNatTable;
  }

  /**
   * Moves the clock `advance` seconds on, or to `at` if that is later; it never goes back, so a packet dated
   * before the previous one is sent right after it.
   */
  advanceClock(at: number, advance = 0): void {
    this.clock = Math.max(this.clock + advance * 1000, at);
  }

  get now(): number {
    return this.clock;
  }

  /** Removes the entries whose timeout has passed; returns them. */
  expireConnections(): Conn[] {
    return this.ct.table.expire(this.clock);
  }

  /** Whether conntrack accounting (`nf_conntrack_acct`) is on, for the /proc lines. */
  get conntrackAcct(): boolean {
    return this.ct.config.acct;
  }

  /** Every connection, oldest first. */
  connections(): readonly Conn[] {
    return this.ct.table.all();
  }

  /** The environment of a packet in flight now, reporting to `rec`. */
  envFor(rec: OutcomeRecorder): EvalEnv {
    return recordingEnv(rec, this.routing, this.clock, this.random);
  }

  table(t: Traversal, table: TableName, hook: HookName, skb: Skb, hookOut: string | null): Verdict {
    const chain = this.rs.base(table, hook);
    if (!chain) return "ACCEPT";
    return runBaseChain({ chain, hook, hookOut }, skb, t, this.ifaces);
  }

  /** The tables in order; false (and the drop recorded) when one drops the packet. */
  tables(t: Traversal, tables: readonly TableName[], hook: HookName, skb: Skb, out: string | null): boolean {
    for (const table of tables) {
      if (this.table(t, table, hook, skb, out) === "DROP") return dropped(t.rec, `${table} ${hook} dropped it`);
    }
    return true;
  }

  /** A NAT target: the connection's binding for `hook`'s manip; false when no tuple is free. */
  bindNat(skb: Skb, action: Extract<Action, { k: "nat" }>, hook: HookName): boolean {
    if (!skb.ct) return true;
    return setupBinding(skb, skb.ct, action.target, hook, {
      table: this.ct.table,
      routing: this.routing,
      random: this.random,
    });
  }

  /** `nf_conntrack_in()`; false when conntrack dropped the packet (the table is full). */
  conntrackStep(t: Traversal, hook: HookName, skb: Skb): boolean {
    if (!this.ctEnabled) return true;
    const { rec } = t;
    const action = conntrackIn(skb, this.ct, (evicted) =>
      rec.step({ kind: "conntrack", hook, action: "early-drop", entry: formatConn(evicted) }),
    );
    rec.step({ kind: "conntrack", hook, action, entry: skb.ct ? formatConn(skb.ct) : null });
    if (action !== "table-full") return true;
    return dropped(
      rec,
      `nf_conntrack: table full, dropping packet (nf_conntrack_max=${this.ct.config.max}, every entry ASSURED)`,
    );
  }

  confirmStep(t: Traversal, hook: HookName, skb: Skb): void {
    if (this.ctEnabled && confirm(skb, this.ct.table)) {
      t.rec.step({ kind: "conntrack", hook, action: "confirmed", entry: formatConn(skb.ct!) });
    }
  }

  /** The NAT hook: run the nat chain for a connection's first packet, then apply the binding to every packet. */
  nat(t: Traversal, hook: HookName, skb: Skb, hookOut: string | null): Verdict {
    const conn = skb.ct;
    if (!this.natActive || !conn) return "ACCEPT";
    const manip: Manip = hook === "PREROUTING" || hook === "OUTPUT" ? "DST" : "SRC";
    const before = formatHeader(skb);
    if (skb.ctinfo === "RELATED" && isIcmpError(skb)) {
      if (skb.icmpType === 5) {
        // "Redirects on non-null nats must be dropped": also while the connection's NAT is not yet complete.
        const done = (conn.status & (IPS_SRC_NAT_DONE | IPS_DST_NAT_DONE)) === (IPS_SRC_NAT_DONE | IPS_DST_NAT_DONE);
        if (!done || conn.status & (IPS_SRC_NAT | IPS_DST_NAT)) {
          dropped(t.rec, "NAT drops an ICMP redirect about a NATed connection");
          return "DROP";
        }
      }
      if (translateIcmpError(skb, conn, manip)) noteNat(t.rec, hook, manip, before, skb);
      return "ACCEPT";
    }
    if ((skb.ctinfo === "NEW" || skb.ctinfo === "RELATED") && !(conn.status & natDoneBit(manip))) {
      if (this.table(t, "nat", hook, skb, hookOut) === "DROP") return "DROP";
      conn.status |= natDoneBit(manip);
    }
    if (applyNat(skb, conn, manip)) noteNat(t.rec, hook, manip, before, skb);
    return "ACCEPT";
  }

  /** `conntrack -L`, sorted, without timeouts. */
  conntrackEntries(): string[] {
    return this.ct.table.all().map(formatConn).sort();
  }

  /** The next sequence number the other side of `spec`'s flow expects (`ack: "auto"`), or 0 for a new flow. */
  expectedAck(spec: PacketSpec): number {
    const hit = this.ct.table.find(packetTuple({ ...spec }), 0);
    return hit ? (hit.conn.nextSeq[hit.dir === 0 ? 1 : 0] ?? 0) : 0;
  }

  /** Rule and policy counters, like `iptables -L -v`: only the ones that counted something. */
  counters(): CounterEntry[] {
    const out: CounterEntry[] = [];
    for (const [table, chains] of this.rs.chains) {
      for (const chain of chains.values()) {
        for (let i = 0; i < chain.n; i++) {
          if (chain.packets(i)) {
            out.push({ table, chain: chain.name, rule: i + 1, packets: chain.packets(i), bytes: chain.bytes(i) });
          }
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
}

function noteNat(rec: OutcomeRecorder, hook: HookName, manip: Manip, from: string, skb: Skb): void {
  rec.step({ kind: "nat", hook, manip: manip === "SRC" ? "SNAT" : "DNAT", from, to: formatHeader(skb) });
}
