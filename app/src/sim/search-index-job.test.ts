import { parseRuleset } from "@nfx/iptables-save";
import { searchRules } from "@nfx/ruleset-edit";
import { describe, expect, it } from "vitest";
import plain from "../../../conformance/corpus/filter/filter-addrtype-local-broadcast.scenario.json";
import { answerQuery } from "./answer-rules-query";
import { computeSimulation } from "./compute";
import { createRulesetCache } from "./ruleset-cache";
import { SearchIndexJob } from "./search-index-job";

const lines = (n: number) =>
  Array.from({ length: n }, (_, i) => `-A INPUT -s 10.0.${i >> 8}.${i & 255}/32 -j ACCEPT`).join("\n");
const SAVE = `*filter\n:INPUT ACCEPT [0:0]\n${lines(5000)}\nCOMMIT\n`;

describe("the search index job", () => {
  it("builds in slices when asked to work in the background, yielding between them", () => {
    const queue: (() => void)[] = [];
    let clock = 0;
    const job = new SearchIndexJob(parseRuleset(SAVE), SAVE);
    // Every clock reading advances 3 ms: a slice ends after a few steps.
    job.runInBackground(
      (fn) => queue.push(fn),
      () => (clock += 3),
    );
    let slices = 0;
    while (queue.length) {
      queue.shift()!();
      slices++;
    }
    expect(slices).toBeGreaterThan(1);
    expect(searchRules(job.get(), "10.0.19.135/32").hits).toEqual([
      { table: "filter", chain: "INPUT", index: 4999, text: "-A INPUT -s 10.0.19.135/32 -j ACCEPT" },
    ]);
  });

  it("finishes at once when a search comes before the background is done", () => {
    const job = new SearchIndexJob(parseRuleset(SAVE), SAVE);
    job.runInBackground(() => {});
    expect(searchRules(job.get(), "-A INPUT").total).toBe(5000);
  });

  it("indexes the parsed ruleset when the text had errors: the bad line is not a rule", () => {
    const text = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --bogus -j ACCEPT\n-A INPUT -p udp -j DROP\nCOMMIT\n";
    const parsed = parseRuleset(text);
    expect(parsed.diagnostics.some((d) => d.severity === "error")).toBe(true);
    expect(searchRules(new SearchIndexJob(parsed, text).get(), "-A INPUT").hits).toEqual([
      { table: "filter", chain: "INPUT", index: 0, text: "-A INPUT -p udp -j DROP" },
    ]);
  });

  it("indexes a script of commands from its parse", () => {
    const text = "iptables -t nat -A OUTPUT -p tcp --dport 80 -j REDIRECT --to-ports 8080\n";
    expect(searchRules(new SearchIndexJob(parseRuleset(text), text).get(), "8080").hits).toEqual([
      {
        table: "nat",
        chain: "OUTPUT",
        index: 0,
        text: "-A OUTPUT -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 8080",
      },
    ]);
  });

  it("starts as soon as a simulation has loaded the ruleset, before any search asks", () => {
    const queue: (() => void)[] = [];
    const cache = createRulesetCache({ later: (fn) => queue.push(fn) });
    expect(computeSimulation(1, { ...plain, ruleset: SAVE, packets: [] }, {}, {}, cache).ok).toBe(true);
    // The search index, the first chains' layout and the engine's five warm-up packets wait (so small a ruleset
    // is checked at once).
    expect(queue).toHaveLength(7);
    while (queue.length) queue.shift()!();
    expect(answerQuery({ kind: "search", revision: 1, text: "10.0.19.135/32", limit: 5 }, cache)).toMatchObject({
      kind: "search",
      total: 1,
    });
    // The same ruleset simulated again (a packet sent) keeps its index, its check and its layout.
    computeSimulation(2, { ...plain, ruleset: SAVE, packets: [] }, {}, {}, cache);
    expect(queue).toHaveLength(0);
  });
});
