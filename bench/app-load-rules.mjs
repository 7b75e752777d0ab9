// Load the 5,000-service kube-proxy ruleset into the built app and show it: time from choosing the file to its
// rules listed (and the app idle), and the longest main-thread task meanwhile (PerformanceObserver longtask).
// Goal (issue 13): under 1 s on a quiet machine, no task over 50 ms; the page's own heap (after a full collection)
// barely grows, the ruleset staying in the worker. A benchmark, not a test.
//   node bench/app-load-rules.mjs [runs=3]     (rulesets from ../shared/perf or NFX_PERF_DIR)
// NFX_BIG_NODE=1 opens the 700,000-line node instead (gen_kube.py -s 44000 -e 3, generated once into the temp
// dir). As root with iptables, the same file's `iptables-restore --test` wall time is measured in the same run,
// in a network namespace of its own, and the app's time is given as a ratio of it (issue 13: <= 0.25x).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { resolve } from "node:path";
import { launchChromium, servePreview, url } from "./app-harness.mjs";

const runs = Number(process.argv[2] ?? 3);
const dir = process.env.NFX_PERF_DIR ?? resolve(import.meta.dirname, "../../shared/perf");
let file = resolve(dir, "rulesets/kube-5000.v4");
if (process.env.NFX_BIG_NODE) {
  file = resolve(tmpdir(), "nfx-kube-44000-e3.v4");
  if (!existsSync(file))
    execFileSync("python3", [resolve(dir, "gen_kube.py"), "-s", "44000", "-e", "3", "-o", file], { stdio: "ignore" });
}
const text = readFileSync(file);
// What to search for, taken from the file: the last service's cluster IP and its name (`ns-249/svc-4999`).
const lastService = text
  .toString("latin1")
  .split("\n")
  .filter((l) => l.startsWith("-A KUBE-SERVICES -d "))
  .at(-1);
const [, clusterIp, serviceName] = /-d (\S+)\/32 .*--comment "([^:]+):/.exec(lastService);

/** Wall milliseconds of `iptables-restore --test` on `file`, in a namespace of our own; null when not possible. */
function kernelWallMs() {
  if (process.getuid?.() !== 0) return null;
  // NFX_NETNS_PREFIX names it apart when several checkouts measure on one machine.
  const ns = `${process.env.NFX_NETNS_PREFIX ?? "nfxw"}-app-${process.pid}`;
  if (spawnSync("ip", ["netns", "add", ns]).status !== 0) return null;
  try {
    const t0 = performance.now();
    const r = spawnSync("ip", ["netns", "exec", ns, "iptables-restore", "--test"], { input: text, maxBuffer: 1 << 20 });
    return r.status === 0 ? Math.round(performance.now() - t0) : null;
  } finally {
    spawnSync("ip", ["netns", "del", ns]);
  }
}

/** The page's own JS heap in use after a full collection (the main thread's isolate, not the engine worker's). */
async function pageHeap(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  // External strings (what Blob.text() makes) and buffers live outside `usedSize`: counted too.
  const { usedSize, embedderHeapUsedSize, backingStorageSize } = await cdp.send("Runtime.getHeapUsage");
  await cdp.detach();
  return usedSize + (embedderHeapUsedSize ?? 0) + (backingStorageSize ?? 0);
}

const stopServer = await servePreview();

const browser = await launchChromium();
const results = [];
try {
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${url}/?motion=off&timeout=60000`);
    await page.waitForSelector('[data-state="idle"]');
    const heapBefore = await pageHeap(page);
    await page.evaluate(() => {
      window.__tasks = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__tasks.push(e.duration);
      }).observe({ type: "longtask" });
    });
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId("import-file").setInputFiles(file);
    // Shown: the nat table's KUBE-SERVICES chain listed from the new ruleset, and the app idle again.
    await page.waitForSelector('[data-state="idle"]', { timeout: 120_000 });
    await page.getByTestId("rules").getByLabel("Table", { exact: true }).selectOption("nat");
    await page.getByTestId("chain-select").selectOption("KUBE-SERVICES", { timeout: 120_000 });
    await page.waitForSelector('[data-testid="rules"] li[data-rule="1"] code:not(:text("Loading"))', {
      timeout: 120_000,
    });
    const t1 = await page.evaluate(() => performance.now());
    // Find: a search over the worker's index.
    const s0 = await page.evaluate(() => performance.now());
    await page.getByTestId("rule-search").fill(clusterIp);
    await page.waitForSelector('[data-testid="search-hits"] .hit', { timeout: 8000 }).catch(async (e) => {
      console.error(await page.locator(".rules-editor").textContent());
      throw e;
    });
    const s1 = await page.evaluate(() => performance.now());
    // Find a chain among all of them by its service's name.
    await page.getByTestId("chain-search").fill(`${serviceName}:`);
    await page.waitForSelector('[data-testid="chain-hits"] .hit', { timeout: 8000 });
    const c1 = await page.evaluate(() => performance.now());
    // Scroll the 5,000-rule chain to its end.
    await page.getByTestId("rule-scroller").evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.waitForTimeout(300);
    const tasks = await page.evaluate(() => window.__tasks);
    const heapAfter = await pageHeap(page);
    if (run === 0 && process.env.NFX_SCREENSHOTS) {
      await page.getByTestId("rule-search").fill("KUBE-SVC-224TQMXAKPMELBK6 statistic");
      await page.locator('[data-testid="search-hits"] .hit', { hasText: "--probability 0.5" }).click();
      await page.getByTestId("kube-card").waitFor();
      await page.getByTestId("rule-search").fill("");
      await page.screenshot({ path: "e2e/screenshots/rules-kube-service.png" });
    }
    results.push({
      showMs: Math.round(t1 - t0),
      searchMs: Math.round(s1 - s0),
      chainSearchMs: Math.round(c1 - s1),
      kernelTestWallMs: kernelWallMs(),
      longestTaskMs: Math.round(Math.max(0, ...tasks)),
      longTasks: tasks.length,
      pageHeapBeforeMB: Number((heapBefore / 1e6).toFixed(1)),
      pageHeapAfterMB: Number((heapAfter / 1e6).toFixed(1)),
    });
    await page.close();
  }
} finally {
  await browser.close();
  stopServer();
}
for (const r of results) if (r.kernelTestWallMs) r.showVsKernel = Number((r.showMs / r.kernelTestWallMs).toFixed(2));
const load = loadavg().map((l) => Number(l.toFixed(1)));
console.log(
  JSON.stringify({ ruleset: file.split("/").at(-1), bytes: text.length, loadAverage: load, runs: results }, null, 2),
);
