import { expect, test } from "@playwright/test";
import { openApp } from "./helpers";

// Screenshots for people to look at (e2e/screenshots/*.png); they assert only what the journeys need.
test("screenshot: default view, light", async ({ page }) => {
  await openApp(page);
  await page.screenshot({ path: "e2e/screenshots/01-default-light.png" });
});

test("screenshot: port forward mid-flight, dark", async ({ page }) => {
  await openApp(page, "theme=dark");
  await page.getByRole("button", { name: "Play packet 3" }).click();
  await page.getByRole("button", { name: "Step forward" }).click();
  for (let i = 0; i < 4; i++) await page.getByRole("button", { name: "Step forward" }).click();
  await expect(page.getByTestId("packet-token")).toHaveAttribute("data-node", "pre.nat");
  await page.screenshot({ path: "e2e/screenshots/02-dnat-dark.png" });
});
