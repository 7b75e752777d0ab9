import { expect, type Page, test } from "@playwright/test";
import { openApp, waitIdle } from "./helpers";

/** The trace row playback stands on, and the play tag (#1, #1↩) of a row. */
const currentRow = (page: Page) => page.getByTestId("trace").locator("tr[aria-current=step]");

async function openLesson(page: Page, title: RegExp) {
  await page.getByRole("button", { name: "Lessons" }).click();
  await page.getByRole("button", { name: title }).click();
  await waitIdle(page);
}

test("Play packet N plays packet N and its answer, then stops before packet N+1", async ({ page }) => {
  await page.goto("/");
  await waitIdle(page);
  await page.getByRole("combobox", { name: "Speed" }).selectOption("8");
  await page.getByRole("button", { name: "Play packet 1" }).click();
  await expect(page.getByTestId("app")).toHaveAttribute("data-state", "busy");
  await waitIdle(page);
  // It stopped on the last step of #1's answer (the SYN-ACK), not at the end of the scenario.
  await expect(currentRow(page).locator(".trace-tag")).toHaveText("#1↩");
  const next = page.getByTestId("trace").locator("tr[aria-current=step] + tr .trace-tag");
  await expect(next).toHaveText("#2");
  await expect(page.getByTestId("narration")).toContainText("Packet #1↩");
  // Next packet, then the bar's Play: packet 2 alone.
  await page.getByRole("button", { name: "Next packet" }).click();
  await expect(currentRow(page).locator(".trace-tag")).toHaveText("#2");
  await page.getByRole("button", { name: "Play #2" }).click();
  await waitIdle(page);
  await expect(page.getByTestId("trace").locator("tr[aria-current=step] + tr .trace-tag")).toHaveText("#3");
  await page.screenshot({ path: "e2e/screenshots/uiplay-play-packet.png" });
  await page.getByRole("button", { name: "Previous packet" }).click();
  await expect(currentRow(page).locator(".trace-tag")).toHaveText("#1");
});

test("a lesson's steps land where they say; an edit step replays the packet it talks about", async ({ page }) => {
  await page.goto("/");
  await waitIdle(page);
  await page.getByRole("combobox", { name: "Speed" }).selectOption("8");
  await openLesson(page, /Open: Table order/);
  const steps = page.getByTestId("lesson").getByRole("listitem");
  await steps.nth(0).getByRole("button", { name: "Do it" }).click();
  await waitIdle(page);
  // Step 1 says "Play packet 1": it ends on packet 1, not on the scenario's last step.
  await expect(page.getByTestId("narration")).toContainText("Packet #1");
  await expect(page.getByTestId("position")).not.toContainText(/step (\d+) of \1$/);
  await steps.nth(2).getByRole("button", { name: "Do it" }).click();
  await waitIdle(page);
  await expect(page.getByTestId("narration")).toContainText("Packet #2");
  // The edit step changes the rule and replays packet 1, which is now dropped.
  await steps.nth(3).getByRole("button", { name: "Do it" }).click();
  await waitIdle(page);
  await expect(page.getByTestId("narration")).toContainText("Packet #1: Dropped");
  await expect(page.getByTestId("packet-token")).toHaveClass(/token--dropped/);
});

test("REJECT is its own fate: the rule line first, then its answer, and the list says what was sent", async ({
  page,
}) => {
  await openApp(page);
  await openLesson(page, /Open: REJECT versus DROP/);
  // The composer speaks the lesson's host: its presets are the lesson's packets, its form starts from #1.
  const composer = page.getByRole("form", { name: "Send a packet" });
  await expect(composer.getByLabel("Destination", { exact: true })).toHaveValue("192.168.1.20");
  await composer.getByRole("button", { name: "like #2: tcp → 192.168.1.20:25" }).click();
  await expect(composer.getByLabel("Dst port")).toHaveValue("25");
  await expect(composer.getByRole("button", { name: "SYN to ssh" })).toHaveCount(0);
  const list = page.getByRole("list", { name: "Packets in this scenario" });
  await expect(list.getByTestId("fate").nth(0)).toHaveText("dropped");
  await expect(list.getByTestId("fate").nth(1)).toHaveText("rejected: RST sent");
  await expect(list.getByTestId("fate").nth(2)).toHaveText("rejected: ICMP port unreachable (type 3, code 3) sent");
  await page.getByRole("button", { name: "Play packet 2" }).click();
  await page.getByRole("button", { name: "Jump to verdict" }).click();
  await expect(page.getByTestId("narration")).toContainText("Rejected: the packet is gone, RST sent.");
  const rows = page
    .getByTestId("trace")
    .locator("tr")
    .filter({ hasText: /^#2(?!↩)/ });
  const lines = await rows.locator("code").allTextContents();
  const at = lines.indexOf("filter:INPUT:rule:2:DROP");
  expect(at).toBeGreaterThan(0);
  expect(lines.slice(at)).toEqual(["filter:INPUT:rule:2:DROP", "answer", "drop"]);
  await page.getByRole("button", { name: "Step back" }).click();
  await page.getByRole("button", { name: "Step back" }).click();
  await expect(page.getByTestId("narration")).toContainText("REJECT · rule 2");
  await page.screenshot({ path: "e2e/screenshots/uiplay-reject.png" });
});

test("the rules panel scrolls to the current rule and shows its why-line", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await page.getByRole("button", { name: "Play packet 1" }).click();
  await page
    .getByTestId("trace")
    .getByRole("button", { name: /filter:INPUT:rule:4:ACCEPT/ })
    .click();
  const rules = page.getByTestId("rules");
  const row = rules.locator("li[aria-current=true]");
  await expect(row).toHaveAttribute("data-rule", "4");
  await expect(row.locator(".why--hit")).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: "e2e/screenshots/uiplay-rules-in-view.png" });
});

test("Reset asks first, and Undo brings the work back", async ({ page }) => {
  await openApp(page);
  await page.getByRole("button", { name: "Play packet 4" }).waitFor();
  await page.getByRole("button", { name: "Remove packet 2" }).click();
  await waitIdle(page);
  await expect(page.getByTestId("undo-notice")).toContainText("Packet 2 was removed.");
  await page.getByTestId("undo-notice").getByRole("button", { name: "Undo" }).click();
  await waitIdle(page);
  await expect(page.getByRole("button", { name: /^Play packet \d$/ })).toHaveCount(4);

  await openLesson(page, /Open: REJECT versus DROP/);
  // Reset lives in the header's More menu (a one-line header at 1024 px).
  const reset = page.getByRole("button", { name: "Reset scenario" });
  await page.locator("summary", { hasText: "More" }).click();
  await reset.click();
  const ask = page.getByRole("dialog", { name: "Reset the scenario?" });
  await expect(ask).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/uiplay-reset-confirm.png" });
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("lesson")).toBeVisible();
  if (!(await reset.isVisible())) await page.locator("summary", { hasText: "More" }).click();
  await reset.click();
  await ask.getByRole("button", { name: "Reset", exact: true }).click();
  await waitIdle(page);
  await expect(page.getByTestId("lesson")).toHaveCount(0);
  await expect(page.getByTestId("undo-notice")).toContainText("The scenario was reset");
  await page.getByTestId("undo-notice").getByRole("button", { name: "Undo" }).click();
  await waitIdle(page);
  await expect(page.getByTestId("lesson")).toContainText("REJECT versus DROP");
  await expect(page.getByTestId("fate").nth(1)).toHaveText("rejected: RST sent");
  // What the undo brought back is what autosave keeps: a reload shows it.
  await page.reload();
  await waitIdle(page);
  await expect(page.getByTestId("lesson")).toContainText("REJECT versus DROP");
});

test("first open shows a short tour; dismissed, it does not come back", async ({ page }) => {
  await openApp(page);
  const tour = page.getByTestId("tour");
  await expect(tour).toContainText("Lessons");
  await expect(tour).toContainText("eth0 (203.0.113.1) faces the internet (WAN)");
  await page.screenshot({ path: "e2e/screenshots/uiplay-tour.png" });
  await tour.getByRole("button", { name: "Got it" }).click();
  await expect(tour).toHaveCount(0);
  await page.reload();
  await waitIdle(page);
  await expect(page.getByTestId("app")).toBeVisible();
  await expect(page.getByTestId("tour")).toHaveCount(0);
});
