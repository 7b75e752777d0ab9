// The figures of issue 13's Speed section, as the benchmarks measure them, and the summary table that ends
// `npm run bench` and `npm run bench:app`. Each benchmark may run in a child process, so a figure is appended as
// one JSON line to the file named by NFX_BENCH_FIGURES (the runner sets it); the runner prints the table.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";

/** The 1, 5 and 15-minute load averages, one decimal each: printed beside every figure. */
export const load = () => loadavg().map((l) => Number(l.toFixed(1)));
export const loadText = () => `load ${load().join(" ")}`;

/**
 * @typedef {object} Figure
 * @property {string} id       stable key, so a section that was not run can be listed as "not measured"
 * @property {number} value    the measurement, in `unit`
 * @property {string} unit
 * @property {{label: string, value: number} | null} yardstick  what it is compared with, measured in the same run
 * @property {{on: "ratio" | "value", op: "<" | "<=", limit: number}} goal
 * @property {number} [ratio]  the ratio when the benchmark gives its own (median of per-round ratios)
 * @property {number[]} [load] load average when it was measured (filled in by recordFigure)
 * @property {string} [note]
 * @property {string} [skipped] why it was not measured (then nothing else is needed but the id)
 */

/** Appends `f` to the run's figures (when a runner collects them) and returns it with its load average. */
export function recordFigure(f, file = process.env.NFX_BENCH_FIGURES) {
  const out = { ...f, load: f.load ?? load() };
  if (file) appendFileSync(file, `${JSON.stringify(out)}\n`);
  return out;
}

/** The figures the issue asks for, in its order, with what the summary says when one was not measured. */
export const SPEED_FIGURES = [
  { id: "check-kube-5000", label: "nfx check CPU, kube-5000", runner: "bench" },
  { id: "check-kube-5000-ca", label: "  the same, node loading NODE_EXTRA_CA_CERTS", runner: "bench" },
  { id: "check-700k", label: "nfx check CPU, 700k-line node", runner: "bench", needs: "NFX_BIG_NODE=1" },
  {
    id: "check-700k-ca",
    label: "  the same, node loading NODE_EXTRA_CA_CERTS",
    runner: "bench",
    needs: "NFX_BIG_NODE=1",
  },
  { id: "whole-packets", label: "whole packets: nfx trace --json per rule", runner: "bench" },
  { id: "whole-packets-process", label: "  the same, nfx as a process", runner: "bench" },
  { id: "whole-packets-alternating", label: "  the same, sources alternating (no sieve memo)", runner: "bench" },
  {
    id: "engine-700k-syn",
    label: "engine in node: SYN through the 700k node",
    runner: "bench",
    needs: "NFX_BIG_NODE=1",
  },
  { id: "engine-700k-syn-prepared", label: "  first SYN on a prepared host", runner: "bench", needs: "NFX_BIG_NODE=1" },
  { id: "app-700k-shown", label: "app 700k: file to KUBE-SERVICES + sendable", runner: "app", needs: "NFX_BIG_NODE=1" },
  { id: "app-700k-longtask", label: "app 700k: longest main-thread task", runner: "app", needs: "NFX_BIG_NODE=1" },
  {
    id: "app-700k-task-cpu",
    label: "  the most main-thread CPU in one task",
    runner: "app",
    needs: "NFX_BIG_NODE=1",
  },
  { id: "app-700k-syn", label: "app 700k: ClusterIP SYN in the worker", runner: "app", needs: "NFX_BIG_NODE=1" },
  { id: "app-kube-5000-shown", label: "app kube-5000: file to shown", runner: "app" },
  { id: "app-kube-5000-longtask", label: "app kube-5000: longest main-thread task", runner: "app" },
  { id: "app-kube-5000-task-cpu", label: "  the most main-thread CPU in one task", runner: "app" },
  { id: "app-kube-5000-search", label: "app kube-5000: first search", runner: "app" },
];

const fmt = (n, unit) => {
  if (unit === "x") return `${n.toFixed(2)}x`;
  if (unit === "ms") return `${n >= 100 || Number.isInteger(n) ? n.toFixed(0) : n.toFixed(1)} ms`;
  if (unit === "s") return `${n.toFixed(2)} s`;
  if (unit === "ns/rule") return `${n.toFixed(2)} ns/rule`;
  return `${n} ${unit}`;
};

/** `f`'s ratio to its yardstick: the one it gives (a median of per-round ratios), else value / yardstick. */
const ratioOf = (f) => f.ratio ?? (f.yardstick ? f.value / f.yardstick.value : null);

/** Whether `f` meets its goal. */
export function met(f) {
  const x = f.goal.on === "ratio" ? ratioOf(f) : f.value;
  // A ratio goal without its yardstick (the kernel's tool not run: not root) is not met by default.
  if (x === null) return false;
  return f.goal.op === "<" ? x < f.goal.limit : x <= f.goal.limit;
}

/** The summary table of the figures in `file` for `runner` ("bench" or "app"), as lines. */
export function summary(file, runner) {
  const got = existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
  const rows = [["figure", "value", "yardstick (same run)", "ratio", "goal", "load avg", "met"]];
  for (const want of SPEED_FIGURES.filter((w) => w.runner === runner)) {
    // A figure measured more than once (several runs) is given by its median run: by ratio when its goal is one.
    const key = (g) => (g.goal.on === "ratio" ? ratioOf(g) : g.value);
    const all = got.filter((g) => g.id === want.id && !g.skipped).sort((a, b) => key(a) - key(b));
    const f = all[Math.floor(all.length / 2)];
    const skipped = got.find((g) => g.id === want.id && g.skipped);
    if (!f || skipped) {
      rows.push([
        want.label,
        skipped
          ? `skipped (${skipped.skipped})`
          : want.needs && !process.env.NFX_BIG_NODE
            ? `not run (${want.needs})`
            : "not measured yet",
        "",
        "",
        "",
        "",
        "",
      ]);
      continue;
    }
    const ratio = ratioOf(f);
    const goal = f.goal.on === "ratio" ? `${f.goal.op} ${f.goal.limit}x` : `${f.goal.op} ${fmt(f.goal.limit, f.unit)}`;
    rows.push([
      `${want.label}${all.length > 1 ? ` (median of ${all.length})` : ""}`,
      fmt(f.value, f.unit),
      f.yardstick ? `${f.yardstick.label} ${fmt(f.yardstick.value, f.unit)}` : "-",
      ratio === null ? "-" : `${ratio.toFixed(2)}x`,
      goal,
      f.load.join(" "),
      met(f) ? "met" : ratio === null && f.goal.on === "ratio" ? "no yardstick" : "UNMET",
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd(),
  );
}

/**
 * The figures engine.bench.ts prints as text (its sections are written by whoever works on the engine's speed):
 * the whole-packet figure (`nfx trace --json` per rule evaluated against a plain-JS loop, in process and as
 * processes) and the ClusterIP SYN through the 700,000-line node. Read from the printed lines, so a section that
 * is not there, or printed differently, is simply not measured.
 */
export function figuresFromEngineOutput(text) {
  const out = [];
  const lines = text.split("\n");
  const num = (re, from, to = from + 8) => {
    for (const l of lines.slice(from, to)) {
      const m = re.exec(l);
      if (m) return Number(m[1]);
    }
    return null;
  };
  const at = (re) => lines.findIndex((l) => re.test(l));
  const whole = (id, start, engineRe) => {
    if (start < 0) return;
    const value = num(engineRe, start);
    const plain = num(/plain-JS loop\s+([\d.]+) ns/, start);
    const ratio = num(/ratio\s+([\d.]+)x/, start);
    if (value === null || plain === null) return;
    out.push({
      id,
      value,
      unit: "ns/rule",
      yardstick: { label: "plain-JS loop", value: plain },
      ...(ratio === null ? {} : { ratio }),
      goal: { on: "ratio", op: "<=", limit: 2 },
    });
  };
  whole("whole-packets", at(/^nfx trace --json, .*flat-10000/), /nfx trace path\s+([\d.]+) ns/);
  const processes = at(/^\s*as processes: nfx trace/);
  whole("whole-packets-process", processes, /nfx trace\s+([\d.]+) ns/);
  // The header sieve's memo never applies: its worst case, against the same plain loop.
  const alt = at(/sources alternating/);
  const altNs = alt < 0 ? null : num(/:\s+([\d.]+) ns per rule/, alt, alt + 1);
  const altPlain = processes < 0 ? null : num(/plain-JS loop\s+([\d.]+) ns/, processes);
  if (altNs !== null && altPlain !== null)
    out.push({
      id: "whole-packets-alternating",
      value: altNs,
      unit: "ns/rule",
      yardstick: { label: "plain-JS loop", value: altPlain },
      goal: { on: "ratio", op: "<=", limit: 2 },
    });
  const syn = at(/ClusterIP SYN through the 700,000-line node/);
  const second = syn < 0 ? null : num(/second simulation\s+([\d.]+) ms/, syn, syn + 12);
  if (second !== null)
    out.push({
      id: "engine-700k-syn",
      value: second,
      unit: "ms",
      yardstick: null,
      goal: { on: "value", op: "<", limit: 10 },
      note: "simulate() of one SYN on the parsed node, second run",
    });
  const prepared = syn < 0 ? null : num(/prepared host\s+([\d.]+) ms/, syn, syn + 12);
  if (prepared !== null)
    out.push({
      id: "engine-700k-syn-prepared",
      value: prepared,
      unit: "ms",
      yardstick: null,
      goal: { on: "value", op: "<", limit: 10 },
      note: "simulate() of the first SYN after prepareRuleset(), as a loader would",
    });
  return out;
}
