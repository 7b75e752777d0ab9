import type { HookName, Host, PacketSpec, Ruleset } from "@nfx/model";
import type { Ruleset as NftRuleset } from "@nfx/nftables";
import type { StatisticPins } from "./compile";
import { formatConn } from "./conntrack/format";
import { formatProcEntry, remainingSeconds } from "./conntrack/proc";
import { seededRandom } from "./env";
import { HostReplies } from "./host-replies";
import { Kernel } from "./kernel";
import { LocalStack } from "./local-stack";
import { pktTypeOnArrival } from "./matches/pkttype";
import type { NumgenPins } from "./nft/program";
import { OutcomeRecorder } from "./outcome";
import { skbFromSpec } from "./packets";
import { PacketPaths } from "./paths";
import type { ConntrackEntryView, CounterEntry, NftCounterEntry, PacketOutcome, ResponseOutcome } from "./result";
import { Routing } from "./routing/routing";
import type { TargetHost } from "./traverse";

export interface SimulatorOptions {
  /** Seed of the random source (statistic --mode random, SNAT port choice, ISNs). */
  readonly seed?: number;
  /** Statistic matches whose outcome the user pinned (see `StatisticPins`). */
  readonly statisticPins?: StatisticPins;
  /** A native nftables ruleset loaded beside the iptables one (after it, as the recorder does). */
  readonly nftables?: NftRuleset;
  /** `numgen`/`jhash` results the user pinned, keyed `FAMILY TABLE:CHAIN:RULE` (see `NumgenPins`). */
  readonly numgenPins?: NumgenPins;
}

/**
 * A host with a ruleset, fed packets one after another. Conntrack, counters and rule state carry from one
 * packet to the next, as on a real host; every answer the host sends is recorded as a response.
 */
export class Simulator {
  private readonly kernel: Kernel;
  private readonly replies: HostReplies;
  private readonly paths: PacketPaths;
  /** What REJECT and NAT targets reach from inside the rule loop. */
  private readonly targets: TargetHost;
  private packetNumber = 0;

  constructor(host: Host, ruleset: Ruleset, options: SimulatorOptions = {}) {
    const routing = new Routing(host);
    // One random source for everything, in the order the kernel would draw: a seed replays a scenario alike.
    const random = seededRandom(options.seed ?? 1);
    const nft = options.nftables
      ? { ruleset: options.nftables, ...(options.numgenPins ? { pins: options.numgenPins } : {}) }
      : undefined;
    this.kernel = new Kernel(host, ruleset, routing, random, options.statisticPins, nft);
    const stack = new LocalStack(host.listen, () => Math.floor(random() * 0x100000000));
    this.replies = new HostReplies(routing, stack, (skb, t) => this.paths.localOut(skb, t, false));
    this.paths = new PacketPaths(this.kernel, this.replies, host.sysctl);
    this.targets = {
      reject: (skb, action, t) => this.replies.reject(skb, action, t),
      nat: (skb, action, hook) => this.kernel.bindNat(skb, action, hook),
    };
  }

  /** Sends one scenario packet through the host and returns what happened to it. */
  send(spec: PacketSpec): PacketOutcome {
    this.packetNumber += 1;
    const rec = new OutcomeRecorder();
    this.kernel.advanceClock(spec.at, spec.advance);
    this.expire(rec, spec.from === "local" ? "OUTPUT" : "PREROUTING");
    const skb = skbFromSpec(spec, spec.ack === "auto" ? this.kernel.expectedAck(spec) : (spec.ack ?? 0));
    const t = { rec, env: this.kernel.envFor(rec), targets: this.targets, packet: this.packetNumber, depth: 0 };
    if (spec.from === "local") {
      skb.socket = "process";
      skb.uid = spec.uid;
      skb.gid = spec.gid;
      this.paths.localOut(skb, t, true);
    } else {
      skb.inIface = spec.from;
      skb.macSrc = spec.mac ?? peerMac(spec.from);
      skb.pktType = pktTypeOnArrival(skb.dst, spec.from, this.kernel.routing);
      this.paths.receive(skb, t);
    }
    return rec.finish();
  }

  responses(): readonly ResponseOutcome[] {
    return this.replies.responses();
  }

  /** `conntrack -L`, sorted, without timeouts. */
  conntrack(): string[] {
    return this.kernel.conntrackEntries();
  }

  /** Every entry with its seconds left and its `/proc/net/nf_conntrack` line, oldest first, at the clock's time. */
  conntrackTable(): ConntrackEntryView[] {
    const now = this.kernel.now;
    const opts = { now, acct: this.kernel.conntrackAcct };
    return this.kernel.connections().map((conn) => ({
      entry: formatConn(conn),
      timeout: remainingSeconds(conn, now),
      expiresIn: Math.max(0, conn.expires - now),
      proc: formatProcEntry(conn, opts),
    }));
  }

  /** Entries whose timeout passed before this packet are gone; the packet's steps say which. */
  private expire(rec: OutcomeRecorder, hook: HookName): void {
    for (const conn of this.kernel.expireConnections()) {
      rec.step({ kind: "conntrack", hook, action: "expired", entry: formatConn(conn) });
    }
  }

  counters(): CounterEntry[] {
    return this.kernel.counters();
  }

  nftCounters(): NftCounterEntry[] {
    return this.kernel.nftCounters();
  }
}

/** peerMac's answers: every packet from the wire asks, for one of a few interfaces. */
const peerMacs = new Map<string, string>();

/** A stable, locally administered MAC for the neighbour on an interface. */
function peerMac(iface: string): string {
  let mac = peerMacs.get(iface);
  if (mac === undefined) {
    mac = macOf(iface);
    peerMacs.set(iface, mac);
  }
  return mac;
}

function macOf(iface: string): string {
  let h = 0;
  for (const ch of iface) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const b = [0x02, 0x00, (h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255];
  return b.map((x) => x.toString(16).padStart(2, "0")).join(":");
}
