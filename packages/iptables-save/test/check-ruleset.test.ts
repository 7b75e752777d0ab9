import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rng } from "../../cli/test/fuzz/inputs";
import { checkRuleset } from "../src/check/check-ruleset";
import { quickCheck, TARGET_NAME_LIMIT } from "../src/check/quick-check";
import { parseRuleset } from "../src/parse-ruleset";
import { PLAIN_TARGETS } from "../src/targets/basic";
import { KNOWN_EXTENSION_TARGETS, TARGET_MODULES } from "../src/targets/registry";
import { corpus } from "./corpus";
import { PERF } from "./fixtures";

/** What `nfx check` says of a text, from the full parse: the diagnostics and what the ruleset holds. */
function verdictOfParse(text: string) {
  const { ruleset, diagnostics, format } = parseRuleset(text);
  const chains = ruleset.tables.reduce((n, t) => n + t.chains.length, 0);
  const rules = ruleset.tables.reduce((n, t) => n + t.chains.reduce((m, c) => m + c.rules.length, 0), 0);
  return { diagnostics, format, tables: ruleset.tables.length, chains, rules };
}

describe("checkRuleset says exactly what the full parse says", () => {
  for (const [name, text] of corpus(true, 400)) {
    it(name, () => {
      const verdict = verdictOfParse(text);
      expect(checkRuleset(text)).toEqual(verdict);
      // The quick pass (quick-check.ts) answers only when sure, and then says the same.
      const quick = quickCheck(text);
      if (quick) expect(quick).toEqual(verdict);
    }, 60_000);
  }
});

/** kube-proxy's lines, a few the quick pass leaves to the general parser (MARK --or-mark), and counters. */
const KUBE = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-A - [0:0]
:KUBE-SEP-A - [0:0]
:KUBE-MARK-MASQ - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment kube -j KUBE-SERVICES
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-SERVICES -m comment --comment "nodeports" -m addrtype --dst-type LOCAL -j KUBE-SVC-A
-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-A
-A KUBE-SVC-A ! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m tcp --dport 443 -j KUBE-MARK-MASQ
-A KUBE-SVC-A -m comment --comment x -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-A
-A KUBE-SVC-A -j KUBE-SEP-A
-A KUBE-SEP-A -s 10.244.0.5/32 -j KUBE-MARK-MASQ
-A KUBE-SEP-A -p tcp -m tcp -j DNAT --to-destination 10.244.0.5:6443
-A POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A POSTROUTING -o eth0 -j MASQUERADE
-A POSTROUTING -m comment --comment "masquerade" -j MASQUERADE --random-fully
-A POSTROUTING -p udp -m udp --sport 53 -j SNAT --to-source 10.0.0.1
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-FW - [0:0]
-A INPUT -i lo -j ACCEPT
[5:300] -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -j KUBE-FORWARD
-A KUBE-FORWARD -m conntrack ! --ctstate INVALID -g KUBE-FW
-A KUBE-FORWARD -p udp -m udp ! --sport 53 --dport 1024 -j DROP
-A OUTPUT -o eth0 -p icmp -j ACCEPT
-A KUBE-FW -m comment --comment "no endpoints" -j REJECT --reject-with icmp-port-unreachable
COMMIT
`;

/** Words and values at the edges of what the quick pass reads itself. */
const VALUES = [
  ...["!", "-A", "-I", "-N", "-s", "-d", "-i", "-o", "-p", "-m", "-j", "-g", "--append"],
  ...["tcp", "udp", "icmp", "sctp", "all", "TCP", "6", "comment", "--comment", '"a b"', '""', '"a"b', 'a"b'],
  ...["x".repeat(255), "x".repeat(256), `"${"y".repeat(255)}"`, `"${"y".repeat(256)}"`],
  ...["--dport", "--sport", "--dports", "0", "1", "65535", "65536", "080", "1:2", "http"],
  ...["10.0.0.1", "10.0.0.256", "10.0.0.0/33", "10.0.0.0/32", "10.0.0.0/08", "1.2.3", "1.2.3.4.5", "0010.1.1.1"],
  ...["statistic", "--mode", "random", "nth", "--probability", "0.5", "1.0", "1.01", "1.5", "1.", ".5", "2"],
  ...["conntrack", "--ctstate", "NEW", "NEW,ESTABLISHED", "new", "NEW,", ",NEW", "BOGUS"],
  ...["mark", "--mark", "0x4000/0x4000", "0x4000", "0X4000", "0x100000000", "0xg", "0x/0x1", "16384"],
  ...["ACCEPT", "DROP", "RETURN", "DNAT", "SNAT", "accept", "--to-destination", "--to-source", "--random"],
  ...["10.0.0.1:80", "10.0.0.1:0", "10.0.0.1:65536", "10.0.0.1:080", "10.0.0.1-10.0.0.2", ":80"],
  ...["KUBE-SEP-A", "KUBE-SVC-A", "KUBE-NOPE", "INPUT", "OUTPUT", "FORWARD", "PREROUTING", "POSTROUTING"],
  ...["LOG", "MASQUERADE", "MARK", "REJECT", "eth0", "+", "eth+", "a".repeat(15), "a".repeat(16), "[1:2]", "[x:2]"],
  ...["--set-xmark", "--or-mark", "0x4000/0x4000", "--random-fully", "--random", "--to-ports", "--reject-with"],
  ...[
    "icmp-port-unreachable",
    "tcp-reset",
    "addrtype",
    "--dst-type",
    "--src-type",
    "LOCAL",
    "local",
    "--limit-iface-in",
  ],
];

const CHARACTERS = ['"', "!", "-", " ", "0", "9", "x", "/", ":", ".", ",", "[", "]", "\\", "\t", "é"];

/** KUBE with one line changed as a person (or a bug) might: a token replaced, dropped, doubled, moved. */
function mutant(random: ReturnType<typeof rng>): string {
  const lines = KUBE.split("\n");
  let at = random.int(lines.length);
  while (lines[at] === "" || lines[at]!.startsWith("*") || lines[at] === "COMMIT") at = random.int(lines.length);
  const tokens = lines[at]!.split(" ");
  const k = random.int(tokens.length);
  switch (random.int(7)) {
    case 0:
    case 1:
      tokens[k] = random.pick(VALUES);
      break;
    case 2:
      tokens.splice(k, 1);
      break;
    case 3:
      tokens.splice(k, 0, tokens[k]!);
      break;
    case 4:
      tokens.splice(k, 0, random.pick(VALUES));
      break;
    case 5:
      if (k + 1 < tokens.length) [tokens[k], tokens[k + 1]] = [tokens[k + 1]!, tokens[k]!];
      break;
    default: {
      const t = tokens[k]!;
      const i = random.int(t.length + 1);
      tokens[k] = t.slice(0, i) + random.pick(CHARACTERS) + t.slice(i + random.int(2));
    }
  }
  lines[at] = tokens.join(" ");
  return lines.join("\n");
}

describe("the quick pass", () => {
  it("answers for kube-proxy's rulesets, reading the lines it does not know with the general parser", () => {
    expect(quickCheck(KUBE)).toEqual(verdictOfParse(KUBE));
    for (const file of ["kube-1000.v4", "kube-5000.v4"]) {
      const text = readFileSync(join(PERF, file), "utf8");
      expect(quickCheck(text)).toEqual(verdictOfParse(text));
    }
  });

  it("accepts no line the full parse refuses or reads differently (3,000 one-line mutants of a kube ruleset)", () => {
    const random = rng(2026);
    let answered = 0;
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const text = mutant(random);
      const verdict = verdictOfParse(text);
      if (verdict.diagnostics.length > 0) refused++;
      const quick = quickCheck(text);
      if (quick === null) continue;
      answered++;
      expect(quick, text).toEqual(verdict);
    }
    // The mutants reach both sides: many are refused by the parse, many are still answered here.
    expect(refused).toBeGreaterThan(1500);
    expect(answered).toBeGreaterThan(150);
  });

  it("takes a value only where the full parse does (each value slot, 400 values each)", () => {
    const edges = ["", "0", "00", "1", "01", "08", "9", "32", "33", "255", "256", "65535", "65536", "4294967295"];
    const random = rng(13);
    const alphabet = "0123456789./:x,-aAfFgNEWSTABLISHD";
    const values = (base: string[]) => [
      ...base,
      ...Array.from({ length: 400 }, () => {
        // A known good value with an edge number or a stray character put in, or noise.
        const v = random.pick(base);
        if (random.int(3) === 0)
          return Array.from({ length: random.int(12) }, () => random.pick([...alphabet])).join("");
        const i = random.int(v.length + 1);
        const what = random.int(2) === 0 ? random.pick(edges) : random.pick([...alphabet]);
        return v.slice(0, i) + what + v.slice(i + random.int(4));
      }),
    ];
    const nat = (rule: string) =>
      `*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:X - [0:0]\n${rule}\nCOMMIT\n`;
    const slots: [string[], (v: string) => string][] = [
      [["10.0.0.0/8", "1.2.3.4", "255.255.255.255/32"], (v) => nat(`-A X -s ${v} -d ${v} -j RETURN`)],
      [["80", "1", "65535"], (v) => nat(`-A X -p tcp -m tcp --sport ${v} --dport ${v} -j RETURN`)],
      [["0.50000000000", "1", "0", "1.0"], (v) => nat(`-A X -m statistic --mode random --probability ${v}`)],
      [["NEW", "RELATED,ESTABLISHED", "DNAT"], (v) => nat(`-A X -m conntrack --ctstate ${v} -j RETURN`)],
      [["0x4000/0x4000", "0x1", "0xffffffff"], (v) => nat(`-A X -m mark ! --mark ${v} -j RETURN`)],
      [["10.0.0.1:80", "10.0.0.1"], (v) => nat(`-A PREROUTING -p tcp -j DNAT --to-destination ${v}`)],
      [["10.0.0.1", "10.0.0.1:1024"], (v) => nat(`-A POSTROUTING -p udp -j SNAT --to-source ${v}`)],
      [["[0:0]", "[12:3456]"], (v) => nat(`${v} -A X -j RETURN\n:Y - ${v}`)],
      [["eth0", "lo", "veth1234567890a"], (v) => nat(`-A PREROUTING -i ${v} -j X\n-A POSTROUTING -o ${v} -j X`)],
      [["0x4000/0x4000", "0x4000/0x0", "0xffffffff"], (v) => nat(`-A X -j MARK --set-xmark ${v}`)],
      [
        ["LOCAL", "UNICAST"],
        (v) => nat(`-A X -m addrtype --dst-type ${v} -j RETURN\n-A X -m addrtype ! --src-type ${v}`),
      ],
      [["--random-fully", ""], (v) => nat(`-A POSTROUTING -j MASQUERADE ${v}\n-A X -j MASQUERADE ${v}`)],
    ];
    let answered = 0;
    let refused = 0;
    for (const [base, text] of slots) {
      for (const v of values(base)) {
        const verdict = verdictOfParse(text(v));
        if (verdict.diagnostics.length > 0) refused++;
        const quick = quickCheck(text(v));
        if (quick === null) continue;
        answered++;
        expect(quick, text(v)).toEqual(verdict);
      }
    }
    expect(refused).toBeGreaterThan(2000);
    expect(answered).toBeGreaterThan(700);
  });

  it("reads a line's target as the full parse does where its comment says -j or -g too", () => {
    const lines = [
      '-A X -m comment --comment "to -j Y" -j Y',
      '-A X -m comment --comment "to -j Y"',
      '-A X -m comment --comment "to -g Y" -j RETURN',
      "-A X -m comment --comment -j -j Y",
      "-A X -m comment --comment x -g Y",
      '-A X -m comment --comment "x -j NOPE" -g Y',
      '-A X -m comment --comment "-j Y"',
      "-A X -j Y -j RETURN",
      "-A X  -j Y",
      "-A X -j Y ",
      "-A X -j NOPE",
      "-A X -g ACCEPT",
    ];
    for (const line of lines) {
      const text = `*filter\n:INPUT ACCEPT [0:0]\n:X - [0:0]\n:Y - [0:0]\n${line}\nCOMMIT\n`;
      const verdict = verdictOfParse(text);
      const quick = quickCheck(text);
      if (verdict.diagnostics.length === 0) expect(quick, line).toEqual(verdict);
      else expect(quick, line).toBeNull();
    }
  });

  it("leaves the text to the full check for a table restored twice, a chain declared twice, an -I", () => {
    const table = KUBE.slice(KUBE.indexOf("*filter"));
    expect(quickCheck(KUBE + table)).toBeNull();
    expect(
      quickCheck(KUBE.replace(":KUBE-FORWARD - [0:0]", ":KUBE-FORWARD - [0:0]\n:KUBE-FORWARD - [0:0]")),
    ).toBeNull();
    expect(quickCheck(KUBE.replace("-A FORWARD -j KUBE-FORWARD", "-I FORWARD -j KUBE-FORWARD"))).toBeNull();
  });

  it("tells chains from targets by names no longer than TARGET_NAME_LIMIT", () => {
    const names = [...PLAIN_TARGETS.keys(), ...TARGET_MODULES.keys(), ...KNOWN_EXTENSION_TARGETS, "DNAT", "SNAT"];
    for (const name of names) expect(name.length, name).toBeLessThanOrEqual(TARGET_NAME_LIMIT);
  });
});
