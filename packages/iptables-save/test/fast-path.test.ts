import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRulesetWith } from "../src/parse-ruleset";
import { PERF } from "./fixtures";

const CASES = join(import.meta.dirname, "cases");

/** Same model, same key order, same diagnostics: the fast path must be invisible. */
function expectSameAsGeneral(text: string): void {
  const fast = parseRulesetWith(text, true);
  const general = parseRulesetWith(text, false);
  expect(JSON.stringify(fast, exactBigint)).toBe(JSON.stringify(general, exactBigint));
}

/** Counters are bigints (64-bit, exact); JSON has no bigint, so they are compared as their decimal text. */
function exactBigint(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? `${value}n` : value;
}

/** Lines near the edge of what the fast path takes: each must read exactly as the general parser reads it. */
const EDGE_LINES = [
  '-A KUBE-SVC-A -m comment --comment "a\\"b" -j KUBE-SEP-A',
  '-A KUBE-SVC-A -m comment --comment "open -j KUBE-SEP-A',
  '-A KUBE-SVC-A -m comment --comment x"y" -j KUBE-SEP-A',
  '-A KUBE-SVC-A -m comment --comment "x"y -j KUBE-SEP-A',
  "-A KUBE-SVC-A -m comment ! --comment x -j KUBE-SEP-A",
  `-A KUBE-SVC-A -m comment --comment ${"x".repeat(256)} -j KUBE-SEP-A`,
  "-A KUBE-SVC-A -m comment --comment a --comment b -j KUBE-SEP-A",
  "-A KUBE-SVC-A -p tcp --dport 80 -j KUBE-SEP-A",
  "-A KUBE-SVC-A -p udp -m tcp --dport 80 -j KUBE-SEP-A",
  "-A KUBE-SVC-A ! -p tcp -m tcp --dport 80 -j KUBE-SEP-A",
  "-A KUBE-SVC-A -p tcp -m tcp ! --dport 80 --sport 1:2 -j KUBE-SEP-A",
  "-A KUBE-SVC-A -p tcp -m tcp --dport 80 --dport 81 -j KUBE-SEP-A",
  "-A KUBE-SVC-A -p tcp -m tcp --dport 90:80 -j KUBE-SEP-A",
  "-A KUBE-SVC-A -m tcp -p tcp --dport 80 -j KUBE-SEP-A",
  "-A KUBE-SVC-A -m statistic --mode random --probability 1.5 -j KUBE-SEP-A",
  "-A KUBE-SVC-A -m statistic --mode random ! --probability 0.5 -j KUBE-SEP-A",
  "-A KUBE-SVC-A -m conntrack ! --ctstate NEW,BOGUS -j KUBE-SEP-A",
  "-A KUBE-SVC-A -m conntrack --ctstate DNAT,NEW --ctstatus SEEN_REPLY -j KUBE-SEP-A",
  "-A KUBE-SVC-A -m mark ! --mark 0x4000/0x4000 -j RETURN",
  "-A KUBE-SVC-A -s 10.0.0.1/33 -j KUBE-SEP-A",
  "-A KUBE-SVC-A -s 10.0.0.1 -s 10.0.0.2 -j KUBE-SEP-A",
  "-A KUBE-SVC-A ! ! -s 10.0.0.1 -j KUBE-SEP-A",
  "-A KUBE-SVC-A -s 10.0.0.1 ! -j KUBE-SEP-A",
  "-A KUBE-SVC-A -s 10.0.0.1 -j KUBE-SEP-A !",
  "-A KUBE-SVC-A -i eth0 -o averyveryverylongname -j KUBE-SEP-A",
  "-A OUTPUT -i eth0 -j KUBE-SEP-A",
  "-A PREROUTING -o eth0 -j KUBE-SEP-A",
  "-A KUBE-SVC-A -j KUBE-MISSING",
  "-A KUBE-SVC-A -j Accept",
  "-A KUBE-SVC-A -j DROP",
  "-A KUBE-SVC-A -j KUBE-SEP-A --foo",
  "-A KUBE-SVC-A -j TCPMSS --clamp-mss-to-pmtu",
  "-A KUBE-SVC-A -j MASQUERADE --random-fully",
  "-A KUBE-SVC-A -j DNAT --to-destination 10.0.0.1:80",
  "-A KUBE-SVC-A -p tcp -j DNAT --to-destination 10.0.0.1:80 --random",
  "-A KUBE-SVC-A -p tcp -j DNAT --to-destination 10.0.0.300:80",
  "-A KUBE-SVC-A -p tcp -j SNAT --to-source 10.0.0.1-10.0.0.9",
  "-A KUBE-SVC-A -g KUBE-SEP-A",
  "-A KUBE-SVC-A -g KUBE-SEP-A -j KUBE-SEP-A",
  "-A KUBE-SVC-A --jump KUBE-SEP-A",
  "-A KUBE-UNDECLARED -j KUBE-SEP-A",
  "-A POSTROUTING -j KUBE-SEP-A",
  "[5:600] -A KUBE-SVC-A -j KUBE-SEP-A",
  "[5:x] -A KUBE-SVC-A -j KUBE-SEP-A",
  "[5:600]",
  "-A",
  "-A KUBE-SVC-A",
  "-A KUBE-SVC-A -f -j KUBE-SEP-A",
  "-A\tKUBE-SVC-A  -j\tKUBE-SEP-A\r",
  "-N KUBE-NEW",
  "-A KUBE-NEW -j KUBE-SEP-A",
  "-X KUBE-NEW",
  "-A KUBE-NEW -j KUBE-SEP-A",
  "-A KUBE-SEP-A -j KUBE-SVC-A",
];

describe("the fast path for canonical lines reads exactly as the general parser", () => {
  for (const file of readdirSync(PERF).filter((f) => f.endsWith(".v4"))) {
    // Two full parses of a large file, one without the fast path: slow on a busy shared machine.
    it(file, () => expectSameAsGeneral(readFileSync(join(PERF, file), "utf8")), 60_000);
  }
  for (const file of readdirSync(CASES).filter((f) => f.endsWith(".v4"))) {
    it(file, () => expectSameAsGeneral(readFileSync(join(CASES, file), "utf8")));
  }
  for (const line of EDGE_LINES) {
    it(JSON.stringify(line.slice(0, 80)), () => {
      const head = ":PREROUTING ACCEPT [0:0]\n:KUBE-SVC-A - [0:0]\n:KUBE-SEP-A - [0:0]\n:KUBE-SVC-A - [1:2] extra\n";
      expectSameAsGeneral(`*nat\n${head}${line}\n-A KUBE-SVC-A -j KUBE-SEP-A\nCOMMIT\n`);
      expectSameAsGeneral(`*filter\n${head}${line}\nCOMMIT\n`);
    });
  }
});
