import { expect, type Page, test } from "@playwright/test";
import { openApp, waitIdle } from "./helpers";

/** The built app's Content-Security-Policy (issue 14, item 7): injection is refused, the app works in full. */

declare global {
  interface Window {
    __violations: { directive: string; blocked: string }[];
    __pwned?: string[];
  }
}

/** Records every CSP violation of the page, and every console line that mentions the policy. */
async function watchCsp(page: Page): Promise<string[]> {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI }),
    );
  });
  const console: string[] = [];
  page.on("console", (m) => {
    if (/Content.Security.Policy/i.test(m.text())) console.push(m.text());
  });
  return console;
}

const violations = (page: Page) => page.evaluate(() => window.__violations);

test("the normal journeys run with no policy violation: worker, editor, styles, lessons, theme", async ({ page }) => {
  const console = await watchCsp(page);
  await openApp(page);
  await page.getByRole("button", { name: "Ping" }).click();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await waitIdle(page);
  await page.getByRole("tab", { name: "Ruleset" }).click();
  await page.getByTestId("ruleset-code").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("# a comment\n");
  await expect(page.getByTestId("ruleset-status")).toContainText("Applied");
  // CodeMirror's own styles are in effect (line numbers in a gutter, highlighted tokens).
  await expect(page.locator(".cm-gutters")).toHaveCSS("display", "flex");
  await page.locator("summary", { hasText: "More" }).click();
  await page.getByRole("button", { name: "Dark theme" }).click();
  await page.getByRole("button", { name: "Lessons" }).click();
  await page.getByRole("button", { name: "Open: REJECT versus DROP" }).click();
  await waitIdle(page);
  await page.getByRole("button", { name: "Share", exact: true }).click();
  await expect(page.getByTestId("share-link")).toHaveValue(/#s1\./);
  expect(await violations(page)).toEqual([]);
  expect(console).toEqual([]);
});

test("an injected inline script, event handler and javascript: URL are all refused", async ({ page }) => {
  await watchCsp(page);
  await openApp(page);
  const policy = await page.evaluate(() => {
    window.__pwned = [];
    const s = document.createElement("script");
    s.textContent = "window.__pwned.push('inline script')";
    document.body.append(s);
    const holder = document.createElement("div");
    holder.innerHTML = `<img src="data:," onerror="window.__pwned.push('event handler')">`;
    document.body.append(holder);
    const a = document.createElement("a");
    a.href = "javascript:window.__pwned.push('javascript: URL')";
    document.body.append(a);
    a.click();
    return document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "";
  });
  // Scripts only from the site's files: no inline script, no eval (the test harness's own evaluation is exempt).
  expect(policy).toMatch(/(^|; )script-src 'self';/);
  expect(policy).toMatch(/(^|; )object-src 'none';/);
  expect(policy).toMatch(/(^|; )base-uri 'none';/);
  await expect
    .poll(async () => (await violations(page)).map((v) => v.directive).sort())
    .toEqual(["script-src-attr", "script-src-elem", "script-src-elem"]);
  const kinds = (await violations(page)).map((v) => v.blocked);
  expect(kinds).toContain("inline");
  expect(await page.evaluate(() => window.__pwned)).toEqual([]);
});
