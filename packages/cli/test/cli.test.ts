import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..");
const nfx = join(root, "node_modules", ".bin", "nfx");
const dir = mkdtempSync(join(tmpdir(), "nfx-cli-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function run(...args: string[]) {
  const r = spawnSync(nfx, args, { encoding: "utf8", cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  spawnSync(process.execPath, [join(root, "scripts", "build-cli.mjs")], { cwd: root });
});

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
