import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { explainOutcome, type TargetEffect } from "@nfx/engine";
import { compileRuleset, findMatch, interfaceBit, Routing, skbFromSnapshot } from "@nfx/engine/internal";
import type { Rule } from "@nfx/model";
import { runScenario, toHost } from "@nfx/scenario";
import { describe, expect, it } from "vitest";

const root = import.meta.dirname;

function scenarios(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return scenarios(path);
      return name.endsWith(".scenario.json") ? [path] : [];
    });
}

const files = scenarios(root);

/** The verdicts a trace line may show after a target that did `e` (NAT drops when no tuple is free). */
function verdictsOf(e: TargetEffect): readonly string[] {
  switch (e.kind) {
    case "accept":
      return ["ACCEPT"];
    case "drop":
    case "reject":
      return ["DROP"];
    case "return":
      return ["RETURN"];
    case "jump":
      return [`JUMP:${e.chain}`];
    case "goto":
      return [`GOTO:${e.chain}`];
    case "nat":
      return ["ACCEPT", "DROP"];
    case "set":
    case "no-connection":
    case "untrack":
    case "zone":
    case "log":
    case "trace":
    case "continue":
    case "unsupported":
      return ["CONTINUE"];
  }
}

describe("explanations come from the conditions the engine decided with", () => {
  it("walks the whole corpus and the kernel samples", () => {
    expect(files.length).toBeGreaterThanOrEqual(114);
  });
  for (const file of files) {
    it(relative(root, file), () => {
      const run = runScenario(JSON.parse(readFileSync(file, "utf8")));
      if (run.kind !== "ran") throw new Error(JSON.stringify(run.errors));
      const { ruleset } = run.parsed;
      const host = toHost(run.scenario);
      const result = run.result;
      // A fresh compile, so rule state (nth counters, limit buckets) is untouched; stateful rules are skipped.
      const routing = new Routing(host);
      const ifaces = new Map(routing.interfaceNames().map((name, i) => [name, i] as const));
      const compiled = compileRuleset(ruleset, ifaces);
      const env = { hook: "INPUT", table: "filter", routing, now: 0, random: () => 0, warn() {}, log() {} } as const;
      const problems: string[] = [];
      for (const outcome of [...result.packets, ...result.responses]) {
        const lines = explainOutcome(outcome, ruleset);
        // Trace lines of iptables' and native chains interleave as their steps did; these are iptables' lines.
        const traceLine: number[] = [];
        let t = 0;
        for (const s of outcome.steps) {
          if (s.kind === "rule" || s.kind === "policy") traceLine.push(t++);
          else if (s.kind === "nft-rule" || s.kind === "nft-policy") t++;
        }
        lines.forEach((line, i) => {
          const verdict = outcome.trace[traceLine[i] ?? -1]?.split(":").slice(4).join(":") ?? "";
          for (const r of line.filter((x) => x.matched)) {
            const where = `${r.table}:${r.chain}:rule:${r.rule} for ${r.packet.header}`;
            if (!r.target) problems.push(`${where} matched, but its target says nothing`);
            else if (!verdictsOf(r.target).includes(verdict))
              problems.push(`${where}: the target says ${r.target.kind}, the trace says ${verdict}`);
          }
        });
        for (const r of lines.flat()) {
          const chain = compiled.chain(r.table, r.chain);
          const rule: Rule | undefined = chain?.rules[r.rule - 1];
          if (!chain || !rule) {
            problems.push(`${r.table}:${r.chain}:${r.rule}: the step names a rule the ruleset lacks`);
            continue;
          }
          const where = `${r.table}:${r.chain}:rule:${r.rule} for ${r.packet.header}`;
          const { conditions, firstFailed } = r.explanation;
          if (r.matched && firstFailed)
            problems.push(`${where} matched, but the explanation says ${firstFailed.option} ${firstFailed.rule} fails`);
          // A rule with two stateful conditions and no failing one is the only case left unexplained.
          if (!r.matched && !firstFailed && !conditions.some((c) => c.held === null))
            problems.push(`${where} was passed, but the explanation finds every condition holds`);
          if (r.matched && conditions.some((c) => c.held !== true))
            problems.push(`${where} matched, but not every condition is said to hold`);
          if (conditions.some((c) => c.state)) continue;
          // The compiled rule loop, on the packet the snapshot shows, must give the trace's answer too.
          const skb = skbFromSnapshot(r.packet);
          const j = r.rule - 1;
          const found =
            findMatch(
              chain,
              j,
              skb,
              { ...env },
              interfaceBit(ifaces, skb.inIface),
              interfaceBit(ifaces, skb.outIface),
            ) === j;
          if (found !== r.matched)
            problems.push(`${where}: the compiled rule ${found ? "matches" : "does not match"} the snapshot`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
