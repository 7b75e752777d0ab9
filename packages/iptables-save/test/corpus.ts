import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { mutateRuleset, rng, SCENARIOS, seedRulesets } from "../../cli/test/fuzz/inputs";
import { PERF } from "./fixtures";

const CASES = join(import.meta.dirname, "cases");

const CHAINS = ":PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n";
const USER = ":KUBE-SVC-A - [0:0]\n:KUBE-SEP-A - [0:0]\n:KUBE-SEP-B - [0:0]\n";

/** Hand-made rulesets with each kind of error a check must report exactly as the full parse does. */
export const ERROR_CASES: Record<string, string> = {
  "bad address": `*filter\n${CHAINS}${USER}-A INPUT -s 10.0.0.300 -j ACCEPT\n-A INPUT -d 10.0.0.1/33 -j DROP\nCOMMIT\n`,
  "unknown chain": `*filter\n${CHAINS}${USER}-A INPUT -j KUBE-NOPE\n-A KUBE-NOPE -j ACCEPT\nCOMMIT\n`,
  "case of a target": `*filter\n${CHAINS}-A INPUT -j accept\nCOMMIT\n`,
  loop: `*filter\n${CHAINS}${USER}-A INPUT -j KUBE-SVC-A\n-A KUBE-SVC-A -j KUBE-SEP-A\n-A KUBE-SEP-A -j KUBE-SVC-A\nCOMMIT\n`,
  "jump to a built-in chain": `*filter\n${CHAINS}-A INPUT -j OUTPUT\nCOMMIT\n`,
  "DNAT outside nat": `*filter\n${CHAINS}-A INPUT -p tcp -j DNAT --to-destination 10.0.0.1:80\nCOMMIT\n`,
  "DNAT from a wrong hook": `*nat\n${CHAINS}${USER}-A POSTROUTING -j KUBE-SEP-A\n-A KUBE-SEP-A -p tcp -j DNAT --to-destination 10.0.0.1:80\nCOMMIT\n`,
  "DROP in nat": `*nat\n${CHAINS}-A PREROUTING -j DROP\nCOMMIT\n`,
  "-o in INPUT": `*filter\n${CHAINS}-A INPUT -o eth0 -j ACCEPT\nCOMMIT\n`,
  "owner in INPUT": `*filter\n${CHAINS}${USER}-A INPUT -j KUBE-SVC-A\n-A KUBE-SVC-A -m owner --uid-owner 0 -j ACCEPT\nCOMMIT\n`,
  quotes: `*filter\n${CHAINS}-A INPUT -m comment --comment "open -j ACCEPT\n-A INPUT -m comment --comment "a\\"b" -j ACCEPT\nCOMMIT\n`,
  counters: `*filter\n${CHAINS}[1:2] -A INPUT -j ACCEPT\n[x:2] -A INPUT -j ACCEPT\n[5:600]\n:FOO - [a:b]\nCOMMIT\n`,
  "counters on every rule": `*filter\n${CHAINS}[12:3456] -A INPUT -s 10.0.0.1 -j ACCEPT\n[99999999999999999999999:1] -A INPUT -j DROP\n[007:8] -A OUTPUT -j ACCEPT\n[1:2:3] -A OUTPUT -j ACCEPT\n[:1] -A OUTPUT -j ACCEPT\nCOMMIT\n`,
  "missing COMMIT": `*filter\n${CHAINS}-A INPUT -j ACCEPT\n*nat\n${CHAINS}-A INPUT -j ACCEPT\n`,
  "no table": `-A INPUT -j ACCEPT\n*bogus\n-A INPUT -j ACCEPT\nCOMMIT\n`,
  "undeclared built-in": `*filter\n-A INPUT -j ACCEPT\n-A FORWARD -s 1.2.3.4 -j DROP\nCOMMIT\n`,
  "redeclared chain": `*filter\n${CHAINS}${USER}-A KUBE-SVC-A -j ACCEPT\n:KUBE-SVC-A - [0:0]\n-A INPUT -j KUBE-SVC-A\nCOMMIT\n`,
  "table restored twice": `*filter\n${CHAINS}-A INPUT -j ACCEPT\nCOMMIT\n*filter\n${CHAINS}-A OUTPUT -j DROP\nCOMMIT\n`,
  commands: `*filter\n${CHAINS}${USER}-A INPUT -j ACCEPT\n-I INPUT 1 -j DROP\n-F KUBE-SVC-A\n-N X\n-X X\n-D INPUT 1\nCOMMIT\n`,
  "chain after its use": `*filter\n${CHAINS}-A INPUT -j MARK2\n:MARK2 - [0:0]\nCOMMIT\n`,
  "user chain named like a target": `*filter\n${CHAINS}:LOG - [0:0]\n-A INPUT -j LOG\nCOMMIT\n`,
  "too deep": `*filter\n${CHAINS}${Array.from({ length: 17 }, (_, i) => `:C${i} - [0:0]\n`).join("")}-A INPUT -j C0\n${Array.from({ length: 16 }, (_, i) => `-A C${i} -j C${i + 1}\n`).join("")}COMMIT\n`,
  script: "iptables -A INPUT -j ACCEPT\niptables -A INPUT -s 1.2.3.999 -j DROP\n",
  "crlf and tabs": `*filter\r\n${CHAINS}-A\tINPUT  -j\tACCEPT\r\nCOMMIT\r\n`,
};

/** Every ruleset text in the repository's tests: conformance scenarios, test cases, the perf files, mutants. */
export function corpus(withPerf: boolean, mutants: number): [string, string][] {
  const out: [string, string][] = Object.entries(ERROR_CASES);
  SCENARIOS.forEach((s, i) => {
    if (typeof s.ruleset === "string") out.push([`scenario ${i}`, s.ruleset]);
  });
  for (const file of readdirSync(CASES).filter((f) => f.endsWith(".v4")))
    out.push([file, readFileSync(join(CASES, file), "utf8")]);
  if (withPerf)
    for (const file of readdirSync(PERF).filter((f) => f.endsWith(".v4")))
      out.push([file, readFileSync(join(PERF, file), "utf8")]);
  const random = rng(13);
  const seeds = seedRulesets();
  for (let i = 0; i < mutants; i++) out.push([`mutant ${i}`, mutateRuleset(random, seeds)]);
  return out;
}
