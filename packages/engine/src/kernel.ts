import type { HookName, Host, Ruleset, TableName } from "@nfx/model";
import { type CompiledRuleset, compileRuleset, type InterfaceIndex, type StatisticPins } from "./compile";
import { conntrackConfig } from "./conntrack/config";
import { IPS_DST_NAT, IPS_DST_NAT_DONE, IPS_SRC_NAT, IPS_SRC_NAT_DONE, type Manip, natDoneBit } from "./conntrack/conn";
import { formatConn } from "./conntrack/format";
import { type ConntrackState, confirm, conntrackIn } from "./conntrack/lookup";
import { ConntrackTable } from "./conntrack/table";
import { type EvalEnv, seededRandom } from "./env";
import { answerIcmpError, respond } from "./host-replies";
import { IcmpRateLimit } from "./icmp-limit";
import { LocalStack } from "./local-stack";
import { applyNat, translateIcmpError } from "./nat/apply";
import { setupBinding } from "./nat/binding";
import type { OutcomeRecorder } from "./outcome";
import { attachConntrack, tcpReset } from "./packets";
import type { ResponseOutcome } from "./result";
import { Routing } from "./routing/routing";
import { formatHeader, isIcmpError, type Skb } from "./skb";
import { runBaseChain, type TargetHost } from "./traverse";

export interface SimulatorOptions {
  /** Seed of the random source (statistic --mode random, SNAT port choice, ISNs). */
  readonly seed?: number;
  /** Statistic matches whose outcome the user pinned (see `StatisticPins`). */
  readonly statisticPins?: StatisticPins;
}

export type Verdict = "ACCEPT" | "DROP";

const REJECT_ICMP: Readonly<Record<string, readonly [number, number]>> = {
  "icmp-net-unreachable": [3, 0],
  "icmp-host-unreachable": [3, 1],
  "icmp-proto-unreachable": [3, 2],
  "icmp-port-unreachable": [3, 3],
  "icmp-net-prohibited": [3, 9],
  "icmp-host-prohibited": [3, 10],
  "icmp-admin-prohibited": [3, 13],
};

/** Records a drop and returns false, so a path can end with `return dropped(rec, why)`. */
export function dropped(rec: OutcomeRecorder, reason: string): false {
  rec.drop(reason);
  return false;
}

/**
 * The simulated kernel's state (compiled rules, routing, conntrack, sockets) and its per-hook operations:
 * run a table's base chain, look a packet up in conntrack, confirm it, apply NAT. The packet paths
 * (paths.ts) and the host's own answers (host-replies.ts) are built from these.
 */
export class Kernel {
  readonly rs: CompiledRuleset;
  readonly routing: Routing;
  readonly ifaces: InterfaceIndex;
  readonly ct: ConntrackState;
  readonly ctEnabled: boolean;
  readonly natActive: boolean;
  readonly env: EvalEnv;
  readonly stack: LocalStack;
  readonly icmpLimit = new IcmpRateLimit();
  /** Answers in the order they were sent; a slot is null while its answer is still on its way out. */
  readonly responseList: (ResponseOutcome | null)[] = [];
  /** The recorders of the packets in flight: a response is sent from inside another packet's traversal. */
  readonly recs: OutcomeRecorder[] = [];
  packetNumber = 0;

  constructor(
    readonly host: Host,
    ruleset: Ruleset,
    options: SimulatorOptions = {},
  ) {
    this.routing = new Routing(host);
    this.ifaces = new Map(this.routing.interfaceNames().map((name, i) => [name, i] as const));
    this.rs = compileRuleset(ruleset, this.ifaces, options.statisticPins);
    const random = seededRandom(options.seed ?? 1);
    this.ct = {
      table: new ConntrackTable(),
      config: conntrackConfig(host.sysctl),
      now: () => this.env.now,
    };
    this.ctEnabled = host.conntrack === "on" || this.rs.needsConntrack;
    this.natActive = this.ctEnabled && this.rs.hasNatTable;
    this.stack = new LocalStack(host.listen, () => Math.floor(random() * 0x100000000));
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

  rec(): OutcomeRecorder {
    return this.recs[this.recs.length - 1]!;
  }

  table(table: TableName, hook: HookName, skb: Skb, rec: OutcomeRecorder, hookOut: string | null): Verdict {
    const chain = this.rs.base(table, hook);
    if (!chain) return "ACCEPT";
    this.env.hook = hook;
    this.env.table = table;
    return runBaseChain({ chain, hook, hookOut }, skb, this.env, this.ifaces, rec, this.targets(hook, rec));
  }

  tables(tables: readonly TableName[], hook: HookName, skb: Skb, rec: OutcomeRecorder, out: string | null) {
    for (const t of tables) {
      if (this.table(t, hook, skb, rec, out) === "DROP") return dropped(rec, `${t} ${hook} dropped it`);
    }
    return true;
  }

  targets(hook: HookName, rec: OutcomeRecorder): TargetHost {
    return {
      reject: (skb, action) => {
        if (action.with === "tcp-reset") {
          if (skb.proto === "tcp" && !this.routing.isBroadcast(skb.dst)) {
            const rst = tcpReset(skb);
            attachConntrack(rst, skb);
            respond(this, rst, "REJECT --reject-with tcp-reset", rec, "reject");
          }
          return;
        }
        const [type, code] = REJECT_ICMP[action.with]!;
        answerIcmpError(this, skb, type, code, `REJECT --reject-with ${action.with}`, rec, "reject");
      },
      nat: (skb, action) => (skb.ct ? setupBinding(skb, skb.ct, action.target, hook, this.natContext()) : true),
    };
  }

  natContext() {
    return { table: this.ct.table, routing: this.routing, random: this.env.random };
  }

  /** `nf_conntrack_in()`; false when conntrack dropped the packet (the table is full). */
  conntrackStep(hook: HookName, skb: Skb, rec: OutcomeRecorder): boolean {
    if (!this.ctEnabled) return true;
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

  confirmStep(hook: HookName, skb: Skb, rec: OutcomeRecorder): void {
    if (this.ctEnabled && confirm(skb, this.ct.table)) {
      rec.step({ kind: "conntrack", hook, action: "confirmed", entry: formatConn(skb.ct!) });
    }
  }

  /** The NAT hook: run the nat chain for a connection's first packet, then apply the binding to every packet. */
  nat(hook: HookName, skb: Skb, rec: OutcomeRecorder, hookOut: string | null): Verdict {
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

  noteNat(hook: HookName, manip: Manip, from: string, skb: Skb, rec: OutcomeRecorder): void {
    rec.step({ kind: "nat", hook, manip: manip === "SRC" ? "SNAT" : "DNAT", from, to: formatHeader(skb) });
  }
}
