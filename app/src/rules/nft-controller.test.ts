import { decodeShareLink, encodeShareLink } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import { readRecord, recordOf } from "../persist/work-record";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { parseScenarioFile, scenarioFileText } from "../share/file";
import { createInProcessEngine } from "../sim/in-process";
import { createAppStore } from "../state/store";
import { createRulesController } from "./controller";
import { createNftController } from "./nft-controller";

const FW = `table inet fw {
\tchain input {
\t\ttype filter hook input priority filter + 10; policy drop;
\t\tct state established,related accept
\t\ttcp dport 22 accept
\t}
}
`;

function setup(scenario = DEFAULT_SCENARIO) {
  const engine = createInProcessEngine();
  const app = createAppStore({ engine, scenario, animate: false });
  const nft = createNftController(app, engine);
  const stop = nft.connect();
  return { app, nft, stop };
}
const idle = () => new Promise((r) => setTimeout(r, 0));

describe("the nftables text", () => {
  it("applies clean nft text to the scenario, beside the iptables ruleset, and lists its chains", async () => {
    const { app, nft } = setup();
    expect(await nft.setText(FW)).toBe(true);
    expect(app.getState().scenario.nftables).toBe(FW);
    expect(app.getState().scenario.ruleset).toBe(DEFAULT_SCENARIO.ruleset);
    await idle();
    const view = app.getState().view!.nft!;
    expect(view.tables.map((t) => `${t.family} ${t.name}`)).toEqual(["inet fw"]);
    expect(view.tables[0]!.chains[0]).toMatchObject({
      name: "input",
      base: { type: "filter", hook: "input", priority: 10, priorityText: "filter + 10", policy: "drop" },
    });
    expect(view.tables[0]!.chains[0]!.rules.map((r) => r.text)).toEqual([
      "ct state established,related accept",
      "tcp dport 22 accept",
    ]);
  });

  it("keeps broken nft text as a draft with nft's located errors, and the applied rules unchanged", async () => {
    const { app, nft } = setup();
    await nft.setText(FW);
    const broken = FW.replace("tcp dport 22 accept", "tcp dport 22 acept");
    expect(await nft.setText(broken)).toBe(false);
    const draft = nft.ui.getState().draft!;
    expect(draft.text).toBe(broken);
    const err = draft.diagnostics.find((d) => d.severity === "error")!;
    expect(err.line).toBe(5);
    expect(err.column).toBeGreaterThan(1);
    // Nothing typed is lost: the autosave holds the draft, the scenario the last good text.
    expect(app.getState().nftDraft).toBe(broken);
    expect(app.getState().scenario.nftables).toBe(FW);
  });

  it("reads nft -j JSON and says so", async () => {
    const { app, nft } = setup();
    const json = JSON.stringify({
      nftables: [
        { metainfo: { json_schema_version: 1 } },
        { table: { family: "ip", name: "t", handle: 1 } },
        {
          chain: {
            family: "ip",
            table: "t",
            name: "c",
            handle: 1,
            type: "filter",
            hook: "input",
            prio: 0,
            policy: "accept",
          },
        },
      ],
    });
    expect(await nft.setText(json)).toBe(true);
    await idle();
    expect(app.getState().view!.nft!.language).toBe("nft-json");
  });

  it("opens an nft-only scenario on the nft side, and an empty text removes the native ruleset", async () => {
    const { app, nft } = setup({ ...DEFAULT_SCENARIO, ruleset: "", nftables: FW });
    expect(nft.ui.getState().mode).toBe("nft");
    await nft.setText("");
    expect("nftables" in app.getState().scenario).toBe(false);
    expect(nft.ui.getState().mode).toBe("iptables");
  });

  it("brings back an autosaved nft draft and checks it again", async () => {
    const engine = createInProcessEngine();
    const app = createAppStore({ engine, scenario: DEFAULT_SCENARIO, animate: false, nftDraft: "table inet x {" });
    const nft = createNftController(app, engine);
    await idle();
    expect(nft.ui.getState()).toMatchObject({ mode: "nft", draft: { text: "table inet x {", status: "errors" } });
  });
});

describe("hostile and misplaced nft input", () => {
  it("gives located errors for garbage and deep nesting, never throws, and keeps the text", async () => {
    const { app, nft } = setup();
    for (const text of [
      "\u0000{{{ ;;; }}}",
      "table ip t { chain c { ".repeat(5000),
      `table ip t {\n${"}".repeat(3)}`,
    ]) {
      expect(await nft.setText(text)).toBe(false);
      const d = nft.ui.getState().draft!;
      expect(d.text).toBe(text);
      expect(d.diagnostics.some((x) => x.severity === "error" && x.line >= 1 && x.column >= 1)).toBe(true);
      expect(app.getState().nftDraft).toBe(text);
    }
    expect("nftables" in app.getState().scenario).toBe(false);
  });

  it("an nft file opened as the ruleset goes to the nft side; the iptables ruleset is untouched", async () => {
    const engine = createInProcessEngine();
    const app = createAppStore({ engine, scenario: DEFAULT_SCENARIO, animate: false });
    const nft = createNftController(app, engine);
    const rules = createRulesController(app, engine, (text) => nft.setText(text, "paste"));
    expect(await rules.openFile(new Blob([FW]), "fw.nft")).toBe(true);
    expect(app.getState().scenario).toMatchObject({ ruleset: DEFAULT_SCENARIO.ruleset, nftables: FW });
    expect(nft.ui.getState().pasted).toBe(true);
  });
});

describe("nftables travels with the scenario", () => {
  const scenario = { ...DEFAULT_SCENARIO, nftables: FW };
  it("in a share link", () => {
    const back = decodeShareLink(encodeShareLink({ scenario }));
    expect(back.ok && back.value.scenario.nftables).toBe(FW);
  });
  it("in a scenario file", () => {
    const back = parseScenarioFile(scenarioFileText(scenario));
    expect(back.ok && back.scenario.nftables).toBe(FW);
  });
  it("in the autosave, with the nft draft", () => {
    const r = readRecord(
      JSON.parse(
        JSON.stringify(
          recordOf({ scenario, textDraft: null, nftDraft: "table x", held: null, theme: "light" }, "en", "t", 1),
        ),
      ),
    );
    expect(r).toMatchObject({ scenario: { nftables: FW }, nftDraft: "table x" });
  });
});
