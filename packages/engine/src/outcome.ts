import type { HookName, TableName } from "@nfx/model";
import type { Egress, Fate, PacketOutcome, Rejection, Step, TraceVerdict } from "./result";
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

  chain(table: TableName, hook: HookName, skb: Skb, routing: Routing): void {
    const header = formatHeader(skb);
    if (!this.headers.includes(header)) this.headers.push(header);
    this.steps.push({ kind: "chain", table, hook, packet: snapshot(skb, routing) });
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
      headers: this.headers,
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

/** Records a drop and returns false, so a path can end with `return dropped(rec, why)`. */
export function dropped(rec: OutcomeRecorder, reason: string): false {
  rec.drop(reason);
  return false;
}
