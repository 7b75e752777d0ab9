import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatPreflight, preflight, type RecordOptions, RulesetRefusedError, recordScenario } from "@nfx/recorder";
import { answerDifferences, checkKernelAnswer, type KernelAnswer, type Scenario, toAnswer } from "@nfx/scenario";
import { type Io, UserError } from "../io";
import { runScenarioFile } from "../load";
import { jsonText } from "../printable";

function requireKernel(): void {
  const check = preflight();
  if (!check.ok) throw new UserError(formatPreflight(check).split("\n"), 2);
}

/** Records on the live kernel; a ruleset the kernel refuses is the user's error, said with nft's own words. */
async function record(file: string, scenario: Scenario, opts?: RecordOptions): Promise<KernelAnswer> {
  try {
    return await recordScenario(scenario, opts);
  } catch (e) {
    if (e instanceof RulesetRefusedError) throw new UserError(`${file}: ${e.message}`.split("\n"));
    throw e;
  }
}

/** A difference is several lines (what, the kernel's, the engine's): each is printed as a line of its own. */
function printDifferences(io: Io, diffs: readonly string[], indent = ""): void {
  for (const d of diffs) for (const line of d.split("\n")) io.out(`${indent}${line}`);
}

/** `nfx record SCENARIO.json [-o OUT.json]`: the live kernel's answer, in the shape of `nfx trace --json`. */
export async function recordCommand(args: readonly string[], io: Io): Promise<number> {
  const o = args.indexOf("-o");
  const outFile = o >= 0 ? args[o + 1] : undefined;
  const files = args.filter((a, i) => !a.startsWith("-") && (o < 0 || i !== o + 1));
  if (files.length !== 1 || (o >= 0 && !outFile)) {
    io.err("usage: nfx record SCENARIO.json [-o OUT.json]");
    return 2;
  }
  requireKernel();
  const { scenario } = runScenarioFile(io, files[0]!);
  const answer = await record(files[0]!, scenario, { log: (m) => io.err(`record: ${m}`) });
  if (outFile) writeFileSync(outFile, jsonText(answer));
  else io.data(jsonText(answer));
  return 0;
}

/** `nfx verify SCENARIO.json`: runs it on the live kernel and in the engine and says where they differ. */
export async function verifyCommand(args: readonly string[], io: Io): Promise<number> {
  if (args.length !== 1) {
    io.err("usage: nfx verify SCENARIO.json   (needs root and iptables, nftables, conntrack, iproute2, python3)");
    return 2;
  }
  requireKernel();
  const { scenario, result } = runScenarioFile(io, args[0]!);
  const kernel = await record(args[0]!, scenario);
  const diffs = answerDifferences(kernel, toAnswer(result));
  const n = scenario.packets.length;
  if (diffs.length === 0) {
    io.out(`agree: the kernel (${kernel.kernel}) and the engine do the same with all ${n} packets`);
    return 0;
  }
  io.out(
    `differ: ${diffs.length} difference${diffs.length === 1 ? "" : "s"} between the kernel (${kernel.kernel}) and the engine`,
  );
  printDifferences(io, diffs);
  return 1;
}

/** The stored answer beside a scenario, or why there is none to compare with. */
function storedAnswer(io: Io, file: string): KernelAnswer | string {
  let json: unknown;
  try {
    json = JSON.parse(io.read(file));
  } catch (e) {
    return e instanceof UserError ? e.message : `${file}: not valid JSON`;
  }
  const checked = checkKernelAnswer(json);
  if (checked.ok) return checked.value;
  return `${file}: not a recorded answer: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`;
}

/**
 * `nfx recheck DIR`: re-records every NAME.scenario.json under DIR on the live kernel and compares the answer
 * with the stored NAME.expected.json, so a golden can never drift from the truth unnoticed.
 */
export async function recheckCommand(args: readonly string[], io: Io): Promise<number> {
  const write = args.includes("--write");
  const dirs = args.filter((a) => !a.startsWith("--"));
  if (dirs.length !== 1) {
    io.err("usage: nfx recheck DIR [--write]   (--write stores the kernel's answers as the goldens)");
    return 2;
  }
  requireKernel();
  const files = scenarioFiles(dirs[0]!);
  let differing = 0;
  for (const file of files) {
    const { scenario } = runScenarioFile(io, file);
    const expectedFile = file.replace(/\.scenario\.json$/, ".expected.json");
    const recorded = await record(file, scenario);
    if (write) {
      writeFileSync(expectedFile, jsonText(recorded));
      io.out(`recorded ${file}`);
      continue;
    }
    const stored = storedAnswer(io, expectedFile);
    if (typeof stored === "string") {
      io.out(`MISSING ${stored}`);
      differing += 1;
      continue;
    }
    let diffs = answerDifferences(stored, recorded);
    if (diffs.length) {
      // A loaded machine can delay a packet past a kernel timer (a SYN-ACK retransmit); one more look decides.
      diffs = answerDifferences(stored, await record(file, scenario));
      if (!diffs.length) io.out(`retry ${file}: the second recording agrees`);
    }
    if (diffs.length) {
      differing += 1;
      io.out(`DRIFT ${file}: the live kernel no longer gives the stored answer`);
      printDifferences(io, diffs, "  ");
    } else {
      io.out(`ok ${file}`);
    }
  }
  io.out(
    write
      ? `recorded ${files.length} goldens on the live kernel`
      : `${files.length - differing} of ${files.length} goldens agree with the live kernel`,
  );
  return differing ? 1 : 0;
}

export function scenarioFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".scenario.json")) found.push(path);
    }
  };
  walk(dir);
  return found;
}
