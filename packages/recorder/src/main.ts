/**
 * CLI until `nfx record` exists:
 *   npx tsx packages/recorder/src/main.ts record SCENARIO.json [-o OUT.json] [-q] [--trace-log FILE]
 *   npx tsx packages/recorder/src/main.ts preflight
 */
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { validateScenario } from "@nfx/scenario";
import { formatPreflight, preflight } from "./preflight";
import { recordScenario } from "./record";

const USAGE = "usage: main.ts record SCENARIO.json [-o OUT.json] [-q] [--trace-log FILE]\n       main.ts preflight\n";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "preflight") {
    const r = preflight();
    process.stderr.write(`${formatPreflight(r)}\n`);
    return r.ok ? 0 : 1;
  }
  if (command !== "record") {
    process.stderr.write(USAGE);
    return 2;
  }
  let file: string | undefined;
  let out: string | undefined;
  let quiet = false;
  let traceLog: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === "-o") out = rest[++i];
    else if (a === "-q") quiet = true;
    else if (a === "--trace-log") traceLog = rest[++i];
    else if (!file) file = a;
    else {
      process.stderr.write(USAGE);
      return 2;
    }
  }
  if (!file) {
    process.stderr.write(USAGE);
    return 2;
  }
  const check = preflight();
  if (!check.ok) {
    process.stderr.write(`${formatPreflight(check)}\n`);
    return 1;
  }
  const checked = validateScenario(JSON.parse(readFileSync(file, "utf8")));
  if (!checked.ok) {
    for (const e of checked.errors) process.stderr.write(`${file}: ${e.path || "(top)"}: ${e.message}\n`);
    return 1;
  }
  const scenario = checked.value;
  const started = Date.now();
  const answer = await recordScenario(scenario, {
    log: quiet ? undefined : (m) => process.stderr.write(`${scenario.name ?? file}: ${m}\n`),
    traceLog: traceLog ? (line) => appendFileSync(traceLog, `${line}\n`) : undefined,
  });
  const text = `${JSON.stringify(answer, null, 2)}\n`;
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  if (!quiet) process.stderr.write(`${scenario.name ?? file}: recorded in ${Date.now() - started} ms\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`record: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
