import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { deflateSync, strToU8 } from "fflate";

/**
 * A Kubernetes node's whole ruleset opened as a file (issue 13): read in the worker with a progress bar, a
 * second load cancelled half-way leaves the first in force, a service found by name, an endpoint pinned, a
 * packet DNATed to it, and the ruleset back after a reload (IndexedDB). The files are generated here by the
 * shared gen_kube.py, never committed.
 */

const perf = process.env.NFX_PERF_DIR ?? fileURLToPath(new URL("../../shared/perf", import.meta.url));
const generator = join(perf, "gen_kube.py");
/** The node the journey opens: kube-5000's size. NFX_BIG_NODE=44000 opens a 700,000-line node instead. */
const SERVICES = Number(process.env.NFX_BIG_NODE ?? 5000);

/** A host with the pod network on cni0, forwarding on, no packets yet: what a node's ruleset needs to DNAT. */
const NODE_HOST = {
  version: 1,
  host: {
    interfaces: [
      { name: "eth0", addr: "10.0.0.10/24" },
      { name: "cni0", addr: "10.244.0.1/16" },
    ],
    routes: [],
    ip_forward: true,
    listen: [],
    conntrack: "on",
  },
  ruleset: "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n",
  packets: [],
};

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

const generate = (dir: string, services: number) => {
  const file = join(dir, `kube-${services}.v4`);
  execFileSync("python3", [generator, "-s", String(services), "-e", "3", "-o", file], { stdio: "ignore" });
  return file;
};

test.skip(!existsSync(generator), `needs ${generator}`);

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

/** Idle again: every simulation of a whole node compiles its rules, which takes seconds on a busy machine. */
const idle = (page: Page) =>
  expect(page.getByTestId("app")).toHaveAttribute("data-state", "idle", {
    timeout: SERVICES > 10_000 ? 120_000 : 10_000,
  });
test.setTimeout(SERVICES > 10_000 ? 240_000 : 120_000);

/** Where the journey's files are generated; large (75 MB each for a whole node), so removed however it ends. */
let dir = "";
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nfx-big-node-"));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("open a whole node from a file, cancel a bigger one half-way, pin an endpoint, reload", async ({ page }) => {
  const node = generate(dir, SERVICES);
  // Larger than the node, so its load is still running when Cancel is pressed.
  const more = SERVICES > 10_000 ? SERVICES + 1000 : SERVICES * 4;
  const bigger = generate(dir, more);
  // The node's last TCP service, as kube-proxy wrote it: `-A KUBE-SERVICES -d IP/32 -p tcp -m comment
  // --comment "ns-248/svc-4998:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-...`.
  const service = readFileSync(node, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("-A KUBE-SERVICES -d ") && l.includes(" -p tcp "))
    .at(-1)!;
  const [, clusterIp, last, port] = /-d (\S+)\/32 .*--comment "([^:]+):\S+ cluster IP" .*--dport (\d+)/.exec(service)!;

  const link = `s1.${Buffer.from(deflateSync(strToU8(JSON.stringify({ format: 1, scenario: NODE_HOST })), { level: 9 })).toString("base64url")}`;
  await page.goto(`/?motion=off#${link}`);
  await idle(page);

  const rules = page.getByTestId("rules");
  const heapBefore = await pageHeap(page);
  await page.getByTestId("import-file").setInputFiles(node);
  await expect(page.getByTestId("open-progress")).toBeHidden({ timeout: 90_000 });
  await idle(page);
  await expect(page.getByTestId("open-error")).toHaveCount(0);
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
  const saved = page.waitForEvent("download");
  await page.getByTestId("share-save").click();
  const file = await saved;
  expect(file.suggestedFilename()).toMatch(/\.scenario\.json$/);
  const savedPath = join(dir, file.suggestedFilename());
  await file.saveAs(savedPath);
  const savedDoc = JSON.parse(readFileSync(savedPath, "utf8"));
  expect(savedDoc.ruleset.length).toBe(bytes);
  await page.getByRole("button", { name: "Close" }).click();

  // The first search, right after the load: keystroke to hits shown, answered from the index the worker built
  // in the background (issue 13: < 150 ms for kube-5000). Printed for the bench notes; asserted with a margin.
  const firstSearchMs = await timeToHits(page, "rule-search", "search-hits", `${last}:`);
  console.log(`first search, ${SERVICES} services: ${firstSearchMs.toFixed(0)} ms keystroke to hits`);
  await expect(rules.getByTestId("search-hits")).toContainText("KUBE-SVC-");
  if (SERVICES <= 5000) expect(firstSearchMs).toBeLessThan(400);
  const againMs = await timeToHits(page, "rule-search", "search-hits", clusterIp!);
  console.log(`second search: ${againMs.toFixed(0)} ms`);
  await expect(rules.getByTestId("search-hits")).toContainText(`-d ${clusterIp}/32`);

  // A second, larger file: its progress shows; Cancel leaves the node in force.
  await page.getByTestId("import-file").setInputFiles(bigger);
  await expect(page.getByTestId("open-progress-text")).toContainText(/Reading|Parsing/);
  await page.getByTestId("open-cancel").click();
  await expect(page.getByTestId("open-progress")).toBeHidden();

  // Every service is a page away: 20 at a time, found by name, cluster IP or node port.
  const services = page.getByTestId("kube-services");
  await expect(services.getByRole("status")).toHaveText(`Services 1–20 of ${SERVICES.toLocaleString("en")}.`);
  await services.getByRole("button", { name: "Next" }).click();
  await expect(services.getByRole("status")).toHaveText(`Services 21–40 of ${SERVICES.toLocaleString("en")}.`);
  await expect(services.getByTestId("kube-service")).toHaveCount(20);
  await services.screenshot({ path: test.info().outputPath("services-page-2.png") });
  await page.screenshot({ path: test.info().outputPath("page.png") });
  await services.getByRole("button", { name: "Previous" }).click();
  await expect(services.getByRole("status")).toHaveText(`Services 1–20 of ${SERVICES.toLocaleString("en")}.`);
  await services.getByRole("searchbox").fill(clusterIp!);
  await expect(services.getByRole("status")).toHaveText("1 service.");
  await expect(services.getByTestId("kube-service")).toHaveAttribute("data-service", new RegExp(`^${last}:`));
  await services.screenshot({ path: test.info().outputPath("services-found.png") });
  await services.getByRole("searchbox").fill("");

  // Chains are found among all of them by the service's name (the picker lists only a few hundred).
  const findChain = async (text: string) => {
    await rules.getByTestId("chain-search").fill(text);
    return rules.getByTestId("chain-hits");
  };
  // The bigger file's last service is not there; the node's is.
  await expect(await findChain(`/svc-${more - 1}:`)).toContainText("No chain matches.");
  const hits = await findChain(`${last}:`);
  await expect(hits).toContainText("KUBE-SVC-");

  // The service's own chain: its card lists the endpoints; pin the first and send a new connection to it.
  await hits
    .getByRole("button", { name: /KUBE-SVC-/ })
    .first()
    .click();
  const card = page.getByTestId("kube-card");
  const pin = card.getByRole("radio").first();
  const endpoint = /Pin (\S+)/.exec((await pin.getAttribute("aria-label")) ?? "")?.[1];
  expect(endpoint).toMatch(/^\d+\.\d+\.\d+\.\d+:\d+$/);
  await pin.check();
  await idle(page);
  const composer = page.getByRole("form", { name: "Send a packet" });
  await composer.getByLabel("Source", { exact: true }).fill("10.0.0.20");
  await composer.getByLabel("Destination", { exact: true }).fill(clusterIp!);
  await composer.getByLabel("Dst port").fill(port!);
  await composer.getByLabel("Src port").fill("40000");
  await composer.getByRole("button", { name: "Send", exact: true }).click();
  await idle(page);
  await page.getByRole("button", { name: "Play packet 1" }).click();
  await page.getByRole("button", { name: "Jump to verdict" }).click();
  await expect(page.getByTestId("packet-token")).toHaveAttribute("data-header", new RegExp(`> ${endpoint}`));

  // A reload brings the node back from the autosave (IndexedDB): the service is found again. The node is
  // parsed again meanwhile, which takes longer than a wait for idle usually allows.
  await page.reload();
  await expect(page.getByTestId("app")).toHaveAttribute("data-state", "idle", { timeout: 120_000 });
  await expect(await findChain(`${last}:`)).toContainText("KUBE-SVC-", { timeout: 60_000 });
  // It came back as the same file, held in the engine (IndexedDB kept the file itself, not a copy of its text).
  await page.getByRole("tab", { name: "Ruleset" }).click();
  await expect(page.getByTestId("ruleset-held-text")).toContainText(
    `kube-${SERVICES}.v4: ${(bytes / 1e6).toFixed(1)} MB`,
  );

  // The scenario saved as a file opens again (read in the worker, where its ruleset stays), packets and all.
  await page.getByTestId("open-file").setInputFiles(savedPath);
  await expect(page.getByTestId("ruleset-held-text")).toContainText(/^scenario\.v4: /, { timeout: 60_000 });
  await idle(page);
  await expect(page.getByTestId("ruleset-held-text")).toContainText(`${(bytes / 1e6).toFixed(1)} MB`);
  await expect(await findChain(`${last}:`)).toContainText("KUBE-SVC-", { timeout: 60_000 });

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
  await expect(page.getByTestId("share-notice")).toContainText("was not brought back");
  await expect(page.getByTestId("share-notice")).toContainText(`${(bytes / 1e6).toFixed(1)} MB`);
});
