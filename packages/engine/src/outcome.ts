import type { HookName, TableName } from "@nfx/model";
import type { Egress, Fate, NativeChainId, PacketOutcome, Rejection, Step, TraceVerdict } from "./result";
import type { Routing } from "./routing/routing";
import { formatHeader, type Skb, snapshot } from "./skb";

/** Collects one packet's path as it happens: steps, kernel-style trace lines, headers, warnings. */
export class OutcomeRecorder {
  readonly steps: Step[] = [];
  readonly trace: string[] = [];
  readonly headers: string[] = [];
  readonly warnings: string[] = [];
  fate: Fate = "dropped";
  egress: Egress | null = null;
  sendError: string | undefined;
  rejectedWith: Rejection | undefined;

  step(step: Step): void {
    this.steps.push(step);
  }

  /** The header as the packet first entered a hook, for a packet that meets no base chain at all. */
  private entryHeader: string | null = null;

  /**
   * The packet enters PREROUTING or OUTPUT. Its headers are the ones base chains saw; a packet that met none
   * (an nftables-only host has no chain on most hooks, N11) still has the header it entered the hooks with.
   */
  enterHook(skb: Skb): void {
    this.entryHeader ??= formatHeader(skb);
  }

  chain(table: TableName, hook: HookName, skb: Skb, routing: Routing): void {
    const header = formatHeader(skb);
    if (!this.headers.includes(header)) this.headers.push(header);
    this.steps.push({ kind: "chain", table, hook, packet: snapshot(skb, routing, header) });
  }

  rule(
    table: TableName,
    hook: HookName,
    chain: string,
    index: number,
    verdict: TraceVerdict,
    missedFrom: number,
    changed?: { readonly skb: Skb; readonly routing: Routing },
  ): void {
    this.trace.push(`${table}:${chain}:rule:${index}:${verdict}`);
    const step = { kind: "rule", table, hook, chain, rule: index, verdict, missedFrom } as const;
    this.steps.push(changed ? { ...step, packet: snapshot(changed.skb, changed.routing) } : step);
  }

  policy(table: TableName, hook: HookName, verdict: "ACCEPT" | "DROP", missedFrom: number): void {
    this.trace.push(`${table}:${hook}:policy:${verdict}`);
    this.steps.push({ kind: "policy", table, hook, chain: hook, verdict, missedFrom });
  }

  /** A native base chain starts: its header counts among the packet's headers, as an iptables chain's does. */
  nftChain(at: NativeChainId, hook: HookName, skb: Skb, routing: Routing, monitor: string): void {
    const header = formatHeader(skb);
    if (!this.headers.includes(header)) this.headers.push(header);
    this.steps.push({ kind: "nft-chain", at, hook, packet: snapshot(skb, routing, header), monitor });
  }

  nftRule(
    at: NativeChainId,
    hook: HookName,
    rule: { readonly index: number; readonly native: number; readonly handle: number | null },
    verdict: TraceVerdict,
    missedFrom: number,
    monitor: string,
    changed?: { readonly skb: Skb; readonly routing: Routing },
  ): void {
    this.trace.push(`${traceTable(at)}:${at.chain}:rule:${rule.index}:${verdict}`);
    const step = {
      kind: "nft-rule",
      at,
      hook,
      rule: rule.index,
      nativeRule: rule.native,
      handle: rule.handle,
      verdict,
      missedFrom,
      monitor,
    } as const;
    this.steps.push(changed ? { ...step, packet: snapshot(changed.skb, changed.routing) } : step);
  }

  nftPolicy(at: NativeChainId, hook: HookName, verdict: "ACCEPT" | "DROP", missedFrom: number, monitor: string): void {
    this.trace.push(`${traceTable(at)}:${at.chain}:policy:${verdict}`);
    this.steps.push({ kind: "nft-policy", at, hook, verdict, missedFrom, monitor });
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
    this.steps.push({ kind: "warning", message });
  }

  drop(reason: string): void {
    this.fate = "dropped";
    this.steps.push({ kind: "drop", reason });
  }

  finish(): PacketOutcome {
    const out: PacketOutcome = {
      trace: this.trace,
      headers: this.headers.length || this.entryHeader === null ? this.headers : [this.entryHeader],
      fate: this.fate,
      egress: this.egress,
      steps: this.steps,
      warnings: this.warnings,
    };
    return {
      ...out,
      ...(this.sendError === undefined ? {} : { sendError: this.sendError }),
      ...(this.rejectedWith === undefined ? {} : { rejectedWith: this.rejectedWith }),
    };
  }
}

/**
 * The table part of a trace line: a table of family ip prints as iptables' own (a native `table ip filter` is the
 * same kernel table as iptables-nft's), any other family as `FAMILY TABLE` (`inet fw:input:rule:3:ACCEPT`).
 */
export function traceTable(at: { readonly family: string; readonly table: string }): string {
  return at.family === "ip" ? at.table : `${at.family} ${at.table}`;
}

/** Records a drop and returns false, so a path can end with `return dropped(rec, why)`. */
export function dropped(rec: OutcomeRecorder, reason: string): false {
  rec.drop(reason);
  return false;
}
