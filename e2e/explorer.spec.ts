import { expect, type Page, test } from "@playwright/test";
import { openApp, waitIdle } from "./helpers";

const TABLE_CELLS = [
  "raw PREROUTING",
  "mangle PREROUTING",
  "nat PREROUTING",
  "mangle INPUT",
  "filter INPUT",
  "nat INPUT",
  "security INPUT",
  "mangle FORWARD",
  "filter FORWARD",
  "security FORWARD",
  "raw OUTPUT",
  "mangle OUTPUT",
  "nat OUTPUT",
  "filter OUTPUT",
  "security OUTPUT",
  "mangle POSTROUTING",
  "nat POSTROUTING",
];

const token = (page: Page) => page.getByTestId("packet-token");
const node = (page: Page, name: string) => page.getByRole("button", { name, exact: true });

/** Steps forward until the token stands at `nodeId` (bounded, no sleeps: each click is synchronous). */
async function stepUntil(page: Page, nodeId: string, max = 40) {
  for (let i = 0; i < max; i++) {
    if ((await token(page).getAttribute("data-node")) === nodeId) return;
    await page.getByRole("button", { name: "Step forward" }).click();
  }
  await expect(token(page)).toHaveAttribute("data-node", nodeId);
}

test("the diagram shows every hook, table, decision and conntrack step by name", async ({ page }) => {
  await openApp(page);
  for (const name of TABLE_CELLS) await expect(node(page, name)).toBeVisible();
  await expect(node(page, "routing decision")).toBeVisible();
  await expect(node(page, "routing decision OUTPUT")).toBeVisible();
  await expect(node(page, "conntrack PREROUTING")).toBeVisible();
  await expect(node(page, "conntrack OUTPUT")).toBeVisible();
  await expect(node(page, "conntrack confirm INPUT")).toBeVisible();
  await expect(node(page, "conntrack confirm POSTROUTING")).toBeVisible();
  await expect(page.getByRole("img", { name: "local process" })).toBeVisible();
  for (const hook of ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"])
    await expect(page.getByRole("note", { name: `${hook} hook` })).toBeVisible();
  // security is not declared by the default ruleset: shown, greyed, with the reason.
  await expect(node(page, "security INPUT")).toHaveAttribute("data-declared", "false");
  await expect(node(page, "filter INPUT")).toHaveAttribute("data-declared", "true");
  await node(page, "security INPUT").hover();
  await expect(page.getByRole("tooltip")).toContainText("does not declare security INPUT");
});

test("keyboard: tab to a cell, read its explanation, open its rules with Enter", async ({ page }) => {
  await openApp(page);
  const cell = node(page, "filter INPUT");
  await cell.focus();
  await expect(page.getByRole("tooltip")).toContainText("filter decides whether the packet may pass");
  await page.keyboard.press("Enter");
  const rules = page.getByTestId("rules");
  await expect(rules).toContainText("filter INPUT");
  await expect(rules).toContainText("-A INPUT -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT");
  // Tab moves on to the next node.
  await page.keyboard.press("Tab");
  await expect(page.locator(":focus")).toHaveAttribute("data-node", /.+/);
});

test("send a packet, watch it reach filter INPUT, see why rules were passed, step back", async ({ page }) => {
  await openApp(page);
  await page.getByRole("button", { name: "SYN to ssh" }).click();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await waitIdle(page);
  await expect(page.getByTestId("narration")).toContainText("#5");
  await expect(token(page)).toHaveAttribute("data-node", "if_in");
  await stepUntil(page, "in.filter");
  await expect(node(page, "filter INPUT")).toHaveClass(/node--active/);
  await expect(page.getByTestId("verdict-badge")).toContainText("ACCEPT · rule 4");
  const rules = page.getByTestId("rules");
  await expect(rules.locator("li[aria-current=true]")).toHaveAttribute("data-rule", "4");
  await expect(rules.getByTestId("miss-reason").nth(1)).toHaveText(
    "✗ --ctstate RELATED,ESTABLISHED: conntrack says NEW",
  );
  await expect(rules).toContainText("-s 10.0.0.0/8: 198.51.100.20 is not in it");
  // The matching rule also says what its target did, as the engine explains it.
  await expect(rules.getByTestId("target-effect")).toHaveText("accepted: the packet leaves this chain and table");
  await page.screenshot({ path: "e2e/screenshots/03-filter-input-rules.png" });
  await page.getByRole("button", { name: "Step back" }).click();
  await expect(token(page)).toHaveAttribute("data-node", "in.mangle");
});

test("the trace and the conntrack entry; clicking a trace line moves playback", async ({ page }) => {
  await openApp(page);
  await page.getByRole("button", { name: "Play packet 1" }).click();
  await page.getByRole("button", { name: "Jump to verdict" }).click();
  const trace = page.getByTestId("trace");
  await expect(trace).toContainText("filter:INPUT:rule:4:ACCEPT");
  await expect(trace).toContainText("filter INPUT: rule 4 matched, ACCEPT");
  await trace
    .getByRole("button", { name: /nat:PREROUTING:policy:ACCEPT/ })
    .first()
    .click();
  await expect(token(page)).toHaveAttribute("data-node", "pre.nat");
  await page.getByRole("tab", { name: "conntrack -L" }).click();
  const ct = page.getByTestId("conntrack");
  await expect(ct).toContainText("src=198.51.100.20 dst=203.0.113.1 sport=40000 dport=22");
  await expect(page.getByTestId("conntrack-list")).toContainText(
    "tcp SYN_RECV src=198.51.100.20 dst=203.0.113.1 sport=40000 dport=22",
  );
  await page.getByRole("tab", { name: "Counters" }).click();
  await expect(page.getByTestId("counters")).toContainText("Chain INPUT (filter, policy DROP 1 packets");
});

test("NAT relabels the packet where DNAT rewrites it", async ({ page }) => {
  await openApp(page);
  await page.getByRole("button", { name: "Play packet 3" }).click();
  await expect(token(page)).toHaveAttribute("data-header", "tcp 198.51.100.20:40001 > 203.0.113.1:8080");
  await stepUntil(page, "pre.nat");
  await page.getByRole("button", { name: "Step forward" }).click(); // nat rule 1, then the rewrite
  await expect(token(page)).toHaveAttribute("data-header", "tcp 198.51.100.20:40001 > 192.168.1.10:80");
  await expect(token(page)).toHaveAttribute("aria-label", /192\.168\.1\.10:80/);
  await expect(page.getByTestId("verdict-badge")).toContainText("DNAT");
  await page.screenshot({ path: "e2e/screenshots/04-dnat-relabel.png" });
  await page.getByRole("button", { name: "Jump to verdict" }).click();
  await expect(token(page)).toHaveAttribute("data-node", "if_out");
  await expect(page.getByTestId("narration")).toContainText("Sent out on eth1");
});

test("a dropped packet shows where it was dropped", async ({ page }) => {
  await openApp(page);
  await page.getByRole("button", { name: "Play packet 4" }).click();
  await page.getByRole("button", { name: "Jump to verdict" }).click();
  await expect(token(page)).toHaveAttribute("data-node", "in.filter");
  await expect(token(page)).toHaveClass(/token--dropped/);
  await expect(page.getByTestId("narration")).toContainText("Dropped");
  await page.getByRole("button", { name: "Step back" }).click();
  await expect(page.getByTestId("verdict-badge")).toContainText("policy DROP");
  await expect(page.getByTestId("rules")).toContainText("policy DROP: no rule matched");
  await page.screenshot({ path: "e2e/screenshots/05-dropped.png" });
});

test("playback runs to the end by itself and then reports idle", async ({ page }) => {
  await openApp(page);
  await page.getByRole("combobox", { name: "Speed" }).selectOption("8");
  await page.getByRole("button", { name: "Play packet 4" }).click();
  // The bar's Play plays the packet the cursor is on (#4 here) to its end.
  await page.getByRole("button", { name: "Play #4" }).click();
  await expect(page.getByTestId("app")).toHaveAttribute("data-state", "busy");
  await waitIdle(page);
  await expect(token(page)).toHaveClass(/token--dropped/);
});
