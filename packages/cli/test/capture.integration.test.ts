/**
 * `nfx capture` on a host built in network namespaces (see capture-host.ts): the capture reads back the host
 * that was built; tracing the captured scenario gives the live kernel's answer for the same packets (the
 * recorder rebuilds the host from the scenario); `--redact` leaves no original address, name or comment and
 * traces the same. Needs root and the tools (see the recorder's preflight); skipped otherwise.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { captureDocument, captureHost, recordingReader, redactCapture } from "@nfx/capture";
import { preflight, recordScenario } from "@nfx/recorder";
import { type Answer, answerDifferences, runScenario, type Scenario, toAnswer, validateScenario } from "@nfx/scenario";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveReader } from "../src/commands/capture-reader";
import { BUILT, CaptureHost, FREE_TEXT, HOSTNAME, NATIVE_NFT, PACKETS, PUBLIC, RULESET } from "./capture-host";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const FIXTURE = join(root, "packages/capture/test/fixtures/docker-kube-host.readings.json");
const check = preflight();
const missing = ["ss", "iptables-save", "unshare", "setpriv"].filter(
  (cmd) => spawnSync(cmd, ["--version"], { encoding: "utf8" }).error !== undefined,
);
const why = !check.ok
  ? `cannot build a host here: ${check.problems.map((p) => `${p.what} (${p.fix})`).join("; ")}`
  : missing.length
    ? `missing ${missing.join(", ")}`
    : "";
if (why) console.warn(`[capture integration] skipped: ${why}`);

/**
 * Every command of the capture runs inside the host's namespace, with the host's own name (a UTS namespace),
 * as root or as `nobody`.
 */
const inside = (ns: string, user: "root" | "nobody" = "root") => [
  "ip",
  "netns",
  "exec",
  ns,
  "unshare",
  "--uts",
  "sh",
  "-c",
  `hostname ${HOSTNAME} && exec ${user === "nobody" ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : ""}"$0" "$@"`,
];

function nfx(ns: string, args: readonly string[], user: "root" | "nobody" = "root") {
  const [cmd, ...prefix] = inside(ns, user);
  const r = spawnSync(cmd!, [...prefix, process.execPath, "--import", "tsx", "packages/cli/src/main.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ruleLines = (text: string) =>
  text
    .split("\n")
    .filter((l) => /^(\[\d+:\d+\] )?-A /.test(l))
    .map((l) => l.replace(/^\[\d+:\d+\] /, ""))
    .sort();

/** The rule lines of nft text, without handles and counters. */
const nftRules = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim().replace(/ # handle \d+$/, ""))
    .filter((l) => /(drop|accept)( comment ".*")?$/.test(l) && !l.startsWith("type "));

const byJson = <T>(list: readonly T[]) => [...list].map((x) => JSON.stringify(x)).sort();

function validated(doc: unknown): Scenario {
  const checked = validateScenario(doc);
  if (!checked.ok) throw new Error(checked.errors.map((e) => `${e.path}: ${e.message}`).join("; "));
  return checked.value;
}

function engineAnswer(scenario: Scenario): Answer {
  const run = runScenario(scenario);
  if (run.kind !== "ran") throw new Error(`the scenario does not run: ${run.kind}`);
  return toAnswer(run.result);
}

describe.skipIf(why !== "")("nfx capture of a host built in network namespaces", () => {
  const host = new CaptureHost();
  const dir = mkdtempSync(join(tmpdir(), "nfxc-"));
  let plain: { status: number | null; stderr: string; text: string };
  let redacted: { status: number | null; stderr: string; text: string };

  beforeAll(async () => {
    try {
      host.build();
      await host.ready();
      const run = (file: string, extra: string[]) => {
        const r = nfx(host.ns, ["capture", "-o", join(dir, file), ...extra]);
        return {
          status: r.status,
          stderr: r.stderr,
          text: r.status === null ? "" : readFileSync(join(dir, file), "utf8"),
        };
      };
      plain = run("host.json", []);
      redacted = run("redacted.json", ["--redact"]);
    } catch (e) {
      host.destroy();
      throw e;
    }
  }, 120_000);

  afterAll(() => {
    host.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads back the host that was built, and says what it left out", () => {
    expect(plain.stderr).not.toMatch(/could not read/);
    expect(plain.status).toBe(0);
    const checked = validateScenario(JSON.parse(plain.text));
    expect(checked.ok).toBe(true);
    const s = (checked as { value: Scenario }).value;
    expect(s.name).toBe(`capture-${HOSTNAME}`);
    expect(s.host.interfaces.map(({ name, addr }) => ({ name, addr }))).toEqual(BUILT.interfaces);
    for (const i of s.host.interfaces) expect(i.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(byJson(s.host.routes)).toEqual(byJson(BUILT.routes));
    expect(byJson(s.host.listen)).toEqual(byJson(BUILT.listen));
    // Only what differs from the kernel's defaults, by the sysctl names; not the older ip_forward field.
    expect(JSON.parse(plain.text).host).not.toHaveProperty("ip_forward");
    expect(s.host.sysctl).toEqual({ "net.ipv4.ip_forward": 1 });
    expect(s.host.conntrack).toBe(BUILT.conntrack);
    expect(ruleLines(s.ruleset)).toEqual(ruleLines(RULESET));
    // The native table, with nft's handles; iptables-nft's tables only once (from iptables-save).
    expect(nftRules(s.nftables ?? "")).toEqual(nftRules(NATIVE_NFT));
    expect(s.nftables).toMatch(/^table inet nfxfw \{ # handle \d+$/m);
    expect(s.nftables).not.toMatch(/^table ip (filter|nat|mangle)/m);
    expect(s.ruleset).toMatch(/^\[\d+:\d+\] -A /m); // with counters
    expect(s.packets).toEqual([]);
    // Read but not representable: named on stderr.
    expect(plain.stderr).toMatch(/policy rule "1100: from 10\.99\.0\.0\/24 lookup 100"/);
    expect(plain.stderr).toMatch(/two routes to 0\.0\.0\.0\/0.*lower metric/);
    expect(plain.stderr).toMatch(/IPv6-only sockets.*\[::\]:8443/);
  });

  it("traces the captured scenario as the live kernel runs it (nfx trace = nfx record)", {
    timeout: 120_000,
  }, async () => {
    // As nfx reads a file: validated (which derives the older ip_forward field from host.sysctl).
    const scenario = validated({ ...JSON.parse(plain.text), packets: PACKETS });
    const engine = engineAnswer(scenario);
    // The paths this host decides, so that agreement is about something.
    expect(engine.packets.map((p) => [p.fate, p.egress?.dev ?? null])).toEqual([
      ["local", null],
      ["dropped", null],
      ["forwarded", "docker0"],
      ["forwarded", "eth1"],
      ["forwarded", "eth0"],
      ["dropped", null],
      ["sent", "eth1"],
      ["forwarded", "eth1"],
      ["dropped", null],
      ["local", null],
    ]);
    const kernel = await recordScenario(scenario);
    expect(answerDifferences(kernel, engine)).toEqual([]);
  });

  it("--redact leaves no original address, interface name, comment, MAC or host name", () => {
    expect(redacted.status).toBe(0);
    const original = JSON.parse(plain.text) as Scenario;
    const secrets = [
      ...PUBLIC,
      ...BUILT.interfaces.map((i) => i.name),
      ...FREE_TEXT,
      HOSTNAME,
      ...original.host.interfaces.map((i) => i.mac!),
    ];
    for (const secret of secrets) {
      expect(redacted.text.toLowerCase(), secret).not.toContain(secret.toLowerCase());
      expect(redacted.stderr.toLowerCase(), secret).not.toContain(secret.toLowerCase());
    }
    // Private structure is kept: Docker's bridge network, the cluster's service address.
    expect(redacted.text).toContain("172.17.0.1/16");
    expect(redacted.text).toContain("10.96.0.10/32");
    // The native nft table is redacted like the iptables rules: its interface, comment, prefix and address.
    expect(JSON.parse(redacted.text).nftables).toMatch(
      /iifname "if\d+" tcp dport 23 log prefix "log-\d+ " drop comment "comment-\d+"/,
    );
    expect(validateScenario(JSON.parse(redacted.text)).ok).toBe(true);
  });

  it("runs as a user who is not root: says what it could not read and writes the rest", { timeout: 60_000 }, () => {
    const r = nfx(host.ns, ["capture"], "nobody");
    expect(r.stderr).toMatch(/not root/);
    expect(r.stderr).toMatch(
      /could not read iptables-save -c: .*Permission denied.*; the scenario has an empty ruleset/,
    );
    expect(r.status).toBe(1);
    const checked = validateScenario(JSON.parse(r.stdout));
    expect(checked.ok).toBe(true);
    const s = (checked as { value: Scenario }).value;
    expect(s.ruleset).toBe("");
    expect(s.host.interfaces.map(({ name, addr }) => ({ name, addr }))).toEqual(BUILT.interfaces);
    expect(byJson(s.host.routes)).toEqual(byJson(BUILT.routes));
  });

  it("--redact traces every packet as the original does, and the kernel agrees", { timeout: 120_000 }, async () => {
    const recording = recordingReader(liveReader(inside(host.ns)));
    const raw = captureHost(recording.reader);
    // NFX_WRITE_CAPTURE_FIXTURE=1 stores what was read as the fixture of the capture package's unit tests.
    if (process.env.NFX_WRITE_CAPTURE_FIXTURE === "1")
      writeFileSync(FIXTURE, `${JSON.stringify(recording.readings, null, 2)}\n`);
    const r = redactCapture(raw);
    // The same capture a moment later: only iptables-save's "# Generated ... on DATE" lines differ.
    const undated = (text: string) => text.replace(/ on \w{3} \w{3} +\d+ [\d:]+ \d{4}/g, " on DATE");
    expect(undated(`${JSON.stringify(captureDocument(r.scenario), null, 2)}\n`)).toBe(undated(redacted.text));
    const map = r.redactAddresses;
    const packets = PACKETS.map((p) => ({
      ...p,
      from: p.from === "local" ? p.from : r.redactInterface(p.from),
      src: map(p.src),
      dst: map(p.dst),
    }));
    const before = engineAnswer({ ...raw.scenario, packets: PACKETS });
    const after = engineAnswer({ ...r.scenario, packets });
    expect(after.packets.map((p) => [p.fate, p.trace])).toEqual(before.packets.map((p) => [p.fate, p.trace]));
    expect(after.packets.map((p) => p.egress?.dev ?? null)).toEqual(
      before.packets.map((p) => (p.egress ? r.redactInterface(p.egress.dev) : null)),
    );
    expect(after.packets.map((p) => p.headers)).toEqual(before.packets.map((p) => p.headers.map(map)));
    // The redacted host still builds and runs on the kernel as the engine says.
    const kernel = await recordScenario({ ...r.scenario, packets });
    expect(answerDifferences(kernel, after)).toEqual([]);
  });
});
