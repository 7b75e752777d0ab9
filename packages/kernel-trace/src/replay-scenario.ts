/**
 * A pasted trace as a scenario the engine can run: the host and rulesets stay, the packets become the ones the
 * kernel traced, in the trace's order (so connection tracking sees them as the kernel did). Then each packet's
 * kernel steps beside the engine's trace of it.
 */
import type { Scenario } from "@nfx/scenario";
import { type Comparison, firstDifference } from "./compare";
import type { KernelTrace, ReplayedPacket } from "./replay";

/** `S`: the scenario as its holder has it (the app's names a ruleset the worker holds instead of its text). */
export interface ReplayRun<S extends Pick<Scenario, "packets"> = Scenario> {
  readonly scenario: S;
  /** For each replayed packet, its index in `scenario.packets`; null when the trace does not show the packet. */
  readonly indexOf: readonly (number | null)[];
}

export function replayScenario<S extends Pick<Scenario, "packets">>(scenario: S, trace: KernelTrace): ReplayRun<S> {
  const packets: Scenario["packets"][number][] = [];
  const indexOf = trace.packets.map((p) => {
    if (!p.packet) return null;
    packets.push(p.packet);
    return packets.length - 1;
  });
  return { scenario: { ...scenario, packets }, indexOf };
}

export interface ReplayedComparison {
  readonly packet: ReplayedPacket;
  /** null: the packet is unknown (see the trace's notes), nothing to compare. */
  readonly comparison: Comparison | null;
}

/** `engineTraces[i]`: the engine's trace of the run's packet i (`toAnswer(result).packets[i].trace`). */
export function compareReplay(
  trace: KernelTrace,
  run: ReplayRun<Pick<Scenario, "packets">>,
  engineTraces: readonly (readonly string[])[],
): ReplayedComparison[] {
  return trace.packets.map((packet, i) => {
    const at = run.indexOf[i];
    const engine = at === null || at === undefined ? undefined : engineTraces[at];
    return { packet, comparison: engine ? firstDifference(packet.steps, engine) : null };
  });
}
