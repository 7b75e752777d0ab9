import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawControls } from "./raw-control";

const root = join(import.meta.dirname, "..", "..", "..");
const nfx = join(root, "node_modules", ".bin", "nfx");
const dir = mkdtempSync(join(tmpdir(), "nfx-cli-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function run(...args: string[]) {
  return runWith({}, ...args);
}

function runWith(opts: { input?: string | Buffer; env?: Record<string, string> }, ...args: string[]) {
  const r = spawnSync(nfx, args, {
    encoding: "utf8",
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
    ...(opts.input === undefined ? {} : { input: opts.input }),
    env: { ...process.env, ...opts.env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  spawnSync(process.execPath, [join(root, "scripts", "build-cli.mjs")], { cwd: root });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("nfx check", () => {
  it("says where each error is, like iptables-restore, and exits 1", () => {
    const rules = file(
      "bad.v4",
      "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 10.0.0.300 -j ACCEPT\n-A INPUT --bogus -j ACCEPT\nCOMMIT\n",
    );
    const r = run("check", rules);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${rules}:3:`);
    expect(r.err).toContain("10.0.0.300");
    expect(r.err).toContain(`${rules}:4:`);
    expect(r.err).toContain('unknown option "--bogus"');
    expect(r.err).not.toMatch(/at .*\.js:\d+/);
  });

  it("finds a chain loop", () => {
    const rules = file(
      "loop.v4",
      "*filter\n:INPUT ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -j A\nCOMMIT\n",
    );
    const r = run("check", rules);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/loop|Too many links/);
  });

  it("accepts a good ruleset and says what it holds", () => {
    const rules = file(
      "good.v4",
      "*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.2\nCOMMIT\n",
    );
    const r = run("check", rules);
    expect(r.code).toBe(0);
    expect(r.out).toContain("1 table, 1 chain, 1 rule");
  });
});

describe("nfx fmt", () => {
  it("prints an iptables-save file back unchanged", () => {
    const text =
      "*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n";
    const r = run("fmt", file("ok.v4", text));
    expect(r.code).toBe(0);
    expect(r.out).toBe(text);
  });
});

describe("nfx fmt and nfx check on nftables", () => {
  const golden = join(root, "packages", "nftables", "test", "golden");
  const listing = readFileSync(join(golden, "home-router.listing.nft"), "utf8").replace(/ # handle \d+/g, "");

  it("prints nft -f input as the kernel's nft list ruleset does", () => {
    const r = run("fmt", join(golden, "home-router.input.nft"));
    expect(r.code).toBe(0);
    expect(r.out).toBe(listing);
  });

  it("prints nft -j JSON as nft text", () => {
    const r = run("fmt", join(golden, "home-router.listing.json"));
    expect(r.code).toBe(0);
    expect(r.out).toBe(listing);
  });

  it("says where an nft error is, in nft's words, and exits 1", () => {
    const rules = file(
      "bad.nft",
      "table inet f {\n\tchain input {\n\t\ttype filter hook input priority 0;\n\t\tip saddr @nope accept\n\t\tjump missing\n\t}\n}\n",
    );
    const r = run("check", rules);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${rules}:4:12: error: No such file or directory`);
    expect(r.err).toContain(`${rules}:5:8: error: Could not process rule: No such file or directory`);
  });

  it("accepts a good nft ruleset and says what it holds, and which tables are not simulated", () => {
    const r = run("check", join(golden, "other-families.input.nft"));
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "4 tables, 6 chains, 5 rules, 0 sets (nft); kept but not simulated: ip6 filter6, bridge br, arp arpf",
    );
  });
});

describe("nfx trace", () => {
  it("prints the kernel-shaped answer for a scenario", () => {
    const scenario = join(root, "conformance", "kernel", "nat-dnat-local-port.scenario.json");
    const r = run("trace", scenario, "--json");
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out);
    const kernel = JSON.parse(readFileSync(scenario.replace(".scenario.", ".expected."), "utf8"));
    expect(got.packets.map((p: { trace: string[] }) => p.trace)).toEqual(
      kernel.packets.map((p: { trace: string[] }) => p.trace),
    );
  });

  it("prints a readable trace for a person", () => {
    const r = run("trace", join(root, "conformance", "kernel", "filter-reject-tcp-reset.scenario.json"));
    expect(r.code).toBe(0);
    expect(r.out).toContain("filter:INPUT:rule:1:DROP");
    expect(r.out).toContain("answer from the host: tcp 10.0.0.1:23 > 10.0.0.2:40000 [RA]");
  });

  it("rejects a broken scenario with the path of each problem, not a stack trace", () => {
    const bad = file(
      "bad.json",
      JSON.stringify({
        host: { interfaces: [{ name: "eth0", addr: "300.1.1.1/24" }] },
        ruleset: "",
        packets: [{ from: "eth0", proto: "tcp", src: "1.2.3.4", dst: "x" }],
      }),
    );
    const r = run("trace", bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain("host.interfaces[0].addr");
    expect(r.err).toContain("packets[0].dst");
    expect(r.err).not.toMatch(/at .*\.js:\d+/);
  });

  it("says which line of the scenario's ruleset is wrong", () => {
    const bad = file(
      "badrules.json",
      JSON.stringify({
        host: { interfaces: [{ name: "eth0", addr: "10.0.0.1/24" }] },
        ruleset: "*filter\n-A INPUT -j NOPE\nCOMMIT\n",
        packets: [],
      }),
    );
    const r = run("trace", bad);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/ruleset\):\d+:\d+/);
  });

  it("reports a missing file plainly", () => {
    const r = run("trace", join(dir, "nope.json"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("no such file");
  });
});

describe("nfx url", () => {
  it("makes a link that decodes back to the same scenario", () => {
    const scenario = join(root, "conformance", "kernel", "nat-masquerade.scenario.json");
    const made = run("url", scenario);
    expect(made.code).toBe(0);
    const fragment = made.out.trim();
    expect(fragment).toMatch(/^s1\.[A-Za-z0-9_-]+$/);
    const back = run("url", "--decode", `http://localhost:4173/#${fragment}`);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.out)).toEqual(JSON.parse(readFileSync(scenario, "utf8")));
  });

  it("says why a damaged link cannot be opened", () => {
    const r = run("url", "--decode", "s1.AAAA");
    expect(r.code).toBe(1);
    expect(r.err).toContain("damaged");
  });
});

/** A terminal title sequence (OSC 0 ... BEL), a clear-screen (CSI 2J, 7-bit and C1) and a newline. */
const HOSTILE = "\x1b]0;pwned\x07\x1b[2J\u009b2J\n";
const ESCAPED = "\\x1b]0;pwned\\x07\\x1b[2J\\x9b2J\\n";

describe("user text is printed with its control characters escaped", () => {
  const host = { interfaces: [{ name: "eth0", addr: "10.0.0.1/24" }], conntrack: "auto" };
  const ssh = { from: "eth0", proto: "tcp", src: "10.0.0.2", sport: 40000, dst: "10.0.0.1", dport: 22 };

  it("in a diagnostic of nfx check: the rule's text is escaped and the diagnostic stays on one line", () => {
    const rules = file("hostile.v4", `*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ${HOSTILE.trimEnd()}x\nCOMMIT\n`);
    const r = run("check", rules);
    expect(r.code).toBe(1);
    expect(rawControls(r.err)).toEqual([]);
    const line = r.err.split("\n").find((l) => l.startsWith(`${rules}:3:`));
    expect(line).toContain("\\x1b]0;pwned\\x07\\x1b[2J\\x9b2J");
  });

  it("in nfx check's file name", () => {
    const r = run("check", join(dir, `missing${HOSTILE}.v4`));
    expect(r.code).toBe(2);
    expect(rawControls(r.err)).toEqual([]);
    expect(r.err).toContain(`missing${ESCAPED}.v4: no such file`);
  });

  it("in a scenario's invalid field, which nfx trace quotes in its error", () => {
    const bad = file(
      "hostile-field.json",
      JSON.stringify({ host: { interfaces: [{ name: "eth0", addr: `${HOSTILE}/24` }] }, ruleset: "", packets: [] }),
    );
    const r = run("trace", bad);
    expect(r.code).toBe(1);
    expect(rawControls(r.err)).toEqual([]);
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
    expect(r.err).toContain("host.interfaces[0].addr");
  });

  it("in a human trace: a chain name from the ruleset", () => {
    const ruleset = `*filter\n:INPUT ACCEPT [0:0]\n:\u009b2J - [0:0]\n-A INPUT -j \u009b2J\nCOMMIT\n`;
    const scenario = file("hostile-chain.json", JSON.stringify({ host, ruleset, packets: [ssh] }));
    const r = run("trace", scenario);
    expect(r.code).toBe(0);
    expect(rawControls(r.out)).toEqual([]);
    expect(r.out).toContain("filter:INPUT:rule:1:JUMP:\\x9b2J");
  });

  it("in nfx trace --json and nfx url --decode, as JSON that reads back as the same text", () => {
    const ruleset = `*filter\n:INPUT ACCEPT [0:0]\n:\u009b2J - [0:0]\n-A INPUT -j \u009b2J\nCOMMIT\n`;
    const doc = { version: 1, description: HOSTILE, host, ruleset, packets: [ssh] };
    const scenario = file("hostile-json.json", JSON.stringify(doc));
    const traced = run("trace", scenario, "--json");
    expect(traced.code).toBe(0);
    expect(rawControls(traced.out)).toEqual([]);
    expect(JSON.parse(traced.out).packets[0].trace[0]).toBe("filter:INPUT:rule:1:JUMP:\u009b2J");
    const link = run("url", scenario).out.trim();
    const decoded = run("url", "--decode", link);
    expect(decoded.code).toBe(0);
    expect(rawControls(decoded.out)).toEqual([]);
    expect(JSON.parse(decoded.out).description).toBe(HOSTILE);
  });
});

describe("inputs over the size limit are refused, saying how to raise it", () => {
  it("refuses a 5 GiB scenario file from its size, before reading it", () => {
    const big = join(dir, "huge.scenario.json");
    writeFileSync(big, "");
    truncateSync(big, 5 * 1024 ** 3); // sparse: no disk used, and nothing to read if the size check is skipped
    const started = performance.now();
    const r = run("trace", big);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${big} is 5 GiB, more than the 256 MiB limit for an input; it was not read.`);
    expect(r.err).toContain("--max-input-size 7G (or NFX_MAX_INPUT=7G)");
    expect(r.err).not.toMatch(/at .*\.js:\d+/);
  });

  it("stops reading standard input at the limit", () => {
    const r = runWith({ input: Buffer.alloc(3 * 1024 * 1024, 0x20) }, "check", "-", "--max-input-size", "1M");
    expect(r.code).toBe(2);
    expect(r.err).toContain("standard input is over the 1 MiB limit for an input; reading stopped there.");
    expect(r.err).toContain("--max-input-size");
  });

  it("takes the limit from NFX_MAX_INPUT, and --max-input-size over it", () => {
    const rules = file(
      "small.v4",
      `*filter\n:INPUT ACCEPT [0:0]\n${"-A INPUT -p tcp --dport 22 -j ACCEPT\n".repeat(100)}COMMIT\n`,
    );
    const refused = runWith({ env: { NFX_MAX_INPUT: "1K" } }, "check", rules);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("more than the 1 KiB limit");
    const raised = runWith({ env: { NFX_MAX_INPUT: "1K" } }, "check", "--max-input-size=1M", rules);
    expect(raised.code).toBe(0);
    expect(raised.out).toContain("100 rules");
  });

  it("admits a ruleset the size of a 700,000-line Kubernetes node dump by default", () => {
    const line = "-A KUBE-SEP-ABCDEFGHIJKLMNOP -p tcp -m comment --comment ns/svc:port -j ACCEPT\n";
    const text = `*filter\n:KUBE-SEP-ABCDEFGHIJKLMNOP - [0:0]\n${line.repeat(Math.ceil((80 * 1024 ** 2) / line.length))}COMMIT\n`;
    expect(text.length).toBeGreaterThan(80 * 1024 ** 2);
    const r = run("check", file("node-dump.v4", text));
    expect(r.err).not.toContain("limit");
    expect(r.code).toBe(0);
  }, 120_000);

  it("says plainly when the limit given is not a size", () => {
    const r = run("check", "--max-input-size", "lots", "x.v4");
    expect(r.code).toBe(2);
    expect(r.err).toContain('--max-input-size: "lots" is not a size like 512M or 2G');
  });
});

describe("nfx trace --explain", () => {
  it("says, before each trace line, why each rule passed did not match and why the matching one did", () => {
    const r = run(
      "trace",
      join(root, "conformance/corpus/filter/filter-addrtype-local-broadcast.scenario.json"),
      "--explain",
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "    filter:INPUT: rule 1 passed: --dst-type LOCAL fails (packet: BROADCAST)\n" +
        "    filter:INPUT: rule 2 passed: -p icmp fails (packet: udp)\n" +
        "  filter:INPUT:policy:DROP\n",
    );
    expect(r.out).toContain(
      "filter:INPUT: rule 1 matched: -p udp holds (packet: udp); --dst-type LOCAL holds (packet: LOCAL); target: accepted",
    );
  });

  it("says what decided a statistic match: the rule's counter, as its outcome shows", () => {
    const r = run("trace", join(root, "conformance/corpus/filter/filter-statistic-nth.scenario.json"), "--explain");
    expect(r.code).toBe(0);
    const counter = "--every 3 --packet 0 %s (the rule's counter: packet 0 of every 3, as the rule's outcome shows)";
    expect(r.out).toContain(`rule 1 matched: -p udp holds (packet: udp); ${counter.replace("%s", "holds")}`);
    expect(r.out).toContain(`rule 1 passed: ${counter.replace("%s", "fails")}`);
  });
});
