import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { lastTcpService, nodeLink } from "./node-link.mjs";

/**
 * A Kubernetes node's whole ruleset opened as a file (issue 13): read in the worker with a progress bar, a
 * second load cancelled half-way leaves the first in force, a service found by name, an endpoint pinned, a
 * packet DNATed to it, and the ruleset back after a reload (IndexedDB). Once at kube-5000's size and once for a
 * 700,000-line node (gen_kube.py -s 44000 -e 3, 75 MB). The files are generated here by the shared gen_kube.py,
 * never committed. Each journey prints the times it saw and attaches them to the report ("timings").
 * NFX_BIG_NODE=0 leaves the 700,000-line journey out (a quick local run).
 */

const perf = process.env.NFX_PERF_DIR ?? fileURLToPath(new URL("../../shared/perf", import.meta.url));
const generator = join(perf, "gen_kube.py");

const generate = (dir: string, services: number) => {
  const file = join(dir, `kube-${services}.v4`);
  execFileSync("python3", [generator, "-s", String(services), "-e", "3", "-o", file], { stdio: "ignore" });
  return file;
};

/**
 * The two nodes and how long their steps may take, from measurements on this 2-core machine shared with other
 * work: the 700,000-line journey took 30 s at load average 6.7, 47 s at 9.4 and 79 s at 11.7 (its files'
 * generation 6-22 s of that; its longest steps, opening the node to idle 6-18 s and the reload 7-21 s);
 * kube-5000's took 11-22 s at 5.4-11.6 (its longest step, the reload, 2-4 s). A step gets 7-9x its busiest time
 * here and the test 8-11x its whole, for a CI runner busy with the other journeys.
 */
const NODES = [
  { label: "kube-5000", services: 5000, bigger: 20_000, step: 30_000, test: 240_000 },
  { label: "700k-line node", services: 44_000, bigger: 45_000, step: 180_000, test: 600_000 },
].filter((n) => n.services < 10_000 || process.env.NFX_BIG_NODE !== "0");

test.skip(!existsSync(generator), `needs ${generator}`);

/**
 * The page's own JS heap in use after a full garbage collection (CDP), in bytes, with the external strings and
 * buffers it holds: the main thread's isolate only, not the engine worker's, where a large ruleset belongs.
 */
async function pageHeap(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  // External strings (what Blob.text() makes) and buffers live outside `usedSize`: counted too.
  const { usedSize, embedderHeapUsedSize, backingStorageSize } = await cdp.send("Runtime.getHeapUsage");
  await cdp.detach();
  return usedSize + (embedderHeapUsedSize ?? 0) + (backingStorageSize ?? 0);
}

/**
 * Fills a search box and measures, in the page, from the input to its hits shown: what the user waits for after
 * the last key (the box's pause for more keys included).
 */
async function timeToHits(page: Page, box: string, hits: string, text: string): Promise<number> {
  const input = page.getByTestId(box);
  await input.fill("");
  await expect(page.getByTestId(hits)).toHaveCount(0);
  const measured = page.evaluate(
    ([box, hits]) =>
      new Promise<number>((resolve) => {
        const el = document.querySelector(`[data-testid="${box}"]`)!;
        let start = 0;
        el.addEventListener("input", () => (start = performance.now()), { once: true, capture: true });
        const seen = new MutationObserver(() => {
          if (start && document.querySelector(`[data-testid="${hits}"]`)) {
            seen.disconnect();
            resolve(performance.now() - start);
          }
        });
        seen.observe(document.body, { childList: true, subtree: true });
      }),
    [box, hits] as const,
  );
  // The listener is in place once evaluate has started; a round trip makes sure of it.
  await page.evaluate(() => 0);
  await input.fill(text);
  return measured;
}

/** Where the journeys' files are generated; large (75 MB each for a whole node), so removed however it ends. */
let dir = "";
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nfx-big-node-"));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One node's journey; its timings go to the test's report (test.info()) and to the output. */
async function journey(page: Page, n: (typeof NODES)[number]) {
  const SERVICES = n.services;
  /** Idle again: every simulation of a whole node compiles its rules, which takes seconds on a busy machine. */
  const idle = (p: Page) => expect(p.getByTestId("app")).toHaveAttribute("data-state", "idle", { timeout: n.step });
  // The wall time of each step as the journey sees it (Playwright's round trips included), for the report.
  const timings: Record<string, number> = {};
  let lapStart = Date.now();
  const lap = (name: string) => {
    timings[name] = Date.now() - lapStart;
    lapStart = Date.now();
  };

  const node = generate(dir, SERVICES);
  // Larger than the node, so its load is still running when Cancel is pressed.
  const more = n.bigger;
  const bigger = generate(dir, more);
  const { clusterIp, name: last, port } = lastTcpService(readFileSync(node, "utf8"));
  lap("generate both files");

  await page.goto(`/?motion=off#${nodeLink()}`);
  await idle(page);
  // The longest main-thread task while the node opens (issue 13: none over 50 ms); reported, not asserted.
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    }).observe({ type: "longtask" });
  });
  lap("page");

  const rules = page.getByTestId("rules");
  const heapBefore = await pageHeap(page);
  lapStart = Date.now();
  await page.getByTestId("import-file").setInputFiles(node);
  await expect(page.getByTestId("open-progress")).toBeHidden({ timeout: n.step });
  await idle(page);
  await expect(page.getByTestId("open-error")).toHaveCount(0);
  lap("open the node to idle");
  const longestTask = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
  // The ruleset stays in the engine worker: the page's heap grows by a small part of the file, not by the file.
  const bytes = statSync(node).size;
  const grown = (await pageHeap(page)) - heapBefore;
  test.info().annotations.push({ type: "page heap", description: `+${grown} bytes for a ${bytes}-byte file` });
  expect(grown).toBeLessThan(bytes / 4);

  // The text view says where the ruleset is and offers it as a file, or in the editor on request.
  await page.getByRole("tab", { name: "Ruleset" }).click();
  const held = page.getByTestId("ruleset-held-text");
  await expect(held).toContainText(`kube-${SERVICES}.v4: ${(bytes / 1e6).toFixed(1)} MB`);
  await expect(held).toContainText("held in the engine");
  const download = page.waitForEvent("download");
  await page.getByTestId("ruleset-download").click();
  expect((await download).suggestedFilename()).toBe(`kube-${SERVICES}.v4`);
  if (SERVICES <= 10_000) await page.screenshot({ path: "e2e/screenshots/ruleset-held.png" });

  // Too large for a link: the share panel says so, with the size, and offers Save as file.
  await page.getByRole("button", { name: "Share" }).click();
  await expect(page.getByTestId("share-too-long")).toContainText(`${(bytes / 1e6).toFixed(1)} MB`);
  await expect(page.getByTestId("share-link")).toHaveCount(0);
  if (SERVICES <= 10_000) await page.screenshot({ path: "e2e/screenshots/share-held-too-large.png" });
  const saved = page.waitForEvent("download", { timeout: n.step });
  await page.getByTestId("share-save").click();
  const file = await saved;
  expect(file.suggestedFilename()).toMatch(/\.scenario\.json$/);
  const savedPath = join(dir, file.suggestedFilename());
  await file.saveAs(savedPath);
  const savedDoc = JSON.parse(readFileSync(savedPath, "utf8"));
  expect(savedDoc.ruleset.length).toBe(bytes);
  await page.getByRole("button", { name: "Close" }).click();
  lap("held text, download, share too large, save as file");

  // The first search, right after the load: keystroke to hits shown, answered from the index the worker built
  // in the background (issue 13: < 150 ms for kube-5000). Printed for the bench notes; asserted with a margin.
  const firstSearchMs = await timeToHits(page, "rule-search", "search-hits", `${last}:`);
  console.log(`first search, ${SERVICES} services: ${firstSearchMs.toFixed(0)} ms keystroke to hits`);
  await expect(rules.getByTestId("search-hits")).toContainText("KUBE-SVC-", { timeout: n.step });
  if (SERVICES <= 5000) expect(firstSearchMs).toBeLessThan(400);
  const againMs = await timeToHits(page, "rule-search", "search-hits", clusterIp);
  console.log(`second search: ${againMs.toFixed(0)} ms`);
  await expect(rules.getByTestId("search-hits")).toContainText(`-d ${clusterIp}/32`, { timeout: n.step });
  lap("search twice");

  // A second, larger file: its progress shows; Cancel, once half of it is read, leaves the node in force. The
  // click is made in the same frame that sees the bar half-way, from inside the page: the indexed parse of the
  // bigger file ends within a few hundred milliseconds, so a click sent afterwards through the browser's input
  // pipeline could land after the load had ended and the bar had gone (it once did), which tests nothing.
  await page.getByTestId("import-file").setInputFiles(bigger);
  await expect(page.getByTestId("open-progress-text")).toContainText(/Reading|Parsing/, { timeout: n.step });
  const cancelled = await page.waitForFunction(
    () => {
      const bar = document.querySelector<HTMLProgressElement>('[data-testid="open-progress"] progress');
      const text = document.querySelector('[data-testid="open-progress-text"]')?.textContent ?? "";
      const cancel = document.querySelector<HTMLButtonElement>('[data-testid="open-cancel"]');
      if (cancel === null || !((bar !== null && bar.max > 1 && bar.value >= bar.max / 2) || text.startsWith("Parsing")))
        return false;
      cancel.click();
      return text;
    },
    null,
    { polling: "raf", timeout: n.step },
  );
  const cancelledAt = String(await cancelled.jsonValue());
  await expect(page.getByTestId("open-progress")).toBeHidden();
  lap("cancel the bigger one");

  // Every service is a page away: 20 at a time, found by name, cluster IP or node port.
  const services = page.getByTestId("kube-services");
  await expect(services.getByRole("status")).toHaveText(`Services 1–20 of ${SERVICES.toLocaleString("en")}.`, {
    timeout: n.step,
  });
  await services.getByRole("button", { name: "Next" }).click();
  await expect(services.getByRole("status")).toHaveText(`Services 21–40 of ${SERVICES.toLocaleString("en")}.`, {
    timeout: n.step,
  });
  await expect(services.getByTestId("kube-service")).toHaveCount(20);
  await services.screenshot({ path: test.info().outputPath("services-page-2.png") });
  await page.screenshot({ path: test.info().outputPath("page.png") });
  await services.getByRole("button", { name: "Previous" }).click();
  await expect(services.getByRole("status")).toHaveText(`Services 1–20 of ${SERVICES.toLocaleString("en")}.`, {
    timeout: n.step,
  });
  await services.getByRole("searchbox").fill(clusterIp);
  await expect(services.getByRole("status")).toHaveText("1 service.", { timeout: n.step });
  await expect(services.getByTestId("kube-service")).toHaveAttribute("data-service", new RegExp(`^${last}:`));
  await services.screenshot({ path: test.info().outputPath("services-found.png") });
  await services.getByRole("searchbox").fill("");
  lap("page through the services");

  // Chains are found among all of them by the service's name (the picker lists only a few hundred).
  const findChain = async (text: string) => {
    await rules.getByTestId("chain-search").fill(text);
    return rules.getByTestId("chain-hits");
  };
  // The bigger file's last service is not there; the node's is.
  await expect(await findChain(`/svc-${more - 1}:`)).toContainText("No chain matches.", { timeout: n.step });
  const hits = await findChain(`${last}:`);
  await expect(hits).toContainText("KUBE-SVC-", { timeout: n.step });
  lap("find the service by name");

  // The service's own chain: its card lists the endpoints; pin the first and send a new connection to it.
  await hits
    .getByRole("button", { name: /KUBE-SVC-/ })
    .first()
    .click();
  const card = page.getByTestId("kube-card");
  const pin = card.getByRole("radio").first();
  const endpoint = /Pin (\S+)/.exec((await pin.getAttribute("aria-label", { timeout: n.step })) ?? "")?.[1];
  expect(endpoint).toMatch(/^\d+\.\d+\.\d+\.\d+:\d+$/);
  await pin.check();
  await idle(page);
  lap("pin an endpoint");
  const composer = page.getByRole("form", { name: "Send a packet" });
  await composer.getByLabel("Source", { exact: true }).fill("10.0.0.20");
  await composer.getByLabel("Destination", { exact: true }).fill(clusterIp);
  await composer.getByLabel("Dst port").fill(port);
  await composer.getByLabel("Src port").fill("40000");
  await composer.getByRole("button", { name: "Send", exact: true }).click();
  await idle(page);
  lap("send a packet to idle");
  await page.getByRole("button", { name: "Play packet 1" }).click();
  await page.getByRole("button", { name: "Jump to verdict" }).click();
  await expect(page.getByTestId("packet-token")).toHaveAttribute("data-header", new RegExp(`> ${endpoint}`));
  lap("see it DNATed");

  // A reload brings the node back from the autosave (IndexedDB): the service is found again. The node is
  // parsed again meanwhile.
  await page.reload();
  await idle(page);
  await expect(await findChain(`${last}:`)).toContainText("KUBE-SVC-", { timeout: n.step });
  lap("reload to the service found again");
  // It came back as the same file, held in the engine (IndexedDB kept the file itself, not a copy of its text).
  await page.getByRole("tab", { name: "Ruleset" }).click();
  await expect(page.getByTestId("ruleset-held-text")).toContainText(
    `kube-${SERVICES}.v4: ${(bytes / 1e6).toFixed(1)} MB`,
  );

  // The scenario saved as a file opens again (read in the worker, where its ruleset stays), packets and all.
  lapStart = Date.now();
  await page.getByTestId("open-file").setInputFiles(savedPath);
  await expect(page.getByTestId("ruleset-held-text")).toContainText(/^scenario\.v4: /, { timeout: n.step });
  await idle(page);
  await expect(page.getByTestId("ruleset-held-text")).toContainText(`${(bytes / 1e6).toFixed(1)} MB`);
  await expect(await findChain(`${last}:`)).toContainText("KUBE-SVC-", { timeout: n.step });
  lap("open the saved scenario file");

  // A reload that cannot find the ruleset's file in storage says so plainly, and keeps the rest of the work.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("nfx-work");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction("rulesets", "readwrite");
          tx.objectStore("rulesets").clear();
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.reload();
  await expect(page.getByTestId("share-notice")).toContainText("was not brought back", { timeout: n.step });
  await expect(page.getByTestId("share-notice")).toContainText(`${(bytes / 1e6).toFixed(1)} MB`);
  lap("reload without the stored file");

  const total = Object.values(timings).reduce((a, b) => a + b, 0);
  const figures = {
    node: n.label,
    stepsMs: timings,
    totalMs: total,
    longestMainThreadTaskMsWhileOpening: Math.round(longestTask),
    pageHeapGrowthBytes: grown,
    firstSearchMs: Math.round(firstSearchMs),
    secondSearchMs: Math.round(againMs),
    cancelledAt,
    loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
  };
  await test.info().attach("timings", { body: JSON.stringify(figures, null, 2), contentType: "application/json" });
  console.log(
    `big-node journey, ${n.label}: ${Object.entries(timings)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
      .join(", ")}; total ${(total / 1000).toFixed(1)} s; longest main-thread task while opening ` +
      `${figures.longestMainThreadTaskMsWhileOpening} ms; first search ${figures.firstSearchMs} ms (keystroke to ` +
      `hits), second ${figures.secondSearchMs} ms; cancelled at "${cancelledAt}"; ` +
      `load ${figures.loadAverage.join(" ")}`,
  );
}

for (const n of NODES) {
  test(`${n.label}: open it from a file, cancel a bigger one half-way, find a service, pin an endpoint, DNAT, reload`, async ({
    page,
  }) => {
    test.setTimeout(n.test);
    await journey(page, n);
  });
}
