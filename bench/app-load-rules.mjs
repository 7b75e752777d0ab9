// Load the 5,000-service kube-proxy ruleset into the built app and show it: time from choosing the file to its
// rules listed (and the app idle), and the longest main-thread task meanwhile (PerformanceObserver longtask).
// Goal: under 2 s, no task over 100 ms. A benchmark, not a test.
//   node bench/app-load-rules.mjs [runs=3]     (rulesets from ../shared/perf or NFX_PERF_DIR)
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { launchChromium, servePreview, url } from "./app-harness.mjs";

const runs = Number(process.argv[2] ?? 3);
const dir = process.env.NFX_PERF_DIR ?? resolve(import.meta.dirname, "../../shared/perf");
const file = resolve(dir, "rulesets/kube-5000.v4");
const text = readFileSync(file);

const stopServer = await servePreview();

const browser = await launchChromium();
const results = [];
try {
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${url}/?motion=off&timeout=60000`);
    await page.waitForSelector('[data-state="idle"]');
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
    await page.getByTestId("rules").getByLabel("Table").selectOption("nat");
    await page.getByTestId("chain-select").selectOption("KUBE-SERVICES", { timeout: 120_000 });
    await page.waitForSelector('[data-testid="rules"] li[data-rule="1"] code:not(:text("Loading"))', {
      timeout: 120_000,
    });
    const t1 = await page.evaluate(() => performance.now());
    // Find: a search over the worker's index.
    const s0 = await page.evaluate(() => performance.now());
    await page.getByTestId("rule-search").fill("10.98.184.42");
    await page.waitForSelector('[data-testid="search-hits"] .hit', { timeout: 8000 }).catch(async (e) => {
      console.error(await page.locator(".rules-editor").textContent());
      throw e;
    });
    const s1 = await page.evaluate(() => performance.now());
    // Scroll the 5,000-rule chain to its end.
    await page.getByTestId("rule-scroller").evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.waitForTimeout(300);
    const tasks = await page.evaluate(() => window.__tasks);
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
      longestTaskMs: Math.round(Math.max(0, ...tasks)),
      longTasks: tasks.length,
    });
    await page.close();
  }
} finally {
  await browser.close();
  stopServer();
}
console.log(JSON.stringify({ ruleset: "kube-5000.v4", bytes: text.length, runs: results }, null, 2));
