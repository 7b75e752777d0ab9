import { resolve } from "node:path";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./chromium.mjs";

// `npm test` asks for a JSON report at a path relative to the repo root (scripts/test.mjs).
const jsonReport = process.env.PLAYWRIGHT_JSON_OUTPUT_NAME;
// PORT moves the preview server, so two checkouts can run their journeys at once.
const port = Number(process.env.PORT ?? 4173);
const origin = `http://localhost:${port}`;

/**
 * Journeys against the built site, served by `vite preview` on 4173 (or $PORT), in Debian's Chromium
 * (`npx playwright install` cannot download browsers here). Tests wait on the app's `data-state="idle"`
 * signal and run with `?motion=off`; they never sleep.
 */
export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  outputDir: "../test-results",
  fullyParallel: true,
  // One more try in CI only: a machine busy with the kernel re-check can starve a page load past its timeout.
  retries: process.env.CI ? 1 : 0,
  reporter: jsonReport ? [["list"], ["json", { outputFile: resolve(process.cwd(), jsonReport) }]] : [["list"]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: origin,
    viewport: { width: 1440, height: 900 },
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    // `npm test` and `npm run test:e2e` build the site first; the server only serves it.
    command: `node scripts/serve.mjs --port ${port}`,
    cwd: "..",
    url: origin,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
