import { type Conn, type Tuple, tupleKey } from "./conn";

/** A hit in the table: the connection and which of its directions the tuple matched. */
interface ConnHit {
  readonly conn: Conn;
  readonly dir: 0 | 1;
}

/** The confirmed connections, indexed by both tuples as the kernel's hash table is. */
export class ConntrackTable {
  private readonly byTuple = new Map<string, ConnHit>();
  private readonly conns: Conn[] = [];
  private nextId = 1;

  newId(): number {
    return this.nextId++;
  }

  find(tuple: Tuple, zone: number): ConnHit | undefined {
    return this.byTuple.get(tupleKey(tuple, zone));
  }

  /** True when some confirmed connection already uses this tuple in either direction. */
  taken(tuple: Tuple, zone: number, except?: Conn): boolean {
    const hit = this.byTuple.get(tupleKey(tuple, zone));
    return hit !== undefined && hit.conn !== except;
  }

  insert(conn: Conn): void {
    this.byTuple.set(tupleKey(conn.tuple[0], conn.zone), { conn, dir: 0 });
    this.byTuple.set(tupleKey(conn.tuple[1], conn.zone), { conn, dir: 1 });
    this.conns.push(conn);
  }

  remove(conn: Conn): void {
    const at = this.conns.indexOf(conn);
    if (at < 0) return;
    this.conns.splice(at, 1);
    this.byTuple.delete(tupleKey(conn.tuple[0], conn.zone));
    this.byTuple.delete(tupleKey(conn.tuple[1], conn.zone));
  }

  contains(conn: Conn): boolean {
    return this.conns.includes(conn);
  }

  all(): readonly Conn[] {
    return this.conns;
  }

  size(): number {
    return this.conns.length;
  }

  /**
   * Removes the entries whose timeout has passed at `now` (ms) and returns them, oldest first. The kernel's
   * lookup already treats an expired entry as gone (`nf_ct_is_expired`) before the garbage collector frees it.
   */
  expire(now: number): Conn[] {
    const gone = this.conns.filter((conn) => conn.expires <= now);
    for (const conn of gone) this.remove(conn);
    return gone;
  }
}

/** The tuple a packet presents, in its own direction. */
export function packetTuple(p: {
  proto: Tuple["proto"];
  src: number;
  dst: number;
  sport: number;
  dport: number;
  icmpId: number;
  icmpType: number;
}): Tuple {
  if (p.proto === "icmp") return { proto: "icmp", src: p.src, dst: p.dst, sport: p.icmpId, dport: p.icmpType };
  return { proto: p.proto, src: p.src, dst: p.dst, sport: p.sport, dport: p.dport };
}
