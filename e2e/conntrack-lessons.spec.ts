import { expect, type Page, test } from "@playwright/test";
import { openApp, waitIdle } from "./helpers";

/** Opens a lesson from the gallery and presses "Do it" on step `n` (0-based), then shows the packet's verdict. */
async function doStep(page: Page, n: number) {
  await page.getByTestId("lesson").getByRole("listitem").nth(n).getByRole("button", { name: "Do it" }).click();
  await waitIdle(page);
  await page.getByRole("button", { name: "Jump to verdict" }).click();
}

async function openLesson(page: Page, title: RegExp) {
  await openApp(page);
  await page.getByRole("button", { name: "Lessons" }).click();
  await page.getByRole("button", { name: title }).click();
  await waitIdle(page);
}

test("the lesson 'TCP window tracking': the out-of-window segment is dropped, then passes with tcp_be_liberal=1", async ({
  page,
}) => {
  await openLesson(page, /Open: TCP window tracking/);
  await doStep(page, 2);
  await expect(page.getByTestId("narration")).toContainText("Dropped");
  await doStep(page, 3);
  await expect(page.getByTestId("narration")).toContainText("Sent out on eth0.");
  // Done once: the sysctl step cannot be pressed again.
  await expect(
    page.getByTestId("lesson").getByRole("listitem").nth(3).getByRole("button", { name: "Do it" }),
  ).toBeDisabled();
});

test("the lesson 'Conntrack forgets': the answer in time is forwarded, the late one reaches the router itself", async ({
  page,
}) => {
  await openLesson(page, /Open: Conntrack forgets/);
  await doStep(page, 1);
  await expect(page.getByTestId("narration")).toContainText("Sent out on eth1.");
  await doStep(page, 2);
  await expect(page.getByTestId("narration")).toContainText("no socket on udp/40000: ICMP port unreachable");
  await page.screenshot({ path: "e2e/screenshots/conntrack-timeouts-lesson.png" });
});
