import { expect, test } from "@playwright/test";
import { dismissTour, openApp } from "./helpers";

test("conntrack as the seed teaches it: /proc lines with explained fields, and a clock that expires entries", async ({
  page,
}) => {
  await openApp(page);
  await dismissTour(page);
  await page.getByRole("tab", { name: "conntrack -L" }).click();
  const proc = page.getByTestId("proc-list");
  const lines = proc.locator(".proc-line");
  await expect(lines.first()).toHaveText(/^ipv4 {5}2 tcp {6}6 \d+ [A-Z_]+ src=/);
  const count = await lines.count();
  expect(count).toBeGreaterThan(0);
  // Each field says what it is.
  await expect(lines.first().locator(".proc-field").nth(4)).toHaveAttribute(
    "title",
    "Seconds left before the entry times out",
  );
  await expect(lines.first().getByText("use=2")).toHaveAttribute("title", /Reference count/);
  const timeoutOf = async (i: number) => Number(await lines.nth(i).locator(".proc-field").nth(4).textContent());
  const before = await timeoutOf(0);
  await page.getByRole("button", { name: "+30 s" }).click();
  await expect(page.getByTestId("ct-clock")).toHaveText("Clock: 30 s after the last packet");
  expect(await timeoutOf(0)).toBe(before - 30);
  // The default scenario's connections are half-open (SYN_RECV, SYN_SENT: 60 s and 120 s): minutes later, gone.
  await page.getByRole("button", { name: "+5 min" }).click();
  await expect(page.getByTestId("conntrack-empty")).toHaveText("Every entry has timed out: the table is empty.");
  await page.getByRole("button", { name: "Back to the last packet" }).click();
  await expect(lines).toHaveCount(count);
  await page.screenshot({ path: "e2e/screenshots/teach-conntrack-proc.png" });
});
