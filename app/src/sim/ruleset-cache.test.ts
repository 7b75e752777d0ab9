import type { ParseResult } from "@nfx/iptables-save";
import { describe, expect, it } from "vitest";
import { createRulesetCache } from "./ruleset-cache";

const TEXT = [
  "*filter",
  ":INPUT ACCEPT [0:0]",
  ":FORWARD ACCEPT [0:0]",
  ":OUTPUT ACCEPT [0:0]",
  ":WEB - [0:0]",
  "-A INPUT -p tcp -m tcp --dport 80 -j WEB",
  "-A WEB -s 10.0.0.0/8 -j ACCEPT",
  "COMMIT",
  "",
].join("\n");

/** Chains whose rules are still to be read from the text (a lazy parse's getter, not yet called). */
function unread(parsed: ParseResult): string[] {
  return parsed.ruleset.tables.flatMap((t) =>
    t.chains.filter((c) => Object.getOwnPropertyDescriptor(c, "rules")?.get).map((c) => c.name),
  );
}

describe("the worker's ruleset cache", () => {
  it("parses a small ruleset whole, once: the shown parse is the checked one, with every chain read", () => {
    const queued: (() => void)[] = [];
    const cache = createRulesetCache({ later: (fn) => queued.push(fn) });
    const shown = cache.parseIndexed(TEXT);
    expect(unread(shown)).toEqual([]);
    expect(cache.validation(shown)).toEqual({ state: "done", errors: 0 });
    expect(cache.parse(TEXT)).toBe(shown);
    expect(queued).toHaveLength(0);
  });

  it("indexes a ruleset not read whole, reads its chains when used, and checks it in the background", () => {
    const queued: (() => void)[] = [];
    const cache = createRulesetCache({ later: (fn) => queued.push(fn), parsesWhole: () => false });
    const shown = cache.parseIndexed(TEXT);
    expect(unread(shown)).toEqual(["INPUT", "FORWARD", "OUTPUT", "WEB"]);
    expect(cache.validation(shown).state).toBe("running");
    while (queued.length) queued.shift()!();
    expect(cache.validation(shown)).toEqual({ state: "done", errors: 0 });
  });

  it("answers a ruleset of 300 KB once indexed, as the first packet should not wait for every rule to be read", () => {
    const rules = Array.from({ length: 9000 }, (_, i) => `-A WEB -s 10.${i >> 8}.${i & 255}.0/24 -j ACCEPT`);
    const text = TEXT.replace("COMMIT", `${rules.join("\n")}\nCOMMIT`);
    expect(text.length).toBeGreaterThan(256 * 1024);
    const queued: (() => void)[] = [];
    const cache = createRulesetCache({ later: (fn) => queued.push(fn) });
    const shown = cache.parseIndexed(text);
    expect(unread(shown)).toContain("WEB");
    expect(cache.validation(shown).state).toBe("running");
    while (queued.length) queued.shift()!();
    expect(cache.validation(shown)).toEqual({ state: "done", errors: 0 });
  });
});
