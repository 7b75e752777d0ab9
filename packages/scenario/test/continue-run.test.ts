import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ContinuableRun, parseNftables, runScenario } from "../src";
import { parseForRun } from "../src/parse-for-run";
import { CONFORMANCE, filesUnder } from "./corpus-files";

const corpus = join(CONFORMANCE, "corpus");

type Doc = { ruleset?: string; nftables?: string; packets: unknown[]; seed?: number; host: Record<string, unknown> };

/** Runs `doc` as the app does: its texts parsed once, each run continuing `from` when it can. */
function runner(doc: Doc) {
  const parsed = parseForRun(doc.ruleset ?? "");
  const nft = doc.nftables === undefined ? null : parseNftables(doc.nftables);
  return (d: Doc, from: ContinuableRun | null, pins = new Map<string, boolean>()) => {
    const run = runScenario(d, {
      parse: () => parsed,
      ...(nft ? { parseNftables: () => nft } : {}),
      rulesetErrors: "run-the-rest",
      statisticPins: pins,
      continueFrom: from,
    });
    if (run.kind !== "ran") throw new Error(run.kind);
    return run;
  };
}

/** The same scenario from the start, parsed anew: what a continued run must equal. */
function fullRun(d: Doc, pins = new Map<string, boolean>()) {
  const run = runScenario(d, { rulesetErrors: "run-the-rest", statisticPins: pins });
  if (run.kind !== "ran") throw new Error(run.kind);
  return run.result;
}

const scenarios = filesUnder(corpus, ".scenario.json")
  .map((path) => ({ path, doc: JSON.parse(readFileSync(path, "utf8")) as Doc }))
  .filter(({ doc }) => doc.packets.length > 1);

describe("a run continued packet by packet", () => {
  it("gives, after every packet, what a run of the whole scenario from the start gives", () => {
    expect(scenarios.length).toBeGreaterThan(50);
    for (const { path, doc } of scenarios) {
      const run = runner(doc);
      let last: ReturnType<typeof run> | null = null;
      for (let n = 1; n <= doc.packets.length; n++) {
        const d = { ...doc, packets: doc.packets.slice(0, n) };
        const next = run(d, last?.run ?? null);
        // Continued, not run again: the same simulator went on.
        if (last) expect(next.run.live, path).toBe(last.run.live);
        expect(next.result, `${path} after ${n} packets`).toEqual(fullRun(d));
        last = next;
      }
    }
    // Every scenario of the corpus run from the start once per packet: seconds, more on a busy machine.
  }, 60_000);
});

describe("a run starts again from the first packet", () => {
  const { doc } = scenarios.find(({ doc }) => doc.packets.length >= 3)!;
  const two = { ...doc, packets: doc.packets.slice(0, 2) };
  const three = { ...doc, packets: doc.packets.slice(0, 3) };

  const cases: [string, Doc, (run: ReturnType<typeof runner>) => ContinuableRun][] = [
    [
      "when an earlier packet changed",
      { ...three, packets: [doc.packets[1], ...three.packets.slice(1)] },
      (r) => r(two, null).run,
    ],
    ["when a packet was taken away", { ...doc, packets: doc.packets.slice(1, 3) }, (r) => r(two, null).run],
    [
      "when the host changed",
      { ...three, host: { ...doc.host, ip_forward: !doc.host.ip_forward } },
      (r) => r(two, null).run,
    ],
    ["when the seed changed", { ...three, seed: (doc.seed ?? 1) + 1 }, (r) => r(two, null).run],
  ];
  for (const [what, changed, previous] of cases) {
    it(what, () => {
      const run = runner(doc);
      const from = previous(run);
      const next = run(changed, from);
      expect(next.run.live).not.toBe(from.live);
      expect(next.result).toEqual(fullRun(changed));
    });
  }

  it("when the ruleset was parsed again (another ruleset)", () => {
    const from = runner(doc)(two, null).run;
    const next = runner(doc)(three, from);
    expect(next.run.live).not.toBe(from.live);
    expect(next.result).toEqual(fullRun(three));
  });

  it("when a pin changed", () => {
    const run = runner(doc);
    const from = run(two, null).run;
    const pins = new Map([["nat:KUBE-SVC-X:1", true]]);
    const next = run(three, from, pins);
    expect(next.run.live).not.toBe(from.live);
    expect(next.result).toEqual(fullRun(three, pins));
  });

  it("when the run it would continue was continued already (another branch)", () => {
    const run = runner(doc);
    const from = run(two, null).run;
    run(three, from);
    const other = { ...two, packets: [...two.packets, doc.packets[0]] };
    const next = run(other, from);
    expect(next.run.live).not.toBe(from.live);
    expect(next.result).toEqual(fullRun(other));
  });
});
