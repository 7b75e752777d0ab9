// `npm test`: every check and test, in the order a failure is cheapest to find. CI runs exactly this.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { ensureSystemPackages } from "./system-packages.mjs";

const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(title, command, args, options = {}) {
  process.stdout.write(`\n=== ${title}\n`);
  const r = spawnSync(command, args, { stdio: "inherit", ...options });
  const ok = r.status === 0;
  if (!ok) failures.push(title);
  return ok;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, "utf8"));
  results.passed += report.numPassedTests ?? 0;
  results.failed += report.numFailedTests ?? 0;
  results.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const stats = JSON.parse(readFileSync(file, "utf8")).stats ?? {};
  results.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  results.failed += stats.unexpected ?? 0;
  results.skipped += stats.skipped ?? 0;
}

/** The times the node journeys saw (their "timings" attachments), one line each, so a run's figures can be quoted. */
function printJourneyTimings(file) {
  if (!existsSync(file)) return;
  const walk = (suite) => [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(walk)];
  const specs = (JSON.parse(readFileSync(file, "utf8")).suites ?? []).flatMap(walk);
  for (const spec of specs)
    for (const t of spec.tests ?? [])
      for (const r of t.results ?? [])
        for (const a of r.attachments ?? []) {
          if (a.name !== "timings" || !a.body) continue;
          const f = JSON.parse(Buffer.from(a.body, "base64").toString("utf8"));
          const steps = Object.entries(f.stepsMs)
            .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
            .join(", ");
          process.stdout.write(
            `journey timings, ${f.node}: total ${(f.totalMs / 1000).toFixed(1)} s (${steps}); longest main-thread ` +
              `task while opening ${f.longestMainThreadTaskMsWhileOpening} ms; first search ${f.firstSearchMs} ms; ` +
              `load ${f.loadAverage.join(" ")}\n`,
          );
        }
}

mkdirSync("test-results", { recursive: true });
const system = ensureSystemPackages();

run("typecheck", "npx", ["tsc", "-p", "packages/tsconfig.json"]) &&
  run("typecheck cli", "npx", ["tsc", "-p", "packages/cli/tsconfig.json"]);
for (const project of ["packages/recorder/tsconfig.json", "app/tsconfig.json", "e2e/tsconfig.json"]) {
  if (existsSync(project))
    run(`typecheck ${project.split("/")[0] === "packages" ? "recorder" : project.split("/")[0]}`, "npx", [
      "tsc",
      "-p",
      project,
    ]);
}
run("lint and format", "npx", ["biome", "check", "."]);
run("build the nfx command", "node", ["scripts/build-cli.mjs"]);
run("unit, engine and conformance tests", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=test-results/vitest.json",
]);
countVitest("test-results/vitest.json");

if (existsSync("app/package.json") && existsSync("e2e")) {
  if (system.chromium) {
    if (run("build the app", "npm", ["run", "build"])) {
      run("browser journeys (Playwright, Debian chromium)", "npx", ["playwright", "test", "-c", "e2e"], {
        env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: "test-results/playwright.json" },
      });
      countPlaywright("test-results/playwright.json");
      printJourneyTimings("test-results/playwright.json");
    }
  } else {
    failures.push("browser journeys: Debian's chromium is missing (see above)");
  }
}

if (existsSync("scripts/kernel-recheck.mjs")) {
  run("live kernel re-check of the recorded corpus", "node", ["scripts/kernel-recheck.mjs"]);
}

process.stdout.write("\n");
if (failures.length) process.stdout.write(`failed steps: ${failures.join("; ")}\n`);
process.stdout.write(`tests: ${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped\n`);
process.exit(failures.length ? 1 : 0);
