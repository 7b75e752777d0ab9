import type { HookName, Host, PacketSpec, Ruleset } from "@nfx/model";
import { formatConn } from "./conntrack/format";
import { formatProcEntry, remainingSeconds } from "./conntrack/proc";
import { packetTuple } from "./conntrack/table";
import { Kernel, type SimulatorOptions } from "./kernel";
import { pktTypeOnArrival } from "./matches/pkttype";
import { OutcomeRecorder } from "./outcome";
import { skbFromSpec } from "./packets";
import { localOut, receive } from "./paths";
import type { ConntrackEntryView, CounterEntry, PacketOutcome, ResponseOutcome } from "./result";

export type { SimulatorOptions } from "./kernel";

/**
 * A host with a ruleset, fed packets one after another. Conntrack, counters and rule state carry from one
 * packet to the next, as on a real host; every answer the host sends is recorded as a response.
 */
export class Simulator {
  private readonly k: Kernel;

  constructor(host: Host, ruleset: Ruleset, options: SimulatorOptions = {}) {
    this.k = new Kernel(host, ruleset, options);
  }

  /** Sends one scenario packet through the host and returns what happened to it. */
  send(spec: PacketSpec): PacketOutcome {
    this.k.packetNumber += 1;
    const rec = new OutcomeRecorder();
    this.k.recs.push(rec);
    // The clock only moves forward: a packet dated before the previous one is sent right after it.
    this.k.env.now = Math.max(this.k.env.now + (spec.advance ?? 0) * 1000, spec.at);
    this.expire(rec, spec.from === "local" ? "OUTPUT" : "PREROUTING");
    const skb = skbFromSpec(spec, this.autoAck(spec));
    if (spec.from === "local") {
      skb.hasSocket = true;
      skb.uid = spec.uid;
      skb.gid = spec.gid;
      localOut(this.k, skb, rec, true);
    } else {
      skb.inIface = spec.from;
      skb.macSrc = spec.mac ?? peerMac(spec.from);
      skb.pktType = pktTypeOnArrival(skb.dst, spec.from, this.k.env.routing);
      receive(this.k, skb, rec);
    }
    this.k.recs.pop();
    return rec.finish();
  }

  responses(): readonly ResponseOutcome[] {
    return this.k.responseList.filter((r): r is ResponseOutcome => r !== null);
  }

  /** `conntrack -L`, sorted, without timeouts. */
  conntrack(): string[] {
    return this.k.ct.table.all().map(formatConn).sort();
  }

  /** Every entry with its seconds left and its `/proc/net/nf_conntrack` line, oldest first, at the clock's time. */
  conntrackTable(): ConntrackEntryView[] {
    const now = this.k.env.now;
    const opts = { now, acct: this.k.ct.config.acct };
    return this.k.ct.table.all().map((conn) => ({
      entry: formatConn(conn),
      timeout: remainingSeconds(conn, now),
      proc: formatProcEntry(conn, opts),
    }));
  }

  /** Entries whose timeout passed before this packet are gone; the packet's steps say which. */
  private expire(rec: OutcomeRecorder, hook: HookName): void {
    for (const conn of this.k.ct.table.expire(this.k.env.now)) {
      rec.step({ kind: "conntrack", hook, action: "expired", entry: formatConn(conn) });
    }
  }

  counters(): CounterEntry[] {
    const out: CounterEntry[] = [];
    for (const [table, chains] of this.k.rs.chains) {
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

  /** `ack: "auto"`: acknowledge what the other side of this flow last sent. */
  private autoAck(spec: PacketSpec): number {
    if (spec.ack !== "auto") return spec.ack ?? 0;
    const hit = this.k.ct.table.find(packetTuple({ ...spec }), 0);
    return hit ? (hit.conn.nextSeq[hit.dir === 0 ? 1 : 0] ?? 0) : 0;
  }
}

/** A stable, locally administered MAC for the neighbour on an interface. */
function peerMac(iface: string): string {
  let h = 0;
  for (const ch of iface) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const b = [0x02, 0x00, (h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255];
  return b.map((x) => x.toString(16).padStart(2, "0")).join(":");
}
