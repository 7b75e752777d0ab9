import {
  type NumgenPins,
  type PacketOutcome,
  type SimulationResult,
  Simulator,
  type SimulatorOptions,
  type StatisticPins,
} from "@nfx/engine";
import type { ParseResult } from "@nfx/iptables-save";
import type { Host } from "@nfx/model";
import type { ParseResult as NftParseResult } from "@nfx/nftables";
import { toPacketSpec } from "./engine-input";
import type { Scenario, ScenarioPacket } from "./scenario";

/**
 * A run that a longer scenario can continue: the simulator after the packets sent so far, as the host is between
 * two packets (conntrack, counters, rule state, the clock, the random source's position). The app sends a packet
 * by adding it to the end of the scenario; continuing sends that one packet where replaying the whole scenario
 * grows with every packet sent. Results are those of a full run: packets run one after another in any case, and
 * nothing else touches the simulator.
 */
export interface ContinuableRun {
  /** Everything the run was made from but its packets; a run continues only from the very same. */
  readonly inputs: RunInputs;
  readonly live: LiveRun;
  /** How many packets this run had sent: once the simulator has gone further (another continuation), it is spent. */
  readonly sent: number;
}

interface RunInputs {
  /** The parses themselves: the same text parsed again gives another object, which is a new run. */
  readonly parsed: ParseResult;
  readonly nft: NftParseResult | null;
  /** The scenario without its packets and texts (host, seed, settings), the seed and the pins, as JSON. */
  readonly setting: string;
}

/** The simulator and what it has done, shared by the runs that continue one another. */
interface LiveRun {
  readonly sim: Simulator;
  readonly outcomes: PacketOutcome[];
  /** Each packet sent, as JSON: what a continuation's packets must start with. */
  readonly packets: string[];
  /** Set while a packet is sent: one that threw left the simulator half-way through it, never to be continued. */
  sending: boolean;
}

/** What `runPackets` is given: the validated scenario, its parses and the simulator's options. */
export interface PacketsInput {
  readonly scenario: Scenario;
  readonly host: Host;
  readonly parsed: ParseResult;
  readonly nft: NftParseResult | null;
  readonly options: SimulatorOptions;
}

function settingOf(scenario: Scenario, options: SimulatorOptions): string {
  const { packets: _packets, ruleset: _ruleset, nftables: _nftables, ...rest } = scenario;
  const pins = (m: StatisticPins | NumgenPins | undefined) => (m ? [...m] : null);
  return JSON.stringify([rest, options.seed ?? null, pins(options.statisticPins), pins(options.numgenPins)]);
}

/** `from`'s simulator when the scenario only adds packets after its own; null when it must run from the start. */
function continuable(from: ContinuableRun | null, inputs: RunInputs, packets: readonly string[]): LiveRun | null {
  if (!from || from.live.sending || from.live.outcomes.length !== from.sent || packets.length < from.sent) return null;
  const was = from.inputs;
  if (was.parsed !== inputs.parsed || was.nft !== inputs.nft || was.setting !== inputs.setting) return null;
  for (let i = 0; i < from.sent; i++) if (from.live.packets[i] !== packets[i]) return null;
  return from.live;
}

/**
 * Sends the scenario's packets through the host, continuing `from` when the scenario is `from`'s with packets
 * added at the end (same parses, host, settings and pins), else from the start. The run it returns can be
 * continued in turn.
 */
export function runPackets(
  input: PacketsInput,
  from: ContinuableRun | null,
): { readonly result: SimulationResult; readonly run: ContinuableRun } {
  const { scenario, host, parsed, nft, options } = input;
  const inputs: RunInputs = { parsed, nft, setting: settingOf(scenario, options) };
  const packets = scenario.packets.map((p: ScenarioPacket) => JSON.stringify(p));
  const live = continuable(from, inputs, packets) ?? {
    sim: new Simulator(host, parsed.ruleset, options),
    outcomes: [],
    packets: [],
    sending: false,
  };
  for (let i = live.outcomes.length; i < packets.length; i++) {
    live.sending = true;
    const outcome = live.sim.send(toPacketSpec(scenario.packets[i]!));
    live.sending = false;
    live.packets.push(packets[i]!);
    live.outcomes.push(outcome);
  }
  const { sim } = live;
  const result: SimulationResult = {
    packets: live.outcomes.slice(),
    responses: sim.responses(),
    conntrack: sim.conntrack(),
    conntrackTable: sim.conntrackTable(),
    counters: sim.counters(),
    nftCounters: sim.nftCounters(),
  };
  return { result, run: { inputs, live, sent: live.outcomes.length } };
}
