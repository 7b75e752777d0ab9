import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { parseScenarioFile } from "./file";

/** Open file with the documents that made the link decoder throw: now an error list, each at its JSON path. */
describe("opening a hostile scenario file", () => {
  it("says where a field with a non-callable toString is, instead of throwing a TypeError", () => {
    const text = JSON.stringify({
      ...DEFAULT_SCENARIO,
      packets: [{ ...DEFAULT_SCENARIO.packets[0], dst: { toString: 1 } }],
    });
    expect(parseScenarioFile(text)).toEqual({
      ok: false,
      reason: "invalid",
      errors: ["packets[0].dst: an object is not an IPv4 address"],
    });
  });

  it("says where a list nested 20,000 deep crosses the limit, instead of a RangeError", () => {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const text = JSON.stringify(DEFAULT_SCENARIO).replace(/^\{/, `{"notes":${deep},`);
    const opened = parseScenarioFile(text);
    expect(opened.ok).toBe(false);
    expect(!opened.ok && opened.reason === "invalid" && opened.errors[0]).toMatch(/^notes(\[0\]){15}: nested more/);
  });
});
