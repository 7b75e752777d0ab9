// `npm run bench:app`: frame times with N packets animated at once (default 200) and time to a drawn diagram,
// measured in Debian's Chromium against the built app served by `vite preview`. A benchmark, not a test.
//   node bench/app-frames.mjs [packets=200] [seconds=5]
import { launchChromium, servePreview, url } from "./app-harness.mjs";
import { loadText } from "./figures.mjs";

const packets = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 5);

const stopServer = await servePreview();

const browser = await launchChromium();
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
    `frame time: mean ${mean.toFixed(2)} ms, p50 ${pct(50).toFixed(2)} ms, p95 ${pct(95).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms (goal p95 < 16.7); ${loadText()}`,
  );
  console.log(`load to idle diagram: median ${loads[2].toFixed(0)} ms, best ${loads[0].toFixed(0)} ms (goal < 1000)`);
  await page.screenshot({ path: "bench/results/swarm.png" });
} finally {
  await browser.close();
  stopServer();
}
