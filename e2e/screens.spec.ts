import { expect, test } from "@playwright/test";
import { dismissTour, openApp } from "./helpers";

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

// Issue 11: every width in light and dark, English and Chinese, mid-flight at filter INPUT so a badge shows.
for (const [w, h] of [
  [1440, 900],
  [1280, 720],
  [1024, 768],
  [390, 844],
] as const)
  for (const theme of ["light", "dark"] as const)
    for (const lang of ["en", "zh"] as const)
      test(`screenshot: ${w}x${h}, ${theme}, ${lang}`, async ({ page }) => {
        await page.setViewportSize({ width: w, height: h });
        await openApp(page, `theme=${theme}&lang=${lang}`);
        await dismissTour(page); // the tour has its own screenshot (uiplay-tour.png)
        for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowRight");
        await page.screenshot({ path: `e2e/screenshots/w${w}-${theme}-${lang}.png` });
      });
