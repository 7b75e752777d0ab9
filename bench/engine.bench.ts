// `npm run bench`: the engine's speed beside the kernel's figures (../shared/perf/README.md) and a plain
// object-loop baseline measured in the same run. Figures are medians of several rounds.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileNft, compileRuleset, findMatch, Simulator, skbFromSpec } from "@nfx/engine/internal";
import { LazyParse, parseRuleset } from "@nfx/iptables-save";
import type { Host, PacketSpec } from "@nfx/model";
import { parseNft } from "@nfx/nftables";
import { toHost, toPacketSpec, validateScenario } from "@nfx/scenario";
import { bigNodeTrace } from "./big-node-trace";
import { kubeNftRuleset } from "./kube-nft";
import { tracePerRule, tracePerRuleProcess } from "./trace-per-rule";

const perfDir = process.env.NFX_PERF_DIR ?? join(process.cwd(), "..", "shared", "perf");
const rulesets = join(perfDir, "rulesets");
/** The bundled `nfx` the trace figure runs as a process (NFX_BENCH_CLI: another build, e.g. main's, to compare). */
const cli = process.env.NFX_BENCH_CLI ?? "packages/cli/dist/nfx.js";
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function host(json: unknown): Host {
  const v = validateScenario({ host: json, ruleset: "", packets: [] });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return toHost(v.value);
}

function packet(json: unknown): PacketSpec {
  const v = validateScenario({
    host: { interfaces: [{ name: "eth0", addr: "10.0.0.1/24" }] },
    ruleset: "",
    packets: [json],
  });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return toPacketSpec(v.value.packets[0]!);
}

function perRule(): void {
  const text = readFileSync(join(rulesets, "flat-10000.v4"), "utf8");
  const h = host({ interfaces: [{ name: "eth0", addr: "10.200.0.2/20" }], conntrack: "auto" });
  const { ruleset } = parseRuleset(text);
  const ifaces = new Map([
    ["lo", 0],
    ["eth0", 1],
  ]);
  const compiled = compileRuleset(ruleset, ifaces);
  const chain = compiled.base("filter", "INPUT")!;
  const sim = new Simulator(h, ruleset);
  const spec = packet({ from: "eth0", proto: "udp", src: "10.200.0.1", dst: "10.200.0.2", sport: 40000, dport: 5001 });
  // The rule lookup alone: findMatch on the engine's compiled layout (a chain this long goes through its sieve).
  const skb = skbFromSpec(spec, 0);
  skb.inIface = "eth0";
  // flat-10000 rules test addresses, interfaces and ports only, so the rule loop never reads the environment.
  const env = {} as Parameters<typeof findMatch>[3];
  let hit = 0;
  const loops = 400;
  const rounds: number[] = [];
  for (let r = 0; r < 9; r++) {
    rounds.push(
      time(() => {
        for (let k = 0; k < loops; k++) hit = findMatch(chain, 0, skb, env, 2, 1 << 31);
      }),
    );
  }
  if (hit !== chain.n - 1) throw new Error(`the test packet should match only the last rule, got ${hit + 1}`);
  const nsPerRule = (median(rounds) * 1e6) / (loops * chain.n);
  // The sieve keeps the last packet's candidates: the same packet again skips its ANDs. Two packets in turn whose
  // tested fields differ (another source, which no rule lets through) make it work them out every time.
  const other = skbFromSpec({ ...spec, src: spec.src + 2 }, 0);
  other.inIface = "eth0";
  const turns: number[] = [];
  let missed = 0;
  for (let r = 0; r < 9; r++) {
    turns.push(
      time(() => {
        for (let k = 0; k < loops; k += 2) {
          hit = findMatch(chain, 0, skb, env, 2, 1 << 31);
          missed = findMatch(chain, 0, other, env, 2, 1 << 31);
        }
      }),
    );
  }
  if (hit !== chain.n - 1 || missed !== chain.n)
    throw new Error("the packets in turn should match the last rule, then none");
  const nsPerRuleTurns = (median(turns) * 1e6) / (loops * chain.n);
  // A whole packet through PREROUTING, routing, INPUT: the per-rule cost as a user's trace pays it.
  const whole: number[] = [];
  for (let r = 0; r < 41; r++) whole.push(time(() => sim.send(spec)));
  const nsPerRuleWhole = (median(whole) * 1e6) / chain.n;
  // The baseline: the same rules as plain objects, the loop the perf README measured at ~22 ns/rule.
  const objects = ruleset.tables[0]!.chains.find((c) => c.name === "INPUT")!.rules.map((rule) => ({
    src: rule.src?.value.addr ?? 0,
    smask: rule.src?.value.mask ?? 0,
    dst: rule.dst?.value.addr ?? 0,
    dmask: rule.dst?.value.mask ?? 0,
    proto: rule.proto?.value ?? "",
    iface: rule.inIface?.value ?? "",
    dport: (rule.matches[0] as { dport?: { value: { from: number; to: number } } } | undefined)?.dport?.value,
  }));
  const base: number[] = [];
  let found = -1;
  for (let r = 0; r < 9; r++) {
    base.push(
      time(() => {
        for (let k = 0; k < loops; k++) {
          found = -1;
          for (let i = 0; i < objects.length; i++) {
            const o = objects[i]!;
            if ((spec.src & o.smask) >>> 0 !== o.src) continue;
            if ((spec.dst & o.dmask) >>> 0 !== o.dst) continue;
            if (o.iface && o.iface !== "eth0") continue;
            if (o.proto && o.proto !== "udp") continue;
            if (o.dport && (spec.dport < o.dport.from || spec.dport > o.dport.to)) continue;
            found = i;
            break;
          }
        }
      }),
    );
  }
  if (found !== objects.length - 1) throw new Error("baseline found the wrong rule");
  const nsBaseline = (median(base) * 1e6) / (loops * objects.length);
  console.log("per-rule cost, flat-10000.v4 (only the last rule matches)");
  console.log(`  engine findMatch (sieve)  ${nsPerRule.toFixed(2)} ns/rule of the chain (the same packet again)`);
  console.log(`  findMatch, 2 in turn      ${nsPerRuleTurns.toFixed(2)} ns/rule of the chain (other fields each time)`);
  console.log(
    `  whole packet (trace)      ${nsPerRuleWhole.toFixed(2)} ns/rule  (${median(whole).toFixed(3)} ms a packet)`,
  );
  console.log(`  plain object loop         ${nsBaseline.toFixed(2)} ns/rule  (baseline, same run)`);
  console.log(`  kernel iptables-legacy    8.1 ns/rule, iptables-nft 36 ns/rule (shared/perf)`);
  console.log(
    `  ratio engine/baseline     ${(nsPerRuleTurns / nsBaseline).toFixed(2)}x; engine/kernel-legacy ${(nsPerRuleTurns / 8.1).toFixed(2)}x (2 in turn)`,
  );
}

function kubePackets(): void {
  const text = readFileSync(join(rulesets, "kube-5000.v4"), "utf8");
  const { ruleset } = parseRuleset(text);
  const h = host({
    interfaces: [
      { name: "eth0", addr: "10.0.0.10/24" },
      { name: "cni0", addr: "10.244.0.1/16" },
    ],
    routes: [{ dst: "0.0.0.0/0", via: "10.0.0.1", dev: "eth0" }],
    ip_forward: true,
  });
  const sim = new Simulator(h, ruleset);
  const n = 2000;
  const specs = Array.from({ length: n }, (_, i) =>
    packet({
      from: "local",
      proto: "tcp",
      src: "10.0.0.10",
      dst: "10.105.185.94",
      sport: 10000 + i,
      dport: 80,
      flags: "S",
    }),
  );
  const first = sim.send(specs[0]!);
  if (!first.trace.some((t) => t.startsWith("nat:KUBE-SEP-") && t.endsWith(":ACCEPT"))) {
    throw new Error(`the ClusterIP SYN was not DNATed: ${first.trace.join(" ")}`);
  }
  const ms = time(() => {
    for (let i = 1; i < n; i++) sim.send(specs[i]!);
  });
  const pps = (n - 1) / (ms / 1000);
  console.log("whole packets, kube-5000.v4 (a new ClusterIP SYN to the last service, KUBE-SERVICES -> KUBE-SEP DNAT)");
  console.log(
    `  ${pps.toFixed(0)} packets/s  (${((ms * 1000) / (n - 1)).toFixed(1)} us a packet, ${first.trace.length} trace lines)`,
  );
}

function importFile(label: string, file: string): void {
  const text = readFileSync(file, "utf8");
  const parse: number[] = [];
  const compile: number[] = [];
  let rules = 0;
  for (let r = 0; r < 5; r++) {
    let ruleset!: ReturnType<typeof parseRuleset>["ruleset"];
    parse.push(
      time(() => {
        ruleset = parseRuleset(text).ruleset;
      }),
    );
    compile.push(
      time(() =>
        compileRuleset(
          ruleset,
          new Map([
            ["lo", 0],
            ["eth0", 1],
          ]),
        ),
      ),
    );
    rules = ruleset.tables.reduce((a, t) => a + t.chains.reduce((b, c) => b + c.rules.length, 0), 0);
  }
  // The lazy parse (the app's and `nfx trace`'s): the index the first answer waits for, then validation.
  const index: number[] = [];
  const validate: number[] = [];
  for (let r = 0; r < 5; r++) {
    let lazy!: LazyParse;
    index.push(time(() => (lazy = new LazyParse(text))));
    validate.push(time(() => lazy.validate()));
  }
  // The heap in a fresh process, so this one's earlier rounds and JIT state do not blur the figure.
  const heapOf = (mode: string) =>
    Number(
      execFileSync(process.execPath, ["--expose-gc", "--max-old-space-size=8192", process.argv[1]!, mode, file], {
        encoding: "utf8",
      }).trim(),
    );
  const heap = heapOf("mem");
  const lazyHeap = heapOf("mem-lazy");
  const mb = text.length / 1e6;
  console.log(`import ${label}: ${mb.toFixed(1)} MB, ${rules} rules`);
  console.log(
    `  parse ${median(parse).toFixed(0)} ms (median of 5; first ${parse[0]!.toFixed(0)} ms), compile ${median(compile).toFixed(0)} ms; model ${(heap / 1e6).toFixed(1)} MB = ${(heap / 1e6 / mb).toFixed(2)}x the file`,
  );
  console.log(
    `  lazy: index ${median(index).toFixed(0)} ms (first ${index[0]!.toFixed(0)} ms), validate ${median(validate).toFixed(0)} ms; model ${(lazyHeap / 1e6).toFixed(1)} MB = ${((lazyHeap + text.length) / 1e6 / mb).toFixed(2)}x the file with its text (goal: <= 2x)`,
  );
}

/**
 * The import of a kube-proxy nftables-mode ruleset (bench/kube-nft.ts, as `nft list ruleset` lists it) beside the
 * iptables kube-5000 import. Each round parses both files one after the other, so the ratio holds on a busy
 * machine where the two medians alone would drift apart. Compile joins the figure when the engine compiles nft
 * rulesets: pass its compiler here and the iptables compile time (null: parse only, and the lines say so).
 */
function importNft(
  services: number,
  endpoints: number,
  iptablesFile: string,
  compile: {
    readonly nft: (ruleset: ReturnType<typeof parseNft>["ruleset"]) => unknown;
    readonly iptables: (ruleset: ReturnType<typeof parseRuleset>["ruleset"]) => unknown;
  } | null = null,
): void {
  const { text } = kubeNftRuleset({ services, endpoints });
  const ipt = readFileSync(iptablesFile, "utf8");
  const nft: number[] = [];
  const iptables: number[] = [];
  const ratios: number[] = [];
  let rules = 0;
  for (let r = 0; r < 7; r++) {
    let theirs!: ReturnType<typeof parseRuleset>;
    const a = time(() => {
      theirs = parseRuleset(ipt);
    });
    const a2 = compile ? time(() => compile.iptables(theirs.ruleset)) : 0;
    let ours!: ReturnType<typeof parseNft>;
    const b = time(() => {
      ours = parseNft(text);
    });
    const errors = ours.diagnostics.filter((d) => d.severity === "error");
    if (errors.length) throw new Error(`the generated kube-proxy nft ruleset has errors: ${JSON.stringify(errors[0])}`);
    const b2 = compile ? time(() => compile.nft(ours.ruleset)) : 0;
    iptables.push(a + a2);
    nft.push(b + b2);
    ratios.push((b + b2) / (a + a2));
    rules = ours.ruleset.tables.reduce((x, t) => x + t.chains.reduce((y, c) => y + c.rules.length, 0), 0);
  }
  const what = compile ? "parse + compile" : "parse";
  console.log(
    `import kube-proxy nftables mode, ${services} services x${endpoints} endpoints (bench/kube-nft.ts): ${(text.length / 1e6).toFixed(1)} MB, ${rules} rules`,
  );
  console.log(
    `  ${what} ${median(nft).toFixed(0)} ms (median of 7; first ${nft[0]!.toFixed(0)} ms)${compile ? "" : "; compile not measured yet (the engine does not compile nft rulesets yet)"}`,
  );
  console.log(
    `  iptables kube-5000 ${what} in the same rounds ${median(iptables).toFixed(0)} ms: nft/iptables ${median(ratios).toFixed(2)}x (median of the 7 rounds' ratios; goal: <= 1)`,
  );
}

/**
 * One new ClusterIP connection after another through a kube-proxy nftables-mode node (the host of the nft-kube-*
 * goldens), at `services` services: nat-output -> services -> the service-ips verdict map -> service chain ->
 * endpoint dnat. Each packet goes to a service drawn at random (seeded). A warm-up first sends each service
 * packets until every endpoint chain was reached, so the chains are compiled before the timed rounds; each round's
 * first packet moves the clock past the SYN timeout, so the conntrack table holds the same few hundred entries at
 * both sizes (the simulator's expiry scans every entry, which is not what this figure is about).
 */
function nftServicePackets(services: number): { readonly trace: number; readonly round: () => number } {
  const kube = kubeNftRuleset({ services, endpoints: 3 });
  const parsed = parseNft(kube.text);
  const h = host({
    interfaces: [
      { name: "eth0", addr: "10.0.0.10/24" },
      { name: "cni0", addr: "10.244.0.1/24" },
    ],
    routes: [{ dst: "0.0.0.0/0", via: "10.0.0.1", dev: "eth0" }],
    ip_forward: true,
    conntrack: "on",
  });
  const sim = new Simulator(h, parseRuleset("").ruleset, { nftables: parsed.ruleset });
  const targets = kube.services.filter((s) => s.endpoints.length > 0);
  let sport = 1023;
  // A new source port for each packet: each is a new connection, as a new client would open.
  const nextPort = () => {
    sport = sport >= 65535 ? 1024 : sport + 1;
    return sport;
  };
  const syn = (s: (typeof targets)[number], advance = 0) =>
    packet({
      from: "local",
      proto: s.protocol,
      src: "10.0.0.10",
      sport: nextPort(),
      dst: s.clusterIp,
      dport: s.port,
      ...(s.protocol === "tcp" ? { flags: "S" } : {}),
      ...(advance ? { advance } : {}),
    });
  let trace = 0;
  let sent = 0;
  for (const s of targets) {
    const left = new Set(s.endpoints.map((e) => `kube-proxy:${e.chain}:rule:2:ACCEPT`));
    while (left.size) {
      const out = sim.send(syn(s, ++sent % 500 === 0 ? 600 : 0));
      const dnat = out.trace.find((t) => left.has(t));
      if (!out.trace.some((t) => t.startsWith("kube-proxy:endpoint-") && t.endsWith(":ACCEPT"))) {
        throw new Error(`the ClusterIP packet to ${s.name} was not DNATed: ${out.trace.join(" ")}`);
      }
      if (dnat) left.delete(dnat);
      trace = out.trace.length;
    }
  }
  // The same seeded draw at both sizes: the packet mix differs only in which service each packet reaches.
  let seed = 12345;
  const draw = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return targets[seed % targets.length]!;
  };
  const n = 500;
  return {
    trace,
    round: () => {
      const specs = Array.from({ length: n }, (_, i) => syn(draw(), i === 0 ? 600 : 0));
      // CPU time, not wall time: on a shared machine the wall clock also counts the time spent waiting for a core.
      const before = process.cpuUsage();
      for (const spec of specs) sim.send(spec);
      const used = process.cpuUsage(before);
      return (used.user + used.system) / n;
    },
  };
}

/** The two sizes in alternate rounds, so the ratio holds on a busy machine where two medians alone drift apart. */
function nftServiceMap(): void {
  const small = nftServicePackets(50);
  const large = nftServicePackets(5000);
  const us: [number[], number[]] = [[], []];
  const ratios: number[] = [];
  for (let r = 0; r < 11; r++) {
    const a = small.round();
    const b = large.round();
    us[0].push(a);
    us[1].push(b);
    ratios.push(b / a);
  }
  console.log(
    "whole packets, kube-proxy nftables mode (new ClusterIP connections to random services, service-ips vmap)",
  );
  console.log(`  50 services     ${median(us[0]).toFixed(1)} us of CPU a packet (${small.trace} trace lines)`);
  console.log(`  5,000 services  ${median(us[1]).toFixed(1)} us of CPU a packet (${large.trace} trace lines)`);
  console.log(
    `  ratio 5,000/50  ${median(ratios).toFixed(2)}x (median of 11 alternate rounds' ratios, 500 packets each; goal: <= 1.5)`,
  );
}

/** Child mode: the heap a parsed model keeps alive, with the file's text held as an app holding it would. */
function measureHeap(file: string, lazy: boolean): void {
  const text = readFileSync(file, "utf8");
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const result = lazy ? new LazyParse(text).result() : parseRuleset(text);
  gc();
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  // Read after the measurement, so neither the text nor the model can be collected before it.
  process.stdout.write(`${bytes + 0 * text.length * result.ruleset.tables.length}\n`);
}

function main(): void {
  if (process.argv[2] === "mem" || process.argv[2] === "mem-lazy") {
    measureHeap(process.argv[3]!, process.argv[2] === "mem-lazy");
    return;
  }
  if (!existsSync(rulesets)) {
    console.error(`bench: rulesets not found in ${rulesets}; set NFX_PERF_DIR to the shared perf folder`);
    process.exit(2);
  }
  // `npm run bench -- import`: the kube-5000 imports alone (iptables and nft), a quick check of a parser change;
  // `npm run bench -- nft-packets`: the per-packet figure through kube-proxy's service verdict map alone.
  if (process.argv[2] === "nft-packets") {
    nftServiceMap();
    return;
  }
  // `npm run bench -- big-node`: the ClusterIP SYN through the 700,000-line node alone (also in a whole run with
  // NFX_BIG_NODE set).
  if (process.argv[2] === "big-node") {
    bigNodeTrace(perfDir);
    return;
  }
  // `npm run bench -- per-rule`: the rule loop, and the figure (nfx trace's path per rule against a plain
  // loop, in process and as `nfx` processes), alone.
  if (process.argv[2] === "per-rule") {
    perRule();
    tracePerRule(readFileSync(join(rulesets, "flat-10000.v4"), "utf8"));
    tracePerRuleProcess(readFileSync(join(rulesets, "flat-10000.v4"), "utf8"), cli);
    return;
  }
  const importsOnly = process.argv[2] === "import";
  if (!importsOnly) {
    perRule();
    tracePerRule(readFileSync(join(rulesets, "flat-10000.v4"), "utf8"));
    tracePerRuleProcess(readFileSync(join(rulesets, "flat-10000.v4"), "utf8"), cli);
    kubePackets();
    nftServiceMap();
  }
  importFile("kube-5000.v4 (goal: < 175 ms, < 3x the file)", join(rulesets, "kube-5000.v4"));
  const ifaces = new Map([
    ["lo", 0],
    ["eth0", 1],
  ]);
  importNft(5000, 3, join(rulesets, "kube-5000.v4"), {
    nft: (r) => compileNft(r),
    iptables: (r) => compileRuleset(r, ifaces),
  });
  if (importsOnly) return;
  // The runner's copy of the node (scripts/bench.mjs with NFX_BIG_NODE=1), or one generated here and removed.
  const given = process.env.NFX_BIG_NODE_FILE;
  const dir = given ? null : mkdtempSync(join(tmpdir(), "nfx-bench-"));
  const big = given ?? join(dir!, "kube-44000.v4");
  try {
    if (!given)
      execFileSync("python3", [join(perfDir, "gen_kube.py"), "-s", "44000", "-e", "3", "-o", big], { stdio: "ignore" });
    importFile("a 700,000-line node (gen_kube.py -s 44000 -e 3)", big);
    if (process.env.NFX_BIG_NODE) bigNodeTrace(perfDir);
  } catch (e) {
    console.log(`  (skipped the 700,000-line node: ${(e as Error).message.split("\n")[0]})`);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main();
