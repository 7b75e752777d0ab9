// `npm run bench:app`: frame times with N packets animated at once (default 200) and time to a drawn diagram,
// measured in Debian's Chromium against the built app served by `vite preview`. A benchmark, not a test.
//   node bench/app-frames.mjs [packets=200] [seconds=5]
import { spawn } from "node:child_process";
import { chromium } from "@playwright/test";

const packets = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 5);
const url = "http://localhost:4173";

async function up() {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

let server = null;
if (!(await up())) {
  server = spawn("npm", ["run", "preview"], { stdio: "ignore", detached: true });
  for (let i = 0; i < 100 && !(await up()); i++) await new Promise((r) => setTimeout(r, 100));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });

  // Load: navigation start to the diagram drawn with the engine's first answer (data-state="idle").
  const loads = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${url}/?motion=off`);
    await page.waitForSelector('[data-state="idle"] [data-node="filter INPUT"], [data-state="idle"]');
    loads.push(await page.evaluate(() => performance.now()));
  }
  loads.sort((a, b) => a - b);

  await page.goto(`${url}/?bench=${packets}`);
  await page.waitForSelector('[data-state="idle"]');
  await page.evaluate(() => {
    window.__nfxFrameTimes.length = 0;
  });
  await page.waitForTimeout(seconds * 1000);
  const times = (await page.evaluate(() => window.__nfxFrameTimes.slice())).sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(`packets animated: ${packets}, frames: ${times.length} over ${seconds}s`);
  console.log(
    `frame time: mean ${mean.toFixed(2)} ms, p50 ${pct(50).toFixed(2)} ms, p95 ${pct(95).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms (goal p95 < 16.7)`,
  );
  console.log(`load to idle diagram: median ${loads[2].toFixed(0)} ms, best ${loads[0].toFixed(0)} ms (goal < 1000)`);
  await page.screenshot({ path: "bench/results/swarm.png" });
} finally {
  await browser.close();
  if (server) process.kill(-server.pid);
}
