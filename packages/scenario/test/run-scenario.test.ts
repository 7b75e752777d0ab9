import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkKernelAnswer, runScenario, toAnswer, validateScenario } from "../src";
import { CONFORMANCE, filesUnder } from "./corpus-files";

const json = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));

const HOST = { interfaces: [{ name: "eth0", addr: "10.0.0.1/24" }], conntrack: "auto" };
const SSH = { from: "eth0", proto: "tcp", src: "10.0.0.2", sport: 40000, dst: "10.0.0.1", dport: 22 };
const DROP_SSH = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j DROP\nCOMMIT\n";

describe("runScenario", () => {
  it("runs a valid scenario and gives the engine's result", () => {
    const run = runScenario({ host: HOST, ruleset: DROP_SSH, packets: [SSH] });
    expect(run.kind).toBe("ran");
    if (run.kind !== "ran") return;
    expect(run.result.packets[0]!.trace).toEqual(["filter:INPUT:rule:1:DROP"]);
    expect(run.result.packets[0]!.fate).toBe("dropped");
  });

  it("returns every problem of an invalid document with its JSON path, without running anything", () => {
    const run = runScenario({
      host: HOST,
      ruleset: DROP_SSH,
      packets: [
        { ...SSH, dst: "10.0.0.300" },
        { ...SSH, dport: 70000 },
      ],
    });
    expect(run.kind).toBe("invalid-scenario");
    if (run.kind !== "invalid-scenario") return;
    expect(run.errors.map((e) => e.path)).toEqual(["packets[0].dst", "packets[1].dport"]);
  });

  it("refuses a ruleset with errors, saying line and column, as iptables-restore would not load it", () => {
    const ruleset = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j NOPE\nCOMMIT\n";
    const run = runScenario({ host: HOST, ruleset, packets: [SSH] });
    expect(run.kind).toBe("invalid-ruleset");
    if (run.kind !== "invalid-ruleset") return;
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatchObject({ line: 3, severity: "error" });
    expect(run.errors[0]!.column).toBeGreaterThan(1);
  });

  it("runs the lines that parsed when asked to, with the errors beside the result (the app's live editing)", () => {
    const ruleset =
      "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j NOPE\n-A INPUT -p tcp -j DROP\nCOMMIT\n";
    const run = runScenario({ host: HOST, ruleset, packets: [SSH] }, { rulesetErrors: "run-the-rest" });
    expect(run.kind).toBe("ran");
    if (run.kind !== "ran") return;
    expect(run.parsed.diagnostics.filter((d) => d.severity === "error").map((d) => d.line)).toEqual([3]);
    expect(run.result.packets[0]!.trace).toEqual(["filter:INPUT:rule:1:DROP"]);
  });

  it("uses the scenario's seed, and a seed given as an option replaces it", () => {
    const ruleset =
      "*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -m statistic --mode random --probability 0.5 -j DNAT --to-destination 10.0.0.9\nCOMMIT\n";
    const packets = Array.from({ length: 24 }, (_, i) => ({ ...SSH, sport: 40000 + i }));
    const fates = (doc: object, seed?: number) => {
      const run = runScenario({ host: HOST, ruleset, packets, ...doc }, seed === undefined ? {} : { seed });
      if (run.kind !== "ran") throw new Error(run.kind);
      return run.result.packets.map((p) => p.trace.join(" "));
    };
    expect(fates({ seed: 5 })).toEqual(fates({}, 5));
    expect(fates({ seed: 5 }, 6)).toEqual(fates({}, 6));
    expect(fates({}, 5)).not.toEqual(fates({}, 6));
  });

  it("pins statistic outcomes computed from the parsed ruleset", () => {
    const ruleset =
      "*nat\n:PREROUTING ACCEPT [0:0]\n:SVC - [0:0]\n-A PREROUTING -p tcp -j SVC\n-A SVC -m statistic --mode random --probability 0.5 -j DNAT --to-destination 10.0.0.9\nCOMMIT\n";
    const packets = Array.from({ length: 8 }, (_, i) => ({ ...SSH, sport: 41000 + i }));
    const chains: string[] = [];
    const run = runScenario(
      { host: HOST, ruleset, packets },
      {
        statisticPins: (parsed) => {
          chains.push(...parsed.ruleset.tables.flatMap((t) => t.chains.map((c) => c.name)));
          return new Map([["nat:SVC:1", true]]);
        },
      },
    );
    if (run.kind !== "ran") throw new Error(run.kind);
    expect(chains).toContain("SVC");
    expect(run.result.packets.map((p) => p.trace[1])).toEqual(packets.map(() => "nat:SVC:rule:1:ACCEPT"));
  });
});

describe("the scenario and answer formats match the kernel's recordings, both ways", () => {
  it("keeps every field of every recorded scenario: none is dropped as unknown", () => {
    for (const file of filesUnder(CONFORMANCE, ".scenario.json")) {
      const raw = json(file);
      const checked = validateScenario(raw);
      expect(checked.ok, file).toBe(true);
      // An nftables-only scenario reads with `ruleset: ""` (no iptables ruleset), by design.
      const expected = "ruleset" in (raw as object) ? raw : { ruleset: "", ...(raw as object) };
      if (checked.ok) expect(checked.value, file).toEqual(expected);
    }
  });

  it("reads every recorded answer as the answer format, with no field missing and none unknown", () => {
    const answers = filesUnder(CONFORMANCE, ".expected.json");
    expect(answers.length).toBeGreaterThanOrEqual(114);
    for (const file of answers) expect(checkKernelAnswer(json(file)), file).toMatchObject({ ok: true });
  });

  it("writes the engine's answer to every recorded scenario in the same format", () => {
    for (const file of filesUnder(CONFORMANCE, ".scenario.json")) {
      const run = runScenario(json(file));
      if (run.kind !== "ran") throw new Error(`${file}: ${run.kind}`);
      const checked = checkKernelAnswer({ kernel: "engine", ...toAnswer(run.result) });
      expect(checked, file).toMatchObject({ ok: true });
    }
  });

  it("says which field of an answer file is missing or unknown", () => {
    const file = join(CONFORMANCE, "kernel", "filter-reject-tcp-reset.expected.json");
    const answer = json(file) as { packets: Record<string, unknown>[] };
    const drifted = { ...answer, packets: [{ ...answer.packets[0], fate: undefined, verdict: "DROP" }] };
    const checked = checkKernelAnswer(drifted);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toEqual([
      { path: "packets[0].verdict", message: "is not a field of the answer format" },
      { path: "packets[0].fate", message: "is missing" },
    ]);
  });
});
