/**
 * Debug your own host: open a scenario `nfx capture` wrote (recorded in a namespace host: eth0 10.99.0.1/24,
 * a TRACE rule in raw, filter INPUT with an SSH chain), then replay the `nft -a monitor trace` recorded on that
 * same host, packet by packet, beside the simulation.
 */
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { openApp, waitIdle } from "./helpers";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const CAPTURED = fixture("captured-host.scenario.json");
const NFT_TRACE = fixture("captured-host.nft-trace.txt");
const XT_TRACE = fixture("captured-host.xtables-trace.txt");

/** Drops a file on the page, as a file manager does. */
async function dropFile(page: Page, name: string, text: string) {
  const dataTransfer = await page.evaluateHandle(
    ([n, t]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], n, { type: "application/json" }));
      return dt;
    },
    [name, text] as const,
  );
  await page.dispatchEvent("main", "drop", { dataTransfer });
}

async function replay(page: Page, text: string) {
  await page.getByRole("tab", { name: "Kernel trace" }).click();
  await page.getByLabel("Trace text").fill(text);
  await page.getByRole("button", { name: "Replay", exact: true }).click();
  await waitIdle(page);
}

const replayed = (page: Page) => page.getByTestId("replayed-packet");

async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include("[data-testid='kernel-trace']").analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

test("a captured host opens by drop, and the composer offers its own interface and addresses", async ({ page }) => {
  await openApp(page);
  await dropFile(page, "host.json", CAPTURED);
  await waitIdle(page);
  await expect(page.getByTestId("share-notice")).toContainText("Opened host.json.");
  const from = page.getByRole("combobox", { name: "From" });
  await expect(from.locator("option")).toHaveText(["eth0 (10.99.0.1/24)", "local process"]);
  await expect(from).toHaveValue("eth0");
  await expect(page.getByRole("button", { name: "In on eth0" })).toBeVisible();
  // The address fields offer the host's addresses (a list makes them comboboxes).
  await expect(page.getByRole("combobox", { name: "Source" })).toHaveValue("10.99.0.2");
  await expect(page.locator("datalist option")).toHaveCount(1);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await waitIdle(page);
  await expect(page.getByRole("list", { name: "Packets in this scenario" }).getByRole("listitem")).toHaveCount(1);
});

test("replays the host's real nft monitor trace: every packet agrees with the simulation", async ({ page }) => {
  await openApp(page);
  await page.getByTestId("open-file").setInputFiles({
    name: "host.json",
    mimeType: "application/json",
    buffer: Buffer.from(CAPTURED),
  });
  await waitIdle(page);
  await replay(page, NFT_TRACE);
  await expect(page.getByTestId("replay-format")).toHaveText("Read as nft monitor trace: 4 packets.");
  await expect(replayed(page)).toHaveCount(4);
  const first = replayed(page).first();
  await expect(first.getByRole("heading")).toHaveText("Packet 1: tcp 10.99.0.2:57232 > 10.99.0.1:22, in on eth0");
  await expect(first.getByRole("listitem")).toHaveText([
    /^raw:PREROUTING:rule:1:CONTINUE line \d+$/,
    /^raw:PREROUTING:policy:ACCEPT line \d+$/,
    /^filter:INPUT:rule:3:JUMP:SSH line \d+$/,
    /^filter:SSH:rule:1:ACCEPT line \d+$/,
  ]);
  // A step shows its chain in the rules panel, the kernel's rule among them.
  await first.getByRole("button", { name: "filter:SSH:rule:1:ACCEPT" }).click();
  await expect(page.locator(".panel--rules")).toContainText("-s 10.99.0.0/24");
  for (const v of await page.getByTestId("replay-verdict").all())
    await expect(v).toHaveText(/^The simulation agrees with the kernel: \d steps/);
  // The replayed packets are the scenario's now: step through the fourth, the one the host sent.
  await expect(page.getByRole("list", { name: "Packets in this scenario" }).getByRole("listitem")).toHaveCount(4);
  await page.getByRole("button", { name: "Play packet 4" }).last().click();
  await waitIdle(page);
  await page.screenshot({ path: "test-results/live-host-replay-same.png" });
  expect(await axe(page)).toEqual([]);
});

test("a ruleset that is not the one the kernel ran: the first difference, at its step", async ({ page }) => {
  await openApp(page);
  const doc = JSON.parse(CAPTURED);
  // The neighbour dropped first: the kernel's accept in SSH is rule 2 of this ruleset, and never reached.
  doc.ruleset = doc.ruleset.replace("[1:60] -A SSH -s", "-A SSH -s 10.99.0.2/32 -j DROP\n[1:60] -A SSH -s");
  await page.getByTestId("open-file").setInputFiles({
    name: "changed.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(doc)),
  });
  await waitIdle(page);
  await replay(page, XT_TRACE);
  await expect(page.getByTestId("replay-format")).toHaveText("Read as xtables-monitor --trace: 4 packets.");
  const first = replayed(page).first();
  await expect(first.getByTestId("replay-verdict")).toHaveText(
    "First difference at step 4: the kernel filter:SSH:rule:2:ACCEPT, the simulation filter:SSH:rule:1:DROP.",
  );
  await expect(first.locator(".replay-step--differs")).toHaveText(
    /^filter:SSH:rule:2:ACCEPT line \d+ ≠ the simulation: filter:SSH:rule:1:DROP$/,
  );
  await expect(replayed(page).nth(1).getByTestId("replay-verdict")).toHaveText(/^The simulation agrees/);
  await page.screenshot({ path: "test-results/live-host-replay-differs.png" });
  expect(await axe(page)).toEqual([]);
});

test("bad trace text: a clear message, and notes at their lines", async ({ page }) => {
  await openApp(page);
  const packets = page.getByRole("list", { name: "Packets in this scenario" }).getByRole("listitem");
  const before = await packets.count();
  await replay(page, "hello\nworld");
  await expect(page.getByRole("alert")).toHaveText(
    "No line of nft monitor trace or xtables-monitor --trace output was found in this text.",
  );
  await expect(packets).toHaveCount(before);
  const cut = NFT_TRACE.split("\n")
    .filter((l) => l.startsWith("trace id"))
    .slice(1)
    .join("\n");
  await replay(page, `${cut}\nnot a trace line`);
  await expect(page.getByText(/^Line 1: trace \w+ starts without its packet line/)).toBeVisible();
  await expect(page.getByText(/^Line \d+: not a trace line \(nft monitor trace\): left out$/)).toBeVisible();
  await expect(replayed(page).first().getByRole("heading")).toHaveText("Packet 1: the trace does not show it");
});

test("the replay in Chinese and the dark theme: its words and notes translated, no axe violations", async ({
  page,
}) => {
  await openApp(page, "theme=dark&lang=zh");
  await page.getByTestId("open-file").setInputFiles({
    name: "host.json",
    mimeType: "application/json",
    buffer: Buffer.from(CAPTURED),
  });
  await waitIdle(page);
  await page.getByRole("tab", { name: "内核跟踪" }).click();
  await page.getByLabel("跟踪文本").fill(`${NFT_TRACE}\nnot a trace line`);
  await page.getByRole("button", { name: "重放", exact: true }).click();
  await waitIdle(page);
  await expect(replayed(page)).toHaveCount(4);
  await expect(page.getByText(/^第 \d+ 行：不是跟踪行（nft monitor trace）：已略过$/)).toBeVisible();
  await expect(page.getByTestId("replay-verdict").first()).toHaveText("模拟与内核一致：4 步，规则和判决相同。");
  await page.screenshot({ path: "test-results/live-host-replay-zh-dark.png" });
  expect(await axe(page)).toEqual([]);
});
