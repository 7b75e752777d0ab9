import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { deflateSync, strToU8 } from "fflate";
import { openApp, waitIdle } from "./helpers";

/** What `nft list ruleset` prints on a host where a firewalld-like inet table sits beside iptables' tables. */
const FIREWALL = `table inet fw {
\tchain input {
\t\ttype filter hook input priority filter + 10; policy accept;
\t\tct state established,related accept
\t\tip saddr 198.51.100.0/24 tcp dport 22 drop
\t\ttcp dport 23 drop
\t}
\tchain raw_pre {
\t\ttype filter hook prerouting priority raw + 10; policy accept;
\t}
}
`;

async function openRulesetTab(page: Page) {
  await page.getByRole("tab", { name: "Ruleset" }).click();
  await expect(page.getByTestId("text-mode")).toBeVisible();
}

/** A paste, as the browser delivers one to the editor (the clipboard itself is not available headless). */
async function paste(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData("text/plain", t);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

const box = async (page: Page, node: string) => (await page.locator(`g.node[data-node="${node}"]`).boundingBox())!;

async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

test("nft list ruleset pasted into the iptables text goes to the nft side, and its chains join the diagram in priority order", async ({
  page,
}) => {
  // The longest journey here (paste, diagram, trace, rules, counters, two axe scans): triple time on a busy runner.
  test.slow();
  await openApp(page);
  await openRulesetTab(page);
  const iptablesBefore = await page.getByTestId("ruleset-code").textContent();
  await paste(page, "ruleset-code", FIREWALL);
  await expect(page.getByTestId("nft-pasted")).toBeVisible();
  await expect(page.getByRole("radio", { name: "nftables" })).toBeChecked();
  await expect(page.getByTestId("nft-code")).toContainText("table inet fw");
  await expect(page.getByTestId("nft-status")).toContainText("Applied: 1 table, 3 rules.");
  await waitIdle(page);
  // The iptables text was not touched by the paste.
  await page.getByRole("radio", { name: "iptables-save" }).check();
  await expect(page.getByTestId("ruleset-code")).toHaveText(iptablesBefore!);

  // INPUT runs upward: iptables' filter (0), then inet fw input (filter + 10), then nat (+100).
  const native = page.locator('g.node[data-node="nft.in.inet fw input"]');
  await expect(native).toHaveAccessibleName("inet fw input");
  await expect(native).toContainText("inet fw");
  await expect(native).toContainText("10");
  const filter = await box(page, "in.filter");
  const fw = await box(page, "nft.in.inet fw input");
  const nat = await box(page, "in.nat");
  expect(fw.y).toBeLessThan(filter.y);
  expect(nat.y).toBeLessThan(fw.y);
  // PREROUTING runs right: raw (-300), inet fw raw_pre (raw + 10), conntrack (-200).
  const raw = await box(page, "pre.raw");
  const pre = await box(page, "nft.pre.inet fw raw_pre");
  const ct = await box(page, "pre.ct");
  expect(raw.x).toBeLessThan(pre.x);
  expect(pre.x).toBeLessThan(ct.x);

  // "accept is not the end": iptables' filter INPUT accepts ssh, then the native chain drops it.
  const ssh = page.locator(".packet-list > li").first();
  await expect(ssh.locator(".fate")).toHaveText("dropped");
  await ssh.click();
  await waitIdle(page);
  await page.getByRole("tab", { name: "Trace", exact: true }).click();
  const trace = page.getByTestId("trace");
  const accept = trace.locator("tr", { hasText: "filter:INPUT:rule:4:ACCEPT" });
  const drop = trace.locator("tr", { hasText: "inet fw:input:rule:2:DROP" });
  await expect(drop).toContainText("inet fw input: rule 2 matched, drop: the packet is gone.");
  await expect(drop.getByTestId("nft-monitor")).toContainText(
    "inet fw input rule ip saddr 198.51.100.0/24 tcp dport 22 drop (verdict drop)",
  );
  expect(Number(await accept.getAttribute("data-frame"))).toBeLessThan(Number(await drop.getAttribute("data-frame")));
  await drop.getByRole("button").click();
  await expect(native).toHaveClass(/node--active/);
  // The rules panel follows: rule 2 matched, by the engine's own tests, and rule 1 was passed.
  const input = page.getByTestId("nft-rules").locator('[data-chain="inet fw input"]');
  await expect(input.locator('li[aria-current="true"]')).toHaveAttribute("data-rule", "2");
  await expect(input.locator('li[data-rule="2"] [data-testid="nft-checks"]')).toContainText(
    "ip saddr 198.51.100.0/24: holds (the packet has 198.51.100.20)",
  );
  await expect(input.locator('li[data-rule="1"]')).toContainText("passed: a test failed");
  await page.screenshot({ path: "e2e/screenshots/nft-trace.png" });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId("diagram").screenshot({ path: "e2e/screenshots/nft-trace-diagram.png" });
  await page.getByRole("tab", { name: "Counters" }).click();
  await expect(page.getByTestId("nft-counters").locator("tr", { hasText: "tcp dport 22 drop" })).toContainText("1");
  await page.getByRole("tab", { name: "Ruleset" }).click();

  // Opening the cell lists the chain's rules in the rules panel, with its hook, type, priority and policy.
  await native.click();
  const rules = page.getByTestId("nft-rules");
  await expect(rules.locator('[data-chain="inet fw input"]')).toContainText(
    "type filter hook input priority filter + 10; policy accept;",
  );
  await expect(rules.locator('[data-chain="inet fw input"] ol > li > code')).toHaveText([
    "ct state established,related accept",
    "ip saddr 198.51.100.0/24 tcp dport 22 drop",
    "tcp dport 23 drop",
  ]);
  // The ssh packet counted by the native rule that dropped it.
  await expect(rules.locator('[data-chain="inet fw input"] li[data-rule="2"]')).toContainText("1 packet");
  await rules.getByTestId("nft-search").fill("dport 23");
  await expect(rules.getByRole("status")).toHaveText("1 rule found");
  // Both text views, the long iptables one (CodeMirror's scroller) and the nft one, pass axe.
  expect(await axe(page)).toEqual([]);
  await page.getByRole("radio", { name: "nftables" }).check();
  await expect(page.getByTestId("nft-code")).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/nft-diagram.png" });
  expect(await axe(page)).toEqual([]);
});

test("broken nft text shows nft's located error, is not applied, and survives a reload", async ({ page }) => {
  await openApp(page);
  await openRulesetTab(page);
  await page.getByRole("radio", { name: "nftables" }).check();
  await page.getByTestId("nft-code").click();
  await page.keyboard.insertText(FIREWALL.replace("tcp dport 23 drop", "tcp dport 23 jump nowhere"));
  await expect(page.getByTestId("nft-status")).toContainText("1 error: not applied yet.");
  await expect(page.getByTestId("nft-diagnostics")).toContainText(
    "line 6:21 Could not process rule: No such file or directory No chain nowhere in table inet fw.",
  );
  await expect(page.locator(".cm-lintRange-error")).toHaveText("nowhere");
  await waitIdle(page);
  await expect(page.locator('[data-node^="nft."]')).toHaveCount(0);
  await page.screenshot({ path: "e2e/screenshots/nft-error.png" });
  await page.reload();
  await waitIdle(page);
  await openRulesetTab(page);
  await expect(page.getByRole("radio", { name: "nftables" })).toBeChecked();
  await expect(page.getByTestId("nft-code")).toContainText("tcp dport 23 jump nowhere");
  await expect(page.getByTestId("nft-diagnostics")).toContainText("line 6:");
});

test("a link to an nft-only host opens on its native chains, in Chinese too", async ({ page }) => {
  const doc = {
    format: 1,
    scenario: {
      version: 1,
      host: {
        interfaces: [{ name: "eth0", addr: "203.0.113.1/24" }],
        routes: [{ dst: "0.0.0.0/0", via: "203.0.113.254", dev: "eth0" }],
        listen: [{ proto: "tcp", port: 22 }],
      },
      nftables: FIREWALL,
      packets: [{ from: "eth0", proto: "tcp", src: "198.51.100.7", dst: "203.0.113.1", sport: 40000, dport: 22 }],
    },
    lang: "zh",
  };
  const fragment = `s1.${Buffer.from(deflateSync(strToU8(JSON.stringify(doc)), { level: 9 })).toString("base64url")}`;
  await page.goto(`/?motion=off#${fragment}`);
  await waitIdle(page);
  await expect(page.locator('[data-node="nft.in.inet fw input"]')).toBeVisible();
  // No iptables table is declared: every iptables cell is a ghost.
  await expect(page.locator('[data-node="in.filter"]')).toHaveAttribute("data-declared", "false");
  await page.getByRole("tab", { name: "规则集" }).click();
  await expect(page.getByRole("radio", { name: "nftables" })).toBeChecked();
  await expect(page.getByTestId("nft-status")).toContainText("已应用：1 个表，3 条规则。");
  await page.screenshot({ path: "e2e/screenshots/nft-link-zh.png" });
  expect(await axe(page)).toEqual([]);
});

test("the lesson 'accept is not the end': SSH accepted by iptables, then dropped by the native chain", async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole("button", { name: "Lessons" }).click();
  await page.getByRole("button", { name: /Open: accept is not the end/ }).click();
  await waitIdle(page);
  const steps = page.getByTestId("lesson").getByRole("listitem");
  await steps.nth(0).getByRole("button", { name: "Do it" }).click();
  await waitIdle(page);
  await page.getByRole("button", { name: "Jump to verdict" }).click();
  await expect(page.locator('g.node[data-node="nft.in.inet fw input"]')).toHaveClass(/node--active/);
  await expect(page.getByTestId("narration")).toContainText("Dropped: inet fw input dropped it.");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "e2e/screenshots/nft-lesson.png" });
  expect(await axe(page)).toEqual([]);
});

test("a kube-proxy nftables service lists its endpoints; pinning one sends every new connection there", async ({
  page,
}) => {
  const scenario = JSON.parse(
    readFileSync(new URL("../conformance/corpus/nft/nft-kube-two-endpoints.scenario.json", import.meta.url), "utf8"),
  );
  const link = `s1.${Buffer.from(deflateSync(strToU8(JSON.stringify({ format: 1, scenario })), { level: 9 })).toString("base64url")}`;
  await page.goto(`/?motion=off#${link}`);
  await waitIdle(page);
  const services = page.getByTestId("nft-kube-services");
  await expect(services).toContainText("3 services.");
  const api = services.locator('[data-service="default/api:http"]');
  await expect(api).toContainText("10.96.0.20:80/tcp");
  await expect(api).toContainText("50.0%");
  await expect(services.locator('[data-service="default/empty:http"]')).toContainText("rejects");
  // The rule search finds native rules too; a hit selects its chain (the diagram marks a base chain's cell).
  const rules = page.getByTestId("rules");
  await rules.getByTestId("rule-search").fill("jump services");
  const hits = rules.getByTestId("search-hits");
  await expect(hits).toContainText("2 rules match:");
  const prerouting = page.locator('g.node[data-node="nft.pre.ip kube-proxy nat-prerouting"]');
  await expect(prerouting).not.toHaveClass(/node--selected/);
  await hits.getByRole("button", { name: /nat-prerouting: jump services/ }).click();
  await expect(prerouting).toHaveClass(/node--selected/);
  await rules.getByTestId("rule-search").fill("");
  // numgen inc sends the first and third connections to 10.244.2.7; pinned, all three go to 10.244.1.6.
  await api.getByRole("radio", { name: "Pin 10.244.1.6:8080" }).check();
  await waitIdle(page);
  await expect(api).toContainText("Pinned");
  for (const n of [1, 2, 3]) {
    await page.getByRole("button", { name: `Play packet ${n}` }).click();
    await page.getByRole("button", { name: "Jump to verdict" }).click();
    await expect(page.getByTestId("packet-token")).toHaveAttribute("data-header", /> 10\.244\.1\.6:8080/);
  }
  await expect(api.getByRole("radio", { name: "Pin 10.244.1.6:8080" })).toBeChecked();
});

test("the lesson 'firewalld and Docker': Docker accepts the published port, firewalld rejects it, the fix lets it in", async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole("button", { name: "Lessons" }).click();
  await page.getByRole("button", { name: /Open: firewalld and Docker on one host/ }).click();
  await waitIdle(page);
  const steps = page.getByTestId("lesson").getByRole("listitem");
  await steps.nth(0).getByRole("button", { name: "Do it" }).click();
  await waitIdle(page);
  await page.getByRole("button", { name: "Jump to verdict" }).click();
  await expect(page.locator('g.node[data-node="nft.fwd.inet firewalld filter_FORWARD"]')).toHaveClass(/node--active/);
  await expect(page.getByTestId("narration")).toContainText("Packet #1: Rejected");
  await expect(page.getByTestId("narration")).toContainText("type 3, code 13");
  // The last step edits the nftables text (ct status dnat accept) and replays packet 1: it reaches the container.
  await steps.nth(3).getByRole("button", { name: "Do it" }).click();
  await waitIdle(page);
  await page.getByRole("button", { name: "Jump to verdict" }).click();
  await expect(page.getByTestId("narration")).toContainText("Packet #1: Sent out on docker0.");
  await expect(steps.nth(3).getByRole("button", { name: "Do it" })).toBeDisabled();
  expect(await axe(page)).toEqual([]);
});

test("the lesson 'an nftables home router': only native chains, and the WAN's SSH is dropped by inet filter input", async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole("button", { name: "Lessons" }).click();
  await page.getByRole("button", { name: /Open: An nftables home router/ }).click();
  await waitIdle(page);
  const steps = page.getByTestId("lesson").getByRole("listitem");
  await steps.nth(2).getByRole("button", { name: "Do it" }).click();
  await waitIdle(page);
  await page.getByRole("button", { name: "Jump to verdict" }).click();
  await expect(page.locator('g.node[data-node="nft.in.inet filter input"]')).toHaveClass(/node--active/);
  await expect(page.getByTestId("narration")).toContainText("Packet #3: Dropped: inet filter input dropped it.");
  await expect(page.locator('g.node[data-node="nft.post.ip nat postrouting"]')).toBeVisible();
  expect(await axe(page)).toEqual([]);
});
