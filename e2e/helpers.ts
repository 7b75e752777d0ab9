import { expect, type Page } from "@playwright/test";

/** Opens the built app without animation and waits for the engine's first answer. */
export async function openApp(page: Page, query = ""): Promise<void> {
  await page.goto(`/?motion=off${query ? `&${query}` : ""}`);
  await waitIdle(page);
}

/** The explicit idle signal: nothing computing, nothing playing. */
export async function waitIdle(page: Page): Promise<void> {
  await expect(page.getByTestId("app")).toHaveAttribute("data-state", "idle");
}

/** Closes the first-open tour, as a returning visitor would have. */
export async function dismissTour(page: Page): Promise<void> {
  await page.getByTestId("tour").getByRole("button").click();
  await expect(page.getByTestId("tour")).toHaveCount(0);
}
