import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { openApp, waitIdle } from "./helpers";
import { nodeLink } from "./node-link.mjs";

const DOCKER = JSON.parse(
  readFileSync(new URL("../conformance/kernel/docker-published-port.scenario.json", import.meta.url), "utf8"),
).ruleset as string;

/** The fourth default packet: telnet from the internet, dropped by filter INPUT's policy. */
const telnet = (page: Page) => page.locator(".packet-list > li").nth(3).locator(".fate");

async function pickChain(page: Page, table: string, chain: string) {
  const rules = page.getByTestId("rules");
  await rules.getByLabel("Table", { exact: true }).selectOption(table);
  await rules.getByTestId("chain-select").selectOption(chain);
  await expect(rules.locator("h3")).toContainText(`${table} ${chain}`);
}

async function openRulesetTab(page: Page) {
  await page.getByRole("tab", { name: "Ruleset" }).click();
  await expect(page.getByTestId("ruleset-code")).toBeVisible();
}

test("add a rule with the form and see a packet's fate change; undo brings it back", async ({ page }) => {
  await openApp(page);
  await expect(telnet(page)).toHaveText("dropped");
  await pickChain(page, "filter", "INPUT");
  await page.getByTestId("add-rule").click();
  const form = page.getByTestId("rule-form");
  await form.getByLabel("Position").fill("1");
  await form.locator("[data-field=proto]").selectOption("tcp");
  await form.locator("[data-field=dport]").fill("99999");
  await expect(form.getByText("ports go up to 65535")).toBeVisible();
  await expect(form.getByRole("button", { name: "Add" })).toBeDisabled();
  await form.locator("[data-field=dport]").fill("23");
  await form.locator("[data-field=src]").fill("198.51.100.0/24");
  // DNAT is offered only where the kernel allows it, with the reason.
  await expect(form.locator("option[value=DNAT]")).toBeDisabled();
  await expect(form.getByTestId("form-command")).toHaveText(
    "iptables -I INPUT 1 -s 198.51.100.0/24 -p tcp -m tcp --dport 23 -j ACCEPT",
  );
  await page.screenshot({ path: "e2e/screenshots/rules-form.png" });
  await form.getByRole("button", { name: "Add" }).click();
  await waitIdle(page);
  await expect(page.getByTestId("rules").locator("li[data-rule='1'] code")).toHaveText(
    "-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 23 -j ACCEPT",
  );
  await expect(telnet(page)).toHaveText("local");
  await page.getByTestId("undo").click();
  await waitIdle(page);
  await expect(telnet(page)).toHaveText("dropped");
  await page.keyboard.press("Control+Shift+Z");
  await waitIdle(page);
  await expect(telnet(page)).toHaveText("local");
  await page.keyboard.press("Control+Z");
  await waitIdle(page);
  await expect(telnet(page)).toHaveText("dropped");
});

test("reorder by keyboard, change the policy, refuse to delete a chain in use", async ({ page }) => {
  await openApp(page);
  await pickChain(page, "filter", "INPUT");
  const rules = page.getByTestId("rules");
  const first = await rules.locator("li[data-rule='1'] code").textContent();
  await rules.locator("li[data-rule='1']").focus();
  await page.keyboard.press("Alt+ArrowDown");
  await waitIdle(page);
  await expect(rules.locator("li[data-rule='2'] code")).toHaveText(first!);
  await expect(rules.locator("li[data-rule='2']")).toBeFocused();
  await rules.getByTestId("policy").selectOption("ACCEPT");
  await waitIdle(page);
  await expect(telnet(page)).toHaveText("local");
});

test("a broken line is underlined and listed at its line; the rules in use stay", async ({ page }) => {
  await openApp(page);
  await openRulesetTab(page);
  const editor = page.getByTestId("ruleset-code");
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("*filter\n-A INPUT -p tcp --dport 22 -j ACCEPTT\nCOMMIT\n");
  const list = page.getByTestId("diagnostics");
  await expect(list).toContainText("line 34:31 Chain 'ACCEPTT' does not exist");
  await expect(page.locator(".cm-lintRange-error").first()).toBeVisible();
  await expect(page.getByTestId("ruleset-status")).toContainText("not applied");
  await expect(telnet(page)).toHaveText("dropped");
  await page.screenshot({ path: "e2e/screenshots/rules-editor-error.png" });
});

test("paste a real iptables-save, see its chains, export it back unchanged", async ({ page }) => {
  await openApp(page);
  await openRulesetTab(page);
  await page.getByTestId("ruleset-code").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(DOCKER);
  await expect(page.getByTestId("ruleset-status")).toContainText("Applied", { timeout: 10_000 });
  await waitIdle(page);
  await pickChain(page, "nat", "DOCKER");
  await expect(page.getByTestId("rules")).toContainText(
    "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80",
  );
  await expect(page.getByTestId("rules")).toContainText("Docker: published ports");
  const downloading = page.waitForEvent("download");
  await page.getByTestId("export-save").click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe("rules.v4");
  const text = readFileSync((await file.path())!, "utf8");
  const strip = (s: string) => s.replace(/\[\d+:\d+\]/g, "[]");
  expect(strip(text)).toBe(strip(DOCKER));
});

test("an imported file with errors stays in the editor with its errors, not applied", async ({ page }) => {
  await openApp(page);
  await page.getByTestId("import-file").setInputFiles({
    name: "broken.v4",
    mimeType: "text/plain",
    buffer: Buffer.from("*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCPT\nCOMMIT\n"),
  });
  await expect(page.getByTestId("draft-errors")).toContainText("line 3:");
  await expect(telnet(page)).toHaveText("dropped");
  await openRulesetTab(page);
  await expect(page.getByTestId("ruleset-code")).toContainText("ACCPT");
  await expect(page.getByTestId("diagnostics")).toContainText("line 3:");
});

test("a large file is simulated while it is checked; an error found late is shown with its line and column", async ({
  page,
}) => {
  // 100,000 rules (5 MB, kept in the worker): the app answers once indexed and checks every line afterwards.
  const lines = ["*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]"];
  for (let i = 0; i < 100_000; i++)
    lines.push(`-A INPUT -s 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32 -p tcp -m tcp --dport 80 -j ACCEPT`);
  const bad = "-A INPUT -p tcp -m tcp --dport 99999 -j ACCEPT";
  lines.push(bad, "COMMIT", "");
  const badLine = lines.length - 2; // 1-based: the line before COMMIT
  await openApp(page);
  // Whether the status was ever shown (it may be up for less than an assertion's polling interval).
  await page.evaluate(() => {
    const w = window as unknown as { sawStatus: string[] };
    w.sawStatus = [];
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="validation-status"]');
      if (el?.textContent) w.sawStatus.push(el.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId("import-file").setInputFiles({
    name: "late-error.v4",
    mimeType: "text/plain",
    buffer: Buffer.from(lines.join("\n")),
  });
  const refused = page.getByTestId("kernel-refuses");
  await expect(refused).toContainText("iptables-restore would refuse this ruleset: 1 error", { timeout: 30_000 });
  await expect(refused).toContainText(`line ${badLine}:${bad.indexOf("99999") + 1} `);
  await expect(page.getByTestId("validation-status")).toHaveCount(0);
  const saw = await page.evaluate(() => (window as unknown as { sawStatus: string[] }).sawStatus);
  expect(saw.some((t) => /^Checking the ruleset… \d+%$/.test(t))).toBe(true);
});

test("a jump target the view leaves out is found in the worker and jumped to", async ({ page }) => {
  // 12,000 per-endpoint chains (1.3 MB, held in the worker): the view carries the table's structure, not them.
  const lines = ["*nat", ":PREROUTING ACCEPT [0:0]", ":KUBE-SERVICES - [0:0]"];
  const seps: string[] = [];
  for (let i = 0; i < 12_000; i++) {
    const name = `KUBE-SEP-${String(i).padStart(5, "0")}`;
    lines.push(`:${name} - [0:0]`);
    seps.push(
      `-A ${name} -p tcp -m tcp -j DNAT --to-destination 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:8080`,
    );
  }
  lines.push("-A PREROUTING -j KUBE-SERVICES", "-A KUBE-SERVICES -d 10.96.0.1/32 -j RETURN", ...seps, "COMMIT", "");
  await openApp(page);
  await page.getByTestId("import-file").setInputFiles({
    name: "many-chains.v4",
    mimeType: "text/plain",
    buffer: Buffer.from(lines.join("\n")),
  });
  await waitIdle(page);
  await pickChain(page, "nat", "KUBE-SERVICES");
  await page.getByTestId("add-rule").click();
  const form = page.getByTestId("rule-form");
  await form.locator("[data-field=target]").selectOption("jump");
  await form.getByTestId("jump-search").fill("KUBE-SEP-11999");
  await expect(form.getByTestId("jump-hits")).toContainText("KUBE-SEP-11999");
  await form.getByTestId("jump-hits").getByRole("button").first().click();
  await expect(form.getByTestId("jump-chosen")).toHaveText("KUBE-SEP-11999");
  await expect(form.getByTestId("form-command")).toContainText("-A KUBE-SERVICES -j KUBE-SEP-11999");
  await form.screenshot({ path: "e2e/screenshots/rules-form-jump-search.png" });
  // Neither a built-in chain nor the chain itself is offered as a target.
  await form.getByTestId("jump-search").fill("PREROUTING");
  await expect(form.getByTestId("jump-hits")).toContainText("No chain matches.");
  await expect(form.getByTestId("jump-hits").getByRole("button")).toHaveCount(0);
  await form.getByRole("button", { name: "Add" }).click();
  await waitIdle(page);
  await expect(page.getByTestId("rules").locator("li[data-rule='2'] code")).toHaveText(
    "-A KUBE-SERVICES -j KUBE-SEP-11999",
  );
});

/** A node with one service of two endpoints, as kube-proxy writes it (1/2, then the rest), on node-link.mjs's host. */
const KUBE_TWO = {
  ruleset: `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-WEB - [0:0]
:KUBE-SEP-A - [0:0]
:KUBE-SEP-B - [0:0]
-A PREROUTING -j KUBE-SERVICES
-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -m comment --comment "default/web:http cluster IP" -j KUBE-SVC-WEB
-A KUBE-SVC-WEB -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-A
-A KUBE-SVC-WEB -j KUBE-SEP-B
-A KUBE-SEP-A -p tcp -m tcp -j DNAT --to-destination 10.244.1.5:8080
-A KUBE-SEP-B -p tcp -m tcp -j DNAT --to-destination 10.244.2.7:8080
COMMIT
`,
  seed: 1,
};

test("pin a Kubernetes endpoint, send a packet, see it DNATed to that endpoint", async ({ page }) => {
  await page.goto(`/?motion=off#${nodeLink(KUBE_TWO)}`);
  await waitIdle(page);
  await pickChain(page, "nat", "KUBE-SVC-WEB");
  const card = page.getByTestId("kube-card");
  await expect(card).toContainText("10.244.2.7:8080");
  await card.getByRole("radio", { name: "Pin 10.244.2.7:8080" }).check();
  await waitIdle(page);
  const composer = page.getByRole("form", { name: "Send a packet" });
  await composer.getByLabel("Source", { exact: true }).fill("10.0.0.20");
  await composer.getByLabel("Destination", { exact: true }).fill("10.96.0.10");
  await composer.getByLabel("Dst port").fill("80");
  // Three new connections: drawn at random, about one in eight would all reach 10.244.2.7 by chance.
  for (const sport of ["40000", "40001", "40002"]) {
    await composer.getByLabel("Src port").fill(sport);
    await composer.getByRole("button", { name: "Send", exact: true }).click();
    await waitIdle(page);
  }
  for (const n of [1, 2, 3]) {
    await page.getByRole("button", { name: `Play packet ${n}` }).click();
    await page.getByRole("button", { name: "Jump to verdict" }).click();
    await expect(page.getByTestId("packet-token")).toHaveAttribute("data-header", /> 10\.244\.2\.7:8080/);
  }
  await expect(page.getByTestId("kube-card").getByRole("radio", { name: "Pin 10.244.2.7:8080" })).toBeChecked();
});
