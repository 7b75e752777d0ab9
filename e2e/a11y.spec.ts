import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { openApp } from "./helpers";

/** axe-core's WCAG 2.x A/AA rules plus best practices, reported by rule id, element and message. */
async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} ${n.failureSummary?.split("\n")[1] ?? ""}`),
  );
}

for (const theme of ["light", "dark"] as const)
  for (const lang of ["en", "zh"] as const) {
    test.describe(`${theme}, ${lang}`, () => {
      test("the main view has no axe violations", async ({ page }) => {
        await openApp(page, `theme=${theme}&lang=${lang}`);
        expect(await axe(page)).toEqual([]);
      });

      test("the rules panel, mid-flight, has no axe violations", async ({ page }) => {
        await openApp(page, `theme=${theme}&lang=${lang}`);
        await page.locator("[data-node='in.filter']").click();
        await expect(page.getByTestId("policy")).toBeVisible();
        for (let i = 0; i < 8; i++) await page.keyboard.press("ArrowRight");
        expect(await axe(page)).toEqual([]);
      });

      test("the gallery, then a lesson, have no axe violations", async ({ page }) => {
        await openApp(page, `theme=${theme}&lang=${lang}`);
        await page.getByRole("button", { name: lang === "en" ? "Lessons" : "课程" }).click();
        await expect(page.getByRole("dialog")).toBeVisible();
        expect(await axe(page)).toEqual([]);
        await page
          .getByRole("dialog")
          .getByRole("button")
          .filter({ hasText: lang === "en" ? "Open" : "打开" })
          .first()
          .click();
        await expect(page.getByTestId("lesson")).toBeVisible();
        expect(await axe(page)).toEqual([]);
      });

      test("the shortcuts dialog has no axe violations", async ({ page }) => {
        await openApp(page, `theme=${theme}&lang=${lang}`);
        await page.locator("body").press("?");
        await expect(page.getByTestId("help-dialog")).toBeVisible();
        expect(await axe(page)).toEqual([]);
      });
    });
  }
