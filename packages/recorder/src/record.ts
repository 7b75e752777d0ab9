/** recordScenario: run a scenario on the live kernel and return its answer. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { release, tmpdir } from "node:os";
import { join } from "node:path";
import { formatHeader, type HandleMap, type HeaderFields, parseRulesetJson } from "@nfx/kernel-trace";
import type { AnswerPacket, AnswerResponse, KernelAnswer, Scenario, ScenarioPacket } from "@nfx/scenario";
import { Agent } from "./agent";
import { type CapturedFrame, egressFromTrace, leavingSegment, matchFrame, recordGroup } from "./answer";
import { normaliseConntrack } from "./conntrack";
import { RecorderError, RulesetRefusedError, runIn } from "./exec";
import { Lab, PEER_IF } from "./lab";
import { linkDestination } from "./link-destination";
import { TraceMonitor } from "./monitor";
import { buildSegments, groupWindow, isIpv4Family, type PacketGroup, PROBE_TABLE, TRACE_TABLE } from "./segments";

export interface RecordOptions {
  /** Progress and warnings (default: none). */
  log?: (message: string) => void;
  /** Give up waiting for one packet's effects after this long (default 3000 ms). */
  maxWaitMs?: number;
  /** Pause before the first look at a packet's effects, and between looks (default 30 ms). */
  stepMs?: number;
  /** Receives every trace line the monitor printed, raw (for debugging and test fixtures). */
  traceLog?: (line: string) => void;
}

/**
 * The recorder's own nft tables: tracing switched on at -500 in prerouting and output (before raw), markers at
 * +500 in input and postrouting (after every table), an optional never-traversed chain whose `ct` rule
 * turns conntrack on, and an ip6 probe that marks how far the monitor has read. None of them changes the
 * user's rule numbering or verdicts.
 */
function ownTables(conntrackOn: boolean): string {
  return `table ip ${TRACE_TABLE} {
  chain pre { type filter hook prerouting priority -500; policy accept; meta nftrace set 1; }
  chain out { type filter hook output priority -500; policy accept; meta nftrace set 1; }
  chain in { type filter hook input priority 500; policy accept; }
  chain post { type filter hook postrouting priority 500; policy accept; }
${conntrackOn ? "  chain ctforce { ct state new counter; }\n" : ""}}
table ip6 ${PROBE_TABLE} {
  chain out { type filter hook output priority -500; policy accept; ip6 daddr ::1 udp dport 9 meta nftrace set 1 drop; }
}
`;
}

/** Every family's rule handles, from the kernel's own listing of what was loaded. */
function readHandles(ns: string): HandleMap {
  const json = runIn(ns, "nft", ["-j", "list", "ruleset"]).stdout;
  return parseRulesetJson(json, new Set([TRACE_TABLE, `ip6 ${PROBE_TABLE}`]));
}

/**
 * The scenario's rulesets, as a host gets them: iptables-nft's tables first (iptables-nft-restore), then the
 * native nftables text with `nft -f` (JSON with `nft -j -f`). With only nftables no iptables table is made, so
 * no empty iptables chain shows up in the trace.
 */
function loadRulesets(ns: string, scenario: Scenario): void {
  try {
    loadRulesetsOrThrow(ns, scenario);
  } catch (e) {
    // nft's and iptables-restore's own messages name the line and column; say which of the two refused.
    const which = e instanceof RecorderError && /^ip netns exec \S+ nft /.test(e.message) ? "nftables" : "ruleset";
    throw new RulesetRefusedError(`the kernel refused the scenario's ${which}: ${e instanceof Error ? e.message : e}`);
  }
}

function loadRulesetsOrThrow(ns: string, scenario: Scenario): void {
  if (scenario.ruleset.trim() !== "" || scenario.nftables === undefined) {
    runIn(ns, "iptables-nft-restore", [], { input: scenario.ruleset });
  }
  const nft = scenario.nftables;
  if (nft === undefined || nft.trim() === "") return;
  if (!nft.trimStart().startsWith("{")) {
    runIn(ns, "nft", ["-f", "-"], { input: nft });
    return;
  }
  // nft reads JSON by opening the named file, and /dev/stdin cannot be opened on the socket Node gives a child
  // as its stdin: the JSON goes through a file of its own.
  const dir = mkdtempSync(join(tmpdir(), "nfxr-json-"));
  try {
    const file = join(dir, "ruleset.json");
    writeFileSync(file, nft);
    runIn(ns, "nft", ["-j", "-f", file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function injectedHeader(p: ScenarioPacket): HeaderFields {
  return {
    proto: p.proto,
    src: p.src,
    dst: p.dst,
    sport: p.sport,
    dport: p.dport,
    type: p.type ?? 8,
    code: p.code ?? 0,
  };
}

/** `ack: "auto"`: acknowledge what the host last sent on this flow, as the neighbour received it. */
function autoAck(p: ScenarioPacket, frames: readonly CapturedFrame[]): number | undefined {
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    if (f.proto !== 6 || f.src !== p.dst || f.dst !== p.src || f.sport !== p.dport || f.dport !== p.sport) continue;
    if (p.from !== "local" && f.dev !== p.from) continue;
    const flags = f.tcpflags ?? 0;
    return ((f.seq ?? 0) + (f.paylen ?? 0) + (flags & 0x02 ? 1 : 0) + (flags & 0x01 ? 1 : 0)) >>> 0;
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Scenario fields the engine honours but a recording does not reproduce (the agents send every packet at once,
 * as root, with the neighbour's own MAC, unmarked, and the kernel's random source is not seeded): the kernel's
 * answer may differ from the engine's there, so the log says so rather than leaving a silent difference.
 */
export function notReproduced(scenario: Scenario): string[] {
  const out: string[] = [];
  if (scenario.seed !== undefined) out.push("seed (the kernel's random choices are its own)");
  for (const i of scenario.host.interfaces) if (i.mac) out.push(`host.interfaces ${i.name}: mac`);
  scenario.packets.forEach((p, k) => {
    const fields = (["mark", "mac", "uid", "gid", "at"] as const).filter((f) => p[f] !== undefined);
    if (fields.length) out.push(`packets[${k}]: ${fields.join(", ")}`);
  });
  return out;
}

/** Run `scenario` in fresh network namespaces and return what the kernel did. Needs root (see preflight). */
export async function recordScenario(scenario: Scenario, opts: RecordOptions = {}): Promise<KernelAnswer> {
  const log = opts.log ?? (() => {});
  const maxWaitMs = opts.maxWaitMs ?? 3000;
  const stepMs = opts.stepMs ?? 30;
  const lab = new Lab();
  const t0 = Date.now();
  const phase = (name: string) => log(`${name} at ${Date.now() - t0} ms`);
  for (const what of notReproduced(scenario)) log(`not reproduced on the kernel: ${what}`);
  try {
    lab.build(scenario.host);
    phase("namespaces built");
    const h = lab.hostNs;
    const host = new Agent("host", h, ["host"]);
    lab.onDestroy(() => host.stop());
    const peers = new Map<string, Agent>();
    for (const iface of lab.interfaces) {
      const a = new Agent(`peer ${iface.name}`, iface.peerNs, ["peer", PEER_IF]);
      lab.onDestroy(() => a.stop());
      peers.set(iface.name, a);
    }
    const agents = [host, ...peers.values()];
    await Promise.all(agents.map((a) => a.ready));
    for (const l of scenario.host.listen) await host.call("listen", { proto: l.proto, port: l.port, addr: l.addr });

    loadRulesets(h, scenario);
    runIn(h, "nft", ["-f", "-"], { input: ownTables(scenario.host.conntrack === "on") });
    const handles = readHandles(h);
    phase("ruleset loaded");

    const monitor = new TraceMonitor(h, opts.traceLog);
    lab.onDestroy(() => monitor.stop());
    const sync = async (from: number, timeoutMs: number): Promise<number> => {
      const { port } = await host.call("probe");
      return monitor.waitFor(
        (l) => l.family === "ip6" && l.table === PROBE_TABLE && l.kind === "packet" && l.packet?.sport === port,
        from,
        timeoutMs,
      );
    };
    // nft subscribes to trace events some time after it starts: probe until one comes through.
    let cursor = -1;
    for (let i = 0; i < 50 && cursor < 0; i++) {
      cursor = await sync(0, 200).catch(() => -1);
    }
    if (cursor < 0) throw new RecorderError("nft monitor trace did not start");
    cursor += 1;
    phase("monitor ready");
    for (const a of peers.values()) await a.call("frames"); // drop anything from the setup

    const packets: AnswerPacket[] = [];
    const responses: AnswerResponse[] = [];
    const allFrames: CapturedFrame[] = [];
    const responseCause = new Map<string, string>(); // response header|flags -> header|flags of its packet

    for (const [k, p] of scenario.packets.entries()) {
      const spec: Record<string, unknown> = { ...p };
      if (p.ack === "auto") {
        const ack = autoAck(p, allFrames);
        if (ack === undefined) log(`packet ${k + 1}: ack "auto" but the host sent nothing on this flow; using 0`);
        spec.ack = ack ?? 0;
      }
      // The kernel's clock cannot be moved: wait it out (scenarios shorten the timeouts instead of waiting long).
      if (p.advance) await sleep(p.advance * 1000);
      let sendError: string | undefined;
      const started = Date.now();
      if (p.from === "local") {
        const res = await host.call("send", { packet: spec });
        if (typeof res.send_error === "string") sendError = res.send_error;
      } else {
        const peer = peers.get(p.from);
        const iface = lab.interfaces.find((i) => i.name === p.from);
        if (!peer || !iface) throw new RecorderError(`packet ${k + 1}: no interface ${p.from}`);
        const own = scenario.host.interfaces.find((i) => i.name === p.from);
        const addrs = own ? [own.addr] : [];
        await peer.call("send", { packet: spec, dstmac: linkDestination(p.dst, addrs, iface.hostMac) });
      }

      // Look again until nothing new has happened and every skb that left has been seen by its neighbour.
      const frames: CapturedFrame[] = [];
      let end = cursor;
      let previous = "";
      let groups: ReturnType<typeof groupWindow>;
      let used = new Set<CapturedFrame>();
      let matched = new Map<PacketGroup, CapturedFrame | undefined>();
      for (;;) {
        await sleep(stepMs);
        end = await sync(end, 2000);
        for (const [dev, a] of peers) {
          const res = await a.call("frames");
          for (const f of res.frames as Omit<CapturedFrame, "dev">[]) frames.push({ ...f, dev });
        }
        const window = monitor.lines.slice(cursor, end).filter((l) => isIpv4Family(l.family));
        groups = groupWindow(buildSegments(window), p.from, injectedHeader(p));
        used = new Set();
        matched = new Map();
        let pending = 0;
        for (const g of [groups.packet, ...groups.responses]) {
          if (!g) continue;
          const leaving = leavingSegment(g);
          const f = leaving?.post ? matchFrame(leaving.post, frames, used) : undefined;
          if (f) used.add(f);
          else if (leaving) pending++;
          matched.set(g, f);
        }
        const state = `${window.length}/${frames.length}`;
        if (state === previous && pending === 0) break;
        if (Date.now() - started > maxWaitMs) {
          if (pending)
            log(`packet ${k + 1}: ${pending} skb(s) left the host but no neighbour saw them; using the trace`);
          break;
        }
        previous = state;
      }
      cursor = end + 1;
      allFrames.push(...frames);
      for (const s of groups.stray) log(`packet ${k + 1}: ignored trace segment ${s.id} (${s.start} ${s.iif ?? ""})`);
      for (const f of frames.filter((fr) => !used.has(fr)))
        log(`packet ${k + 1}: frame on ${f.dev} not matched to a trace: ${JSON.stringify(f)}`);

      const entryOf = (g: PacketGroup, fromDevice: boolean): AnswerPacket => {
        const rec = recordGroup(g, handles, matched.get(g), fromDevice);
        const leaving = leavingSegment(g);
        if (rec.egress || !leaving?.post) return rec;
        return { ...rec, fate: fromDevice ? "forwarded" : "sent", egress: egressFromTrace(leaving.post) };
      };
      const entry: AnswerPacket = groups.packet
        ? entryOf(groups.packet, p.from !== "local")
        : { trace: [], headers: [], fate: "dropped", egress: null };
      packets.push(
        sendError === undefined
          ? entry
          : { ...entry, fate: entry.egress ? entry.fate : "dropped", send_error: sendError },
      );

      const packetKey = `${formatHeader(injectedHeader(p))}|${p.flags ?? ""}`;
      for (const g of groups.responses) {
        const rec = entryOf(g, false);
        const first = g.segments[0]!.first;
        const header = rec.headers[0] ?? (first ? formatHeader(first) : "?");
        const flags = first?.flags ?? rec.egress?.flags;
        const key = `${header}|${flags ?? ""}`;
        // A SYN-ACK identical to an earlier one, while this packet is not a repeat of that one's cause, is the
        // listener's retransmission timer firing, not an answer to this packet.
        const cause = responseCause.get(key);
        if (cause !== undefined && cause !== packetKey && flags?.includes("S")) {
          log(`packet ${k + 1}: ignored retransmission ${key}`);
          continue;
        }
        responseCause.set(key, packetKey);
        responses.push({
          ...rec,
          after_packet: k + 1,
          header,
          ...(flags !== undefined && first?.proto === "tcp" ? { flags } : {}),
        });
      }
      log(`packet ${k + 1}: ${entry.fate}, ${groups.responses.length} response(s), ${Date.now() - started} ms`);
    }

    const conntrack = normaliseConntrack(runIn(h, "conntrack", ["-L", "-f", "ipv4"], { allowFail: true }).stdout);
    phase("conntrack read");
    return { kernel: release(), packets, responses, conntrack };
  } finally {
    lab.destroy();
    phase("namespaces deleted");
  }
}
