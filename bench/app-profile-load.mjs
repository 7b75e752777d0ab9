// Where the main thread spends its time while the 5,000-service ruleset loads: a CPU profile (self time per
// function) and a Chromium trace (the longest tasks and what ran in them). A diagnostic, not a test.
//   node bench/app-profile-load.mjs        (the built app served by `npm run preview` on 4173)
import { resolve } from "node:path";
import { launchChromium, url } from "./app-harness.mjs";

const dir = process.env.NFX_PERF_DIR ?? resolve(import.meta.dirname, "../../shared/perf");
const file = resolve(dir, "rulesets/kube-5000.v4");
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${url}/?motion=off&timeout=60000`);
  await page.waitForSelector('[data-state="idle"]');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
  const events = [];
  cdp.on("Tracing.dataCollected", (d) => events.push(...d.value));
  const traced = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
  await cdp.send("Tracing.start", {
    categories: "devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink.user_timing",
    transferMode: "ReportEvents",
  });
  await cdp.send("Profiler.start");
  await page.getByTestId("import-file").setInputFiles(file);
  await page.waitForSelector('[data-state="idle"]', { timeout: 120_000 });
  await page.getByTestId("rules").getByLabel("Table", { exact: true }).selectOption("nat");
  await page.getByTestId("chain-select").selectOption("KUBE-SERVICES", { timeout: 120_000 });
  await page.waitForSelector('[data-testid="rules"] li[data-rule="1"] code:not(:text("Loading"))', {
    timeout: 120_000,
  });
  await page.waitForTimeout(500);
  const { profile } = await cdp.send("Profiler.stop");
  await cdp.send("Tracing.end");
  await traced;

  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  console.log("self time (ms), main thread:");
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(v.toFixed(1).padStart(8), k);

  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const tasks = events
    .filter((e) => e.name === "RunTask" && e.tid === main?.tid && e.dur > 30_000)
    .sort((a, b) => b.dur - a.dur)
    .slice(0, 8);
  console.log("\nlongest main-thread tasks (ms) and their biggest children:");
  for (const t of tasks) {
    const kids = events
      .filter((e) => e.tid === t.tid && e.ts >= t.ts && e.ts < t.ts + t.dur && e !== t && e.dur > 5000)
      .map(
        (e) =>
          `${e.name}${e.args?.data?.functionName ? `(${e.args.data.functionName})` : ""}${e.args?.data?.type ? `[${e.args.data.type}]` : ""} ${(e.dur / 1000).toFixed(0)}`,
      );
    console.log((t.dur / 1000).toFixed(0).padStart(6), kids.slice(0, 12).join(" | "));
  }
} finally {
  await browser.close();
}
