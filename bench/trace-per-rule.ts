// The issue's whole-packet figure: `nfx trace --json` of 1,000 packets through flat-10000.v4 (only the last rule
// of filter INPUT matches), per rule evaluated, beside a tight plain-JS first-match loop over the same rules in the
// same rounds. The command runs in process (its Io collects the output), so no process start-up blurs the figure.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseRuleset } from "@nfx/iptables-save";
import { traceCommand } from "../packages/cli/src/commands/trace";
import type { Io } from "../packages/cli/src/io";

const PACKETS = 1000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

/**
 * The scenario document: the flat ruleset and `packets` copies of the test packet, each a new flow; `sources`
 * gives each packet's source address in turn (the test packet's by default).
 */
function scenario(ruleset: string, packets: number, sources: readonly string[] = ["10.200.0.1"]): string {
  return JSON.stringify({
    host: { interfaces: [{ name: "eth0", addr: "10.200.0.2/20" }] },
    ruleset,
    packets: Array.from({ length: packets }, (_, i) => ({
      from: "eth0",
      proto: "udp",
      src: sources[i % sources.length],
      dst: "10.200.0.2",
      sport: 20000 + i,
      dport: 5001,
    })),
  });
}

/** `nfx trace --json` of a scenario text, in process; returns the CPU milliseconds and the JSON it printed. */
function trace(doc: string): { ms: number; json: string } {
  let json = "";
  const io: Io = {
    out: () => {},
    err: () => {},
    data: (text) => {
      json += text;
    },
    read: () => doc,
  };
  const before = process.cpuUsage();
  const code = traceCommand(["scenario.json", "--json"], io);
  const used = process.cpuUsage(before);
  if (code !== 0) throw new Error(`nfx trace exited ${code}`);
  return { ms: (used.user + used.system) / 1000, json };
}

interface PlainRule {
  readonly src: number;
  readonly smask: number;
  readonly dst: number;
  readonly dmask: number;
  readonly proto: string;
  readonly iface: string;
  readonly dlo: number;
  readonly dhi: number;
}

/** The same rules as plain objects, with what flat-10000 tests: addresses, input interface, protocol, dport. */
function plainRules(text: string): PlainRule[] {
  const { ruleset } = parseRuleset(text);
  return ruleset.tables[0]!.chains.find((c) => c.name === "INPUT")!.rules.map((rule) => {
    const dport = (rule.matches[0] as { dport?: { value: { from: number; to: number } } } | undefined)?.dport?.value;
    if (rule.src?.invert || rule.dst?.invert || rule.outIface || rule.matches.length > 1) {
      throw new Error("flat-10000 changed shape: the plain loop tests only what it used to");
    }
    return {
      src: rule.src?.value.addr ?? 0,
      smask: rule.src?.value.mask ?? 0,
      dst: rule.dst?.value.addr ?? 0,
      dmask: rule.dst?.value.mask ?? 0,
      proto: rule.proto?.value ?? "",
      iface: rule.inIface?.value ?? "",
      dlo: dport?.from ?? 0,
      dhi: dport?.to ?? 65535,
    };
  });
}

/** A tight first-match loop for `PACKETS` packets; returns CPU milliseconds. Also run as a fresh process. */
function plainLoop(rules: readonly PlainRule[]): number {
  const src = 0x0ac80001; // 10.200.0.1
  const dst = 0x0ac80002; // 10.200.0.2
  const dport = 5001;
  let sum = 0;
  const before = process.cpuUsage();
  for (let k = 0; k < PACKETS; k++) {
    let found = -1;
    for (let i = 0; i < rules.length; i++) {
      const o = rules[i]!;
      if ((src & o.smask) >>> 0 !== o.src) continue;
      if ((dst & o.dmask) >>> 0 !== o.dst) continue;
      if (o.iface && o.iface !== "eth0") continue;
      if (o.proto && o.proto !== "udp") continue;
      if (dport < o.dlo || dport > o.dhi) continue;
      found = i;
      break;
    }
    sum += found;
  }
  const used = process.cpuUsage(before);
  if (sum !== PACKETS * (rules.length - 1)) throw new Error("the plain loop found the wrong rule");
  return (used.user + used.system) / 1000;
}

/**
 * Per rule evaluated: (trace of 1,000 packets - trace of none) / (1,000 x rules), so parsing the ruleset and the
 * scenario, which `nfx trace` pays once whatever the packets, is not counted; compiling is (it is per ruleset
 * but the engine does it while simulating). Each round runs all three, so the ratio holds on a busy machine.
 */
export function tracePerRule(text: string): void {
  const rules = plainRules(text);
  const n = rules.length;
  const full = scenario(text, PACKETS);
  const empty = scenario(text, 0);
  const first = trace(full).json;
  const lines = (JSON.parse(first) as { packets: { trace: string[] }[] }).packets.map((p) => p.trace.join(" "));
  if (lines.length !== PACKETS || !lines.every((l) => l === `filter:INPUT:rule:${n}:DROP`)) {
    throw new Error(`each packet should match only the last rule: ${lines[0]}`);
  }
  const engine: number[] = [];
  const plain: number[] = [];
  const ratios: number[] = [];
  const before = load();
  for (let r = 0; r < 9; r++) {
    const a = trace(full).ms - trace(empty).ms;
    const b = plainLoop(rules);
    engine.push((a * 1e6) / (PACKETS * n));
    plain.push((b * 1e6) / (PACKETS * n));
    ratios.push(a / b);
  }
  console.log(`nfx trace --json, ${PACKETS} packets through flat-10000.v4 (only rule ${n} matches), CPU time`);
  console.log(`  nfx trace path    ${median(engine).toFixed(2)} ns per rule evaluated (trace of none subtracted)`);
  console.log(`  plain-JS loop     ${median(plain).toFixed(2)} ns per rule (first match over objects, same rounds)`);
  console.log(
    `  ratio             ${median(ratios).toFixed(2)}x (median of 9 rounds' ratios; goal: <= 2)  load average ${before} -> ${load()}`,
  );
}

/** Prints the process's CPU time at exit, so a spawned `nfx` reports what it used without a wrapper shell. */
const CPU_AT_EXIT = `data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("nfxb-cpu "+(u.user+u.system)+"\\n")})`;

function childCpuMs(args: readonly string[]): number {
  const r = spawnSync(process.execPath, ["--import", CPU_AT_EXIT, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  const m = /nfxb-cpu (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
  return Number(m[1]) / 1000;
}

/**
 * The same figure as a user pays it: the bundled `nfx trace --json` as a process of its own (cold: parse, JIT
 * warm-up and all), 1,000 packets less none, beside the plain loop as a process of its own (its loop alone).
 */
export function tracePerRuleProcess(text: string, cli: string): void {
  const rules = plainRules(text);
  const n = rules.length;
  const dir = mkdtempSync(join(tmpdir(), "nfx-trace-bench-"));
  const full = join(dir, "full.json");
  const empty = join(dir, "empty.json");
  const tenth = join(dir, "tenth.json");
  const loop = join(dir, "loop.mjs");
  writeFileSync(full, scenario(text, PACKETS));
  writeFileSync(empty, scenario(text, 0));
  writeFileSync(tenth, scenario(text, PACKETS / 10));
  writeFileSync(
    loop,
    `const PACKETS = ${PACKETS};\nconst rules = ${JSON.stringify(rules)};\n${plainLoop.toString()}\nprocess.stdout.write(String(plainLoop(rules)));\n`,
  );
  const engine: number[] = [];
  const plain: number[] = [];
  const ratios: number[] = [];
  const steady: number[] = [];
  const before = load();
  for (let r = 0; r < 7; r++) {
    const all = childCpuMs([cli, "trace", "--json", full]);
    const a = all - childCpuMs([cli, "trace", "--json", empty]);
    // The last 900 packets alone: what a packet costs once V8 has compiled the path (the first 100 pay for that).
    steady.push(((all - childCpuMs([cli, "trace", "--json", tenth])) * 1e6) / ((PACKETS - PACKETS / 10) * n));
    const out = spawnSync(process.execPath, [loop], { encoding: "utf8" });
    if (out.status !== 0) throw new Error(`the plain loop failed: ${out.stderr}`);
    const b = Number(out.stdout);
    engine.push((a * 1e6) / (PACKETS * n));
    plain.push((b * 1e6) / (PACKETS * n));
    ratios.push(a / b);
  }
  console.log(`  as processes: nfx trace --json (${cli}) of ${PACKETS} packets less none, each a fresh node`);
  console.log(`  nfx trace         ${median(engine).toFixed(2)} ns per rule evaluated`);
  console.log(`  plain-JS loop     ${median(plain).toFixed(2)} ns per rule (a fresh node, its loop alone)`);
  console.log(`  nfx trace, packets 101-1,000 only: ${median(steady).toFixed(2)} ns per rule (1,000 packets less 100)`);
  console.log(
    `  ratio             ${median(ratios).toFixed(2)}x (median of 7 rounds' ratios; goal: <= 2)  load average ${before} -> ${load()}`,
  );
  alternating(text, n, cli, dir, median(plain));
  loopAsProcess(text, rules, cli, dir);
}

/**
 * The worst case of the header sieve's memo (a packet whose tested fields equal the last one's reuses its
 * candidate rules): packets whose sources alternate, so the memo never applies. The last rule is widened to
 * take both sources, and every packet must still match it alone. Against the plain loop's figure above.
 */
function alternating(text: string, n: number, cli: string, dir: string, plainNs: number): void {
  const last = "-A INPUT -s 10.200.0.1/32 -d 10.200.0.2/32";
  if (!text.includes(last)) throw new Error("flat-10000 changed: its last rule is not the one widened here");
  const widened = text.replace(last, "-A INPUT -s 10.200.0.0/30 -d 10.200.0.2/32");
  const sources = ["10.200.0.1", "10.200.0.3"];
  const full = join(dir, "alternating.json");
  const empty = join(dir, "alternating-empty.json");
  writeFileSync(full, scenario(widened, PACKETS, sources));
  writeFileSync(empty, scenario(widened, 0, sources));
  const check = spawnSync(process.execPath, [cli, "trace", "--json", full], { encoding: "utf8", maxBuffer: 1 << 28 });
  const traces = (JSON.parse(check.stdout) as { packets: { trace: string[] }[] }).packets.map((p) => p.trace.join(" "));
  if (traces.length !== PACKETS || !traces.every((l) => l === `filter:INPUT:rule:${n}:DROP`))
    throw new Error(
      `each alternating packet should match only the last rule: ${traces.find((l) => !l.endsWith(`${n}:DROP`))}`,
    );
  const ns: number[] = [];
  for (let r = 0; r < 7; r++) {
    const a = childCpuMs([cli, "trace", "--json", full]) - childCpuMs([cli, "trace", "--json", empty]);
    ns.push((a * 1e6) / (PACKETS * n));
  }
  const m = median(ns);
  console.log(
    `  sources alternating (the sieve's memo never applies): ${m.toFixed(2)} ns per rule, ${(m / plainNs).toFixed(2)}x the plain loop`,
  );
}

/**
 * The plain loop as a whole program, the way the nfx figure above is taken: a fresh node reads flat-10000.v4,
 * builds its rules with a small parser of its own and loops over the packets; its process CPU time for 1,000
 * packets less its time for none. Start-up, reading and building cancel out; what is left is the loop with
 * V8's warm-up of it, as nfx's figure keeps its own warm-up.
 */
const LOOP_PROGRAM = `import { readFileSync } from "node:fs";
const PACKETS = Number(process.argv[3]);
function cidr(text) {
  const [addr, bits] = text.split("/");
  const p = addr.split(".").map(Number);
  const n = bits === undefined ? 32 : Number(bits);
  const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
  return [(((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) & mask) >>> 0, mask];
}
// Names as the program's own literals (internalized), so the loop compares them by identity as it would
// compare the bench's JSON-literal rules; slices of the line would be compared character by character.
const NAMES = ["tcp", "udp", "icmp", "eth0", "eth1", "eth2", "eth3", "eth4", "eth5", "eth6", "eth7"];
const name = (s) => NAMES.find((n) => n === s) ?? s;
const rules = [];
for (const line of readFileSync(process.argv[2], "utf8").split("\\n")) {
  if (!line.startsWith("-A INPUT ")) continue;
  const w = line.split(" ");
  let src = 0, smask = 0, dst = 0, dmask = 0, proto = "", iface = "", dlo = 0, dhi = 65535;
  for (let i = 2; i < w.length; i++) {
    if (w[i] === "-s") [src, smask] = cidr(w[++i]);
    else if (w[i] === "-d") [dst, dmask] = cidr(w[++i]);
    else if (w[i] === "-i") iface = name(w[++i]);
    else if (w[i] === "-p") proto = name(w[++i]);
    else if (w[i] === "--dport") {
      const [lo, hi] = w[++i].split(":").map(Number);
      dlo = lo;
      dhi = hi ?? lo;
    }
  }
  rules.push({ src, smask, dst, dmask, proto, iface, dlo, dhi });
}
if (process.env.NFXB_RULES) process.stdout.write(JSON.stringify(rules));
else {
  ${plainLoop.toString()}
  plainLoop(rules);
}
`;

function loopAsProcess(text: string, rules: readonly PlainRule[], cli: string, dir: string): void {
  const file = join(dir, "flat.v4");
  const program = join(dir, "loop-program.mjs");
  writeFileSync(file, text);
  writeFileSync(program, LOOP_PROGRAM);
  const built = spawnSync(process.execPath, [program, file, "0"], {
    encoding: "utf8",
    env: { ...process.env, NFXB_RULES: "1" },
    maxBuffer: 1 << 26,
  });
  if (built.stdout !== JSON.stringify(rules)) throw new Error("the loop program read other rules than the bench");
  const n = rules.length;
  const full = join(dir, "full.json");
  const empty = join(dir, "empty.json");
  const nfx: number[] = [];
  const loop: number[] = [];
  const ratios: number[] = [];
  const wholeRatios: number[] = [];
  const before = load();
  for (let r = 0; r < 7; r++) {
    const nfxAll = childCpuMs([cli, "trace", "--json", full]);
    const a = nfxAll - childCpuMs([cli, "trace", "--json", empty]);
    const loopAll = childCpuMs([program, file, String(PACKETS)]);
    const b = loopAll - childCpuMs([program, file, "0"]);
    nfx.push((a * 1e6) / (PACKETS * n));
    loop.push((b * 1e6) / (PACKETS * n));
    ratios.push(a / b);
    wholeRatios.push(nfxAll / loopAll);
  }
  console.log(
    "  the loop measured the same way: a fresh node reads the file, builds its rules, loops; 1,000 less none",
  );
  console.log(`  nfx trace         ${median(nfx).toFixed(2)} ns per rule evaluated (process, 1,000 packets less none)`);
  console.log(`  plain-JS program  ${median(loop).toFixed(2)} ns per rule (process, 1,000 packets less none)`);
  console.log(
    `  ratio, same way   ${median(ratios).toFixed(2)}x (median of 7 rounds' ratios; goal: <= 2)  load average ${before} -> ${load()}`,
  );
  console.log(
    `  whole processes   ${median(wholeRatios).toFixed(2)}x (nfx trace of 1,000 packets / the loop program of 1,000, start-up, parse and all)`,
  );
}
