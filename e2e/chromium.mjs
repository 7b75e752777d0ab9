/**
 * How Debian's Chromium is launched here, for the journeys and the app benchmarks alike: `npx playwright
 * install` cannot download browsers on this machine, and as root Chromium needs --no-sandbox; the other flags
 * keep it off the GPU and off the closed network.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
