import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RecordedReadings, recordedReader } from "@nfx/capture";
import { decodeShareLink, type Scenario, validateScenario } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import { captureWith } from "../src/commands/capture";
import type { Io } from "../src/io";

const recorded = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../capture/test/fixtures/docker-kube-host.readings.json"), "utf8"),
) as RecordedReadings;

function capture(args: string[], readings: RecordedReadings = recorded) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (line) => out.push(`${line}\n`),
    err: (line) => err.push(`${line}\n`),
    data: (text) => out.push(text),
    read: () => {
      throw new Error("nfx capture reads no file");
    },
  };
  const code = captureWith(recordedReader(readings), args, io);
  return { code, out: out.join(""), err: err.join("") };
}

describe("nfx capture (on recorded readings)", () => {
  it("prints the scenario on stdout and a summary on stderr", () => {
    const r = capture([]);
    expect(r.code).toBe(0);
    expect(validateScenario(JSON.parse(r.out)).ok).toBe(true);
    expect(r.err).toMatch(/capture: 3 interfaces, 4 routes, 2 listening sockets, 39 rules\n/);
    expect(r.err).toMatch(/capture: not in the scenario: IPv6-only sockets are not simulated: tcp \[::\]:8443/);
  });

  it("writes -o FILE and, redacted, names no interface of the host", () => {
    const file = join(mkdtempSync(join(tmpdir(), "nfx-capture-")), "host.json");
    const r = capture(["-o", file, "--redact"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect(r.err).toContain(`capture: wrote ${file} (3 interfaces, 4 routes, 2 listening sockets, 39 rules, redacted)`);
    const text = readFileSync(file, "utf8");
    expect(validateScenario(JSON.parse(text)).ok).toBe(true);
    expect(`${text}${r.err}`).not.toMatch(/eth0|eth1|docker0|85\.214\.10/);
  });

  it("without root: says what it could not read, still writes the rest, exits 1", () => {
    const r = capture([], {
      ...recorded,
      "iptables-save": { ok: false, why: "iptables-save v1.8.9 (nf_tables): Permission denied (you must be root)\n" },
    });
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "capture: could not read iptables-save -c: iptables-save v1.8.9 (nf_tables): Permission denied (you must be root); the scenario has an empty ruleset (every chain ACCEPTs)",
    );
    expect(JSON.parse(r.out).host.interfaces).toHaveLength(3);
  });

  it("--url prints a link that opens the (redacted) capture in the app", () => {
    const r = capture(["--url", "--redact"]);
    expect(r.code).toBe(0);
    const link = r.out.trim();
    expect(link).toMatch(/^http:\/\/localhost:4173\/#\S+$/);
    const decoded = decodeShareLink(link.slice(link.indexOf("#") + 1));
    expect(decoded.ok).toBe(true);
    const s = (decoded as { value: { scenario: Scenario } }).value.scenario;
    expect(s.host.interfaces.map((i) => i.name)).toEqual(["if0", "if1", "if2"]);
    expect(r.err).toMatch(/never sent to a server/);
    expect(capture(["--url"]).err).toMatch(/add --redact before sharing it/);
  });

  it("refuses unknown arguments with its usage", () => {
    for (const args of [["--bogus"], ["-o"], ["host.json"]]) {
      const r = capture(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toMatch(/^usage: nfx capture/);
    }
  });
});
