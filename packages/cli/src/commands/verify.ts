import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Answer, answerDifferences, simulate, toAnswer } from "@nfx/engine";
import { formatPreflight, preflight, type RecordedAnswer, recordScenario, type ScenarioJson } from "@nfx/recorder";
import { toHost, toPacketSpec } from "@nfx/scenario";
import { loadScenario, readText, UserError } from "../load";

type Out = (s: string) => void;

function requireKernel(): void {
  const check = preflight();
  if (!check.ok) throw new UserError(formatPreflight(check), 2);
}

/** `nfx record SCENARIO.json [-o OUT.json]`: the live kernel's answer, in the shape of `nfx trace --json`. */
export async function recordCommand(args: readonly string[], out: Out, err: Out): Promise<number> {
  const o = args.indexOf("-o");
  const outFile = o >= 0 ? args[o + 1] : undefined;
  const files = args.filter((a, i) => !a.startsWith("-") && (o < 0 || i !== o + 1));
  if (files.length !== 1 || (o >= 0 && !outFile)) {
    err("usage: nfx record SCENARIO.json [-o OUT.json]");
    return 2;
  }
  requireKernel();
  const { scenario } = loadScenario(files[0]!);
  const answer = await recordScenario(scenario as unknown as ScenarioJson, { log: (m) => err(`record: ${m}`) });
  const text = `${JSON.stringify(answer, null, 2)}\n`;
  if (outFile) writeFileSync(outFile, text);
  else out(text);
  return 0;
}

/** `nfx verify SCENARIO.json`: runs it on the live kernel and in the engine and says where they differ. */
export async function verifyCommand(args: readonly string[], out: Out, err: Out): Promise<number> {
  if (args.length !== 1) {
    err("usage: nfx verify SCENARIO.json   (needs root and iptables, nftables, conntrack, iproute2, python3)");
    return 2;
  }
  requireKernel();
  const { scenario, ruleset } = loadScenario(args[0]!);
  const kernel = await recordScenario(scenario as unknown as ScenarioJson);
  const engine = toAnswer(
    simulate(toHost(scenario), ruleset, scenario.packets.map(toPacketSpec), {
      ...(scenario.seed === undefined ? {} : { seed: scenario.seed }),
    }),
  );
  const diffs = answerDifferences(kernel as unknown as Answer, engine);
  const n = scenario.packets.length;
  if (diffs.length === 0) {
    out(`agree: the kernel (${kernel.kernel}) and the engine do the same with all ${n} packets\n`);
    return 0;
  }
  out(
    `differ: ${diffs.length} difference${diffs.length === 1 ? "" : "s"} between the kernel (${kernel.kernel}) and the engine\n`,
  );
  for (const d of diffs) out(`${d}\n`);
  return 1;
}

/**
 * `nfx recheck DIR`: re-records every NAME.scenario.json under DIR on the live kernel and compares the answer
 * with the stored NAME.expected.json, so a golden can never drift from the truth unnoticed.
 */
export async function recheckCommand(args: readonly string[], out: Out, err: Out): Promise<number> {
  const write = args.includes("--write");
  const dirs = args.filter((a) => !a.startsWith("--"));
  if (dirs.length !== 1) {
    err("usage: nfx recheck DIR [--write]   (--write stores the kernel's answers as the goldens)");
    return 2;
  }
  requireKernel();
  const files = scenarioFiles(dirs[0]!);
  let differing = 0;
  for (const file of files) {
    const { scenario } = loadScenario(file);
    const expectedFile = file.replace(/\.scenario\.json$/, ".expected.json");
    const recorded: RecordedAnswer = await recordScenario(scenario as unknown as ScenarioJson);
    if (write) {
      writeFileSync(expectedFile, `${JSON.stringify(recorded, null, 2)}\n`);
      out(`recorded ${file}\n`);
      continue;
    }
    let stored: Answer;
    try {
      stored = JSON.parse(readText(expectedFile)) as Answer;
    } catch {
      out(`MISSING ${expectedFile}\n`);
      differing += 1;
      continue;
    }
    let diffs = answerDifferences(stored, recorded as unknown as Answer);
    if (diffs.length) {
      // A loaded machine can delay a packet past a kernel timer (a SYN-ACK retransmit); one more look decides.
      const again = await recordScenario(scenario as unknown as ScenarioJson);
      diffs = answerDifferences(stored, again as unknown as Answer);
      if (!diffs.length) out(`retry ${file}: the second recording agrees\n`);
    }
    if (diffs.length) {
      differing += 1;
      out(
        `DRIFT ${file}: the live kernel no longer gives the stored answer\n${diffs.map((d) => `  ${d}`).join("\n")}\n`,
      );
    } else {
      out(`ok ${file}\n`);
    }
  }
  out(
    write
      ? `recorded ${files.length} goldens on the live kernel\n`
      : `${files.length - differing} of ${files.length} goldens agree with the live kernel\n`,
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
