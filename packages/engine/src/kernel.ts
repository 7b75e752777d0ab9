import type { HookName, Host, PacketSpec, Ruleset, TableName } from "@nfx/model";
import type { Ruleset as NftRuleset } from "@nfx/nftables";
import { type CompiledRuleset, compileRuleset, type InterfaceIndex, type StatisticPins } from "./compile";
import type { Action } from "./compiled-chain";
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
import {
  type HookPlan,
  type HookStep,
  hookPlan,
  type IptablesChainRef,
  type IptablesNatChainRef,
  type NativeChainRef,
  nativeRulesetBeside,
} from "./hook-plan";
import { applyNat, translateIcmpError } from "./nat/apply";
import { setupBinding } from "./nat/binding";
import { compileNft, type NftProgram, type NumgenPins } from "./nft/program";
import { runAppendedRules, runNftBaseChain } from "./nft/run";
import { dropped, type OutcomeRecorder, traceTable } from "./outcome";
import type { CounterEntry, NftCounterEntry } from "./result";
import type { Routing } from "./routing/routing";
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
  private readonly nft: NftProgram;
  /** What runs at each hook, in the kernel's order (hook-plan.ts). */
  readonly plan: HookPlan;
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
    nft?: { readonly ruleset: NftRuleset; readonly pins?: NumgenPins },
  ) {
    this.ifaces = new Map(routing.interfaceNames().map((name, i) => [name, i] as const));
    this.rs = compileRuleset(ruleset, this.ifaces, pins);
    this.nft = compileNft(nativeRulesetBeside(ruleset, nft?.ruleset ?? null), nft?.pins);
    this.plan = hookPlan(ruleset, nft?.ruleset ?? null);
    this.ct = { table: new ConntrackTable(), config: conntrackConfig(host.sysctl), now: () => this.clock };
    this.ctEnabled = host.conntrack === "on" || this.rs.needsConntrack || this.nft.needsConntrack;
    // The NAT core runs once some nat chain exists (iptables' nat table or a native nat chain) and conntrack does.
    this.natActive = this.ctEnabled && this.plan.PREROUTING.some((s) => s.kind === "nat");
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
    // Native rules `nft -f` added to this very chain of iptables-nft's table run after iptables' own.
    const extra = this.nft.chain("ip", table, hook);
    const appended = extra?.rules.length
      ? (s: Skb, tr: Traversal) => runAppendedRules(extra, chain.n, hook, hookOut, s, tr)
      : undefined;
    return runBaseChain({ chain, hook, hookOut, ...(appended ? { appended } : {}) }, skb, t, this.ifaces);
  }

  /** One base chain of a hook's plan, iptables-nft's or native; "DROP" also for a chain the ruleset lacks. */
  chain(
    t: Traversal,
    ref: IptablesChainRef | IptablesNatChainRef | NativeChainRef,
    skb: Skb,
    hookOut: string | null,
  ): Verdict {
    if (ref.kind === "iptables") return this.table(t, ref.table, ref.hook, skb, hookOut);
    const chain = this.nft.chain(ref.family, ref.table, ref.chain);
    if (!chain) return "ACCEPT";
    return runNftBaseChain(chain, ref.hook, hookOut, skb, t);
  }

  /** How a drop by a chain of the plan is told: `filter INPUT dropped it`, `inet fw input dropped it`. */
  static dropReason(ref: IptablesChainRef | IptablesNatChainRef | NativeChainRef): string {
    return ref.kind === "iptables"
      ? `${ref.table} ${ref.hook} dropped it`
      : `${traceTable(ref)} ${ref.chain} dropped it`;
  }

  /**
   * A NAT target or statement: the connection's binding for `hook`'s manip; false when no tuple is free.
   * As `nf_nat_setup_info()`, it marks the manip done, which ends the nat chains of this hook (N3).
   */
  bindNat(skb: Skb, action: Extract<Action, { k: "nat" }>, hook: HookName): boolean {
    if (!skb.ct) return true;
    const ok = setupBinding(skb, skb.ct, action.target, hook, {
      table: this.ct.table,
      routing: this.routing,
      random: this.random,
    });
    const kind = action.target.kind;
    if (ok) skb.ct.status |= natDoneBit(kind === "DNAT" || kind === "REDIRECT" ? "DST" : "SRC");
    return ok;
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

  /**
   * The NAT core at a hook: for a connection's first packet, its nat chains in order until one sets up a
   * binding (a later one is not run, N3; an accept without a binding goes on to the next); then the
   * connection's binding is applied to every packet.
   */
  nat(t: Traversal, step: Extract<HookStep, { kind: "nat" }>, skb: Skb, hookOut: string | null): Verdict {
    const hook = step.hook;
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
      for (const ref of step.chains) {
        if (this.chain(t, ref, skb, hookOut) === "DROP") return "DROP";
        if (conn.status & natDoneBit(manip)) break;
      }
      conn.status |= natDoneBit(manip);
    }
    if (applyNat(skb, conn, manip)) noteNat(t.rec, hook, manip, before, skb);
    return "ACCEPT";
  }

  /** Native rule and policy counters: only the ones that counted something. */
  nftCounters(): NftCounterEntry[] {
    const out: NftCounterEntry[] = [];
    for (const chains of this.nft.tables.values()) {
      for (const chain of chains.values()) {
        const at = { family: chain.family, table: chain.table, chain: chain.name };
        chain.rulesSeen.forEach((r, i) => {
          if (r.packets) out.push({ at, rule: i + 1, handle: r.source.handle, packets: r.packets, bytes: r.bytes });
        });
        if (chain.policyPackets) {
          out.push({ at, rule: "policy", handle: null, packets: chain.policyPackets, bytes: chain.policyBytes });
        }
      }
    }
    return out;
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

  /**
   * Rule and policy counters, like `iptables -L -v`: only the ones that counted something, so only chains a
   * packet reached (the compiled ones) are read.
   */
  counters(): CounterEntry[] {
    const out: CounterEntry[] = [];
    for (const chain of this.rs.compiled()) {
      const table = chain.table;
      for (const i of chain.countedRules()) {
        out.push({ table, chain: chain.name, rule: i + 1, packets: chain.packets(i), bytes: chain.bytes(i) });
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
    return out;
  }
}

function noteNat(rec: OutcomeRecorder, hook: HookName, manip: Manip, from: string, skb: Skb): void {
  rec.step({ kind: "nat", hook, manip: manip === "SRC" ? "SNAT" : "DNAT", from, to: formatHeader(skb) });
}
