import { type Browser, expect, type Page, test } from "@playwright/test";
import { deflateSync, strToU8 } from "fflate";
import { openApp, waitIdle } from "./helpers";

/** A link as the app's codec writes it (`s1.` + deflated JSON in base64url), built here for hostile payloads. */
function link(doc: unknown, prefix = "s1."): string {
  const bytes = deflateSync(strToU8(JSON.stringify(doc)), { level: 9 });
  return prefix + Buffer.from(bytes).toString("base64url");
}

const packets = (page: Page) => page.getByRole("list", { name: "Packets in this scenario" }).getByRole("listitem");
const notice = (page: Page) => page.getByTestId("share-notice");

/** Work the user would hate to lose: one more packet than the default scenario's four. */
async function makeWork(page: Page) {
  await openApp(page);
  await page.getByRole("button", { name: "Ping" }).click();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await waitIdle(page);
  await expect(packets(page)).toHaveCount(5);
}

async function openLesson(page: Page, title: string) {
  await page.getByRole("button", { name: "Lessons" }).click();
  await page.getByRole("button", { name: `Open: ${title}` }).click();
  await waitIdle(page);
}

async function shareLink(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const input = page.getByTestId("share-link");
  await expect(input).toHaveValue(/#s1\./);
  await expect(page.getByTestId("share-length")).toContainText("characters");
  return input.inputValue();
}

/** The fragment of a shared address, opened without animation in a brand-new browser context. */
async function openInFreshContext(browser: Browser, url: string, query = "motion=off") {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/?${query}#${new URL(url).hash.slice(1)}`);
  await waitIdle(page);
  return { context, page };
}

test("share a lesson mid-playback; a fresh browser opens the same scenario at the same packet and step", async ({
  page,
  browser,
}) => {
  await openApp(page);
  await openLesson(page, "Docker: published ports skip INPUT");
  await page.getByRole("button", { name: "Play packet 2" }).click();
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Step forward" }).click();
  const position = await page.getByTestId("position").textContent();
  const narration = await page.getByTestId("narration").textContent();
  const trace = await page.getByTestId("trace").textContent();
  const url = await shareLink(page);
  expect(url.length).toBeLessThan(2000);
  expect(page.url()).toContain("#s1.");

  const { context, page: other } = await openInFreshContext(browser, url);
  await expect(other.getByTestId("position")).toHaveText(position!);
  await expect(other.getByTestId("narration")).toHaveText(narration!);
  await expect(other.getByTestId("trace")).toHaveText(trace!);
  await expect(other.getByTestId("lesson")).toContainText("Docker: published ports skip INPUT");
  await expect(packets(other)).toHaveCount(3);
  await expect(notice(other)).toHaveCount(0);
  await context.close();
});

test("the language travels in a link only when the sender ticks it", async ({ page, browser }) => {
  await openApp(page);
  await page.getByTestId("lang").selectOption("zh");
  await expect(page.getByRole("heading", { name: "发送数据包" })).toBeVisible();
  await page.getByRole("button", { name: "分享", exact: true }).click();
  const plain = await page.getByTestId("share-link").inputValue();
  await page.getByRole("checkbox", { name: "包含我的语言" }).check();
  await expect(page.getByTestId("share-link")).not.toHaveValue(plain);
  const withLang = await page.getByTestId("share-link").inputValue();

  const a = await openInFreshContext(browser, plain);
  await expect(a.page.getByRole("heading", { name: "Send a packet" })).toBeVisible();
  await a.context.close();
  const b = await openInFreshContext(browser, withLang);
  await expect(b.page.getByRole("heading", { name: "发送数据包" })).toBeVisible();
  await b.context.close();
});

const GOOD = link({
  format: 1,
  scenario: {
    version: 1,
    host: {
      interfaces: [{ name: "eth0", addr: "10.0.0.1/24" }],
      routes: [],
      ip_forward: false,
      listen: [],
      conntrack: "on",
    },
    ruleset: "",
    packets: [],
  },
});
const BAD_LINKS: [string, string, RegExp][] = [
  ["garbage", "%%%not-a-link<>", /not a Netfilter Explorer scenario link/],
  ["truncated", GOOD.slice(0, Math.floor(GOOD.length / 2)), /damaged|cut off/],
  ["future version", `s2.${GOOD.slice(3)}`, /newer version/],
  [
    "hostile",
    link({
      format: 1,
      scenario: {
        version: 1,
        title: '<img src=x onerror="window.__pwned=1">',
        host: { interfaces: [], routes: [], ip_forward: false, listen: [], conntrack: "on" },
        ruleset: '-A INPUT -m comment --comment "<script>window.__pwned=1</script>" -j DROP',
        packets: [
          { from: "<script>window.__pwned=1</script>", proto: "tcp", src: "1.2.3.4", dst: "5.6.7.8", dport: "<b>" },
        ],
      },
    }),
    /packets\[0\]/,
  ],
  ["huge", `s1.${"A".repeat(120_000)}`, /links over 100000 are not opened/],
];

for (const [kind, fragment, message] of BAD_LINKS) {
  test(`a ${kind} link says why and keeps the previous work`, async ({ page }) => {
    await makeWork(page);
    // A full load (not just a hash change): the boot path must fall back to the autosaved work.
    await page.goto(`/?motion=off&from=${kind.replace(/ /g, "-")}#${fragment}`);
    await waitIdle(page);
    await expect(notice(page)).toBeVisible();
    await expect(notice(page)).toContainText("This link could not be opened; your work is unchanged.");
    await expect(notice(page)).toContainText(message);
    await expect(packets(page)).toHaveCount(5);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(page.locator("script", { hasText: "__pwned" })).toHaveCount(0);
    expect(new URL(page.url()).hash).toBe("");
  });
}

test("a bad link pasted while the app runs (hashchange) leaves the work alone; a good one then opens", async ({
  page,
}) => {
  await makeWork(page);
  await page.evaluate(() => {
    location.hash = "s2.from-the-future";
  });
  await expect(notice(page)).toContainText("newer version");
  await expect(packets(page)).toHaveCount(5);
  await page.evaluate((h) => {
    location.hash = h;
  }, GOOD);
  await waitIdle(page);
  await expect(page.getByText("No packets yet.")).toBeVisible();
  await expect(notice(page)).toHaveCount(0);
});

test("a hostile but valid scenario opens as plain text: its script never runs", async ({ page }) => {
  const fragment = link({
    format: 1,
    scenario: {
      version: 1,
      name: "<script>window.__pwned=1</script>",
      host: {
        interfaces: [{ name: "eth0", addr: "10.0.0.1/24" }],
        routes: [],
        ip_forward: false,
        listen: [],
        conntrack: "on",
      },
      ruleset:
        '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -m comment --comment "<img src=x onerror=window.__pwned=1>" -j ACCEPT\nCOMMIT\n',
      packets: [],
    },
  });
  await page.goto(`/?motion=off#${fragment}`);
  await waitIdle(page);
  await page.getByRole("button", { name: "filter INPUT", exact: true }).click();
  await expect(page.getByTestId("rules")).toContainText("<img src=x onerror=window.__pwned=1>");
  await expect(page.locator("img[src=x]")).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("reload brings the work back, and a link stays only until the first edit", async ({ page }) => {
  await makeWork(page);
  await page.reload();
  await waitIdle(page);
  await expect(packets(page)).toHaveCount(5);

  // Open a lesson by link, edit it, reload: the edit survives (the link no longer takes precedence).
  await openLesson(page, "REJECT versus DROP");
  const url = await shareLink(page);
  await page.goto(`/?motion=off&again=1#${new URL(url).hash.slice(1)}`);
  await waitIdle(page);
  await expect(packets(page)).toHaveCount(4);
  await page.getByRole("button", { name: "Remove packet 4" }).click();
  await waitIdle(page);
  expect(new URL(page.url()).hash).toBe("");
  await page.reload();
  await waitIdle(page);
  await expect(packets(page)).toHaveCount(3);
});

test("open a scenario file: errors are listed by path and change nothing; a good file opens", async ({ page }) => {
  await makeWork(page);
  const bad = {
    version: 1,
    host: { interfaces: [], routes: [], ip_forward: "yes", listen: [], conntrack: "on" },
    ruleset: "",
    packets: [{ from: "eth0" }],
  };
  await page.getByTestId("open-file").setInputFiles({
    name: "broken.scenario.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  await expect(notice(page)).toContainText("broken.scenario.json is not a valid scenario");
  await expect(notice(page)).toContainText("host.ip_forward");
  await expect(notice(page)).toContainText("packets[0]");
  await expect(packets(page)).toHaveCount(5);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Save as file" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("home-router.scenario.json");
  const saved = Buffer.concat(await streamToChunks(await download.createReadStream()));
  await openLesson(page, "Three paths through the kernel");
  await page.getByTestId("open-file").setInputFiles({ name: "mine.json", mimeType: "application/json", buffer: saved });
  await waitIdle(page);
  await expect(packets(page)).toHaveCount(5);
});

async function streamToChunks(stream: NodeJS.ReadableStream): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return chunks;
}

test("switch to Chinese: the interface and the lessons speak it, and the choice is remembered", async ({ page }) => {
  await openApp(page);
  await page.getByTestId("lang").selectOption("zh");
  await expect(page.getByRole("heading", { name: "发送数据包" })).toBeVisible();
  await expect(page.getByTestId("narration")).toContainText("数据包");
  await page.getByRole("button", { name: "课程" }).click();
  await expect(page.getByTestId("gallery")).toContainText("穿过内核的三条路径");
  await page.getByRole("button", { name: "打开: Kubernetes：NodePort" }).click();
  await waitIdle(page);
  await expect(page.getByTestId("lesson")).toContainText("注意观察");
  // Technical tokens stay as iptables prints them.
  await expect(page.getByTestId("lesson")).toContainText("KUBE-NODEPORTS");
  await page.reload();
  await waitIdle(page);
  await expect(page.getByRole("heading", { name: "发送数据包" })).toBeVisible();
  await expect(page.getByTestId("lesson")).toContainText("Kubernetes：NodePort");
});

test("screenshots: the gallery and a shared view, in Chinese", async ({ page, browser }) => {
  await openApp(page, "lang=zh");
  await page.getByRole("button", { name: "课程" }).click();
  await expect(page.getByTestId("gallery")).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/06-gallery-zh.png" });
  await page.getByRole("button", { name: "打开: Docker：发布的端口绕过 INPUT" }).click();
  await waitIdle(page);
  await page.getByRole("button", { name: "播放数据包 1" }).click();
  for (let i = 0; i < 6; i++) await page.getByRole("button", { name: "前进一步" }).click();
  await page.getByRole("button", { name: "分享", exact: true }).click();
  await page.getByRole("checkbox", { name: "包含我的语言" }).check();
  const url = await page.getByTestId("share-link").inputValue();
  const { context, page: other } = await openInFreshContext(browser, url);
  await expect(other.getByTestId("lesson")).toContainText("Docker");
  await other.screenshot({ path: "e2e/screenshots/07-shared-zh.png" });
  await context.close();
});

test("switching language re-words the same step in Chinese, without computing the scenario again", async ({ page }) => {
  // Count the simulations the page asks of its worker (a language switch must ask none).
  await page.addInitScript(() => {
    const w = window as unknown as { simulations: number };
    w.simulations = 0;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, msg: unknown, ...rest: unknown[]) {
      if ((msg as { type?: unknown })?.type === "simulate") w.simulations++;
      return (post as (...a: unknown[]) => void).call(this, msg, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
  await openApp(page);
  await page.getByRole("button", { name: "Play packet 1" }).click();
  for (let i = 0; i < 7; i++) await page.getByRole("button", { name: "Step forward" }).click();
  const simulations = () => page.evaluate(() => (window as unknown as { simulations: number }).simulations);
  const before = await simulations();
  expect(before).toBeGreaterThan(0);
  const position = await page.getByTestId("position").textContent();
  const [step, total] = position!.match(/\d+/g)!;
  const node = await page.getByTestId("packet-token").getAttribute("data-node");
  const line = await page.locator("tr[aria-current=step] code").textContent();
  const english = await page.getByTestId("narration").textContent();

  await page.getByTestId("lang").selectOption("zh");
  await expect(page.getByTestId("position")).toHaveText(`第 ${step} 步，共 ${total} 步`);
  await expect(page.getByTestId("narration")).not.toHaveText(english!);
  await expect(page.getByTestId("narration")).toContainText("数据包 #1");
  await expect(page.getByTestId("packet-token")).toHaveAttribute("data-node", node!);
  // The kernel's own trace line stays as the kernel prints it; the words beside it are Chinese.
  await expect(page.locator("tr[aria-current=step] code")).toHaveText(line!);
  await expect(page.locator("tr[aria-current=step] .plain")).toHaveText(/[\u4e00-\u9fff]/);
  await waitIdle(page);
  expect(await simulations()).toBe(before);
});
