/**
 * The search index of an iptables-save file (issue 13, views that scale): how long the worker's background scan
 * takes, what the index retains, and what searches cost, beside the file's parse in the same run.
 *
 *   node --expose-gc --import tsx bench/search-index.ts FILE [old]
 *
 * `old` also builds the index main had before (every rule printed and lower-cased), for the ratio.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { formatRuleBody, parseRuleset } from "@nfx/iptables-save";
import { type RulesetIndex, SaveTextScan, searchChains, searchRules } from "@nfx/ruleset-edit";

const file = process.argv[2];
if (!file) throw new Error("usage: bench/search-index.ts FILE [old]");
const text = readFileSync(file, "utf8");
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

const scan = () => {
  const index = new SaveTextScan(text).finish();
  if (index === "not-plain") throw new Error(`${file} is not plain iptables-save text`);
  return index;
};
scan(); // once to warm the JIT
let t = performance.now();
const index: RulesetIndex = scan();
const build = performance.now() - t;
const { rules, chains } = index;
const bytes = [rules.starts, rules.chainOf, rules.positionOf, ...Object.values(chains)].reduce(
  (n, a: ArrayBufferView) => n + a.byteLength,
  0,
);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(
  `scan ${build.toFixed(0)} ms; index ${mb(bytes)} (${((bytes / text.length) * 100).toFixed(0)}% of the ${mb(text.length)} file), nothing of the text copied; ${rules.starts.length} rules, ${chains.starts.length} chains`,
);
for (const q of ["svc-4998:", "10.96.0.10", "KUBE-SVC-", "redis cluster"]) {
  t = performance.now();
  const r = searchRules(index, q, 50);
  const a = performance.now() - t;
  t = performance.now();
  const c = searchChains(index, q, 50);
  console.log(
    `  "${q}": ${r.total} rules in ${a.toFixed(1)} ms; ${c.total} chains in ${(performance.now() - t).toFixed(1)} ms`,
  );
}
t = performance.now();
const parsed = parseRuleset(text);
const parse = performance.now() - t;
console.log(`parse, same run: ${parse.toFixed(0)} ms (scan = ${(build / parse).toFixed(2)}x parse)`);
if (process.argv[3] === "old") {
  gc();
  const before = process.memoryUsage().heapUsed;
  t = performance.now();
  const parts: string[] = [];
  const entries: { table: string; chain: string; index: number; text: string }[] = [];
  for (const tb of parsed.ruleset.tables)
    for (const c of tb.chains)
      for (let i = 0; i < c.rules.length; i++) {
        const line = `-A ${c.name}${formatRuleBody(c.rules[i]!)}`;
        entries.push({ table: tb.name, chain: c.name, index: i, text: line });
        parts.push(`${tb.name} ${line.toLowerCase()}`);
      }
  const haystack = parts.join("\n");
  const old = performance.now() - t;
  gc();
  const held = process.memoryUsage().heapUsed - before;
  console.log(
    `main's printed index, same run: ${old.toFixed(0)} ms, ${mb(held)} (${entries.length} entries, ${haystack.length} chars); scan = ${(build / old).toFixed(2)}x its time`,
  );
}
