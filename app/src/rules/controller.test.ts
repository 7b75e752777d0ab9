import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { createInProcessEngine } from "../sim/in-process";
import { createAppStore } from "../state/store";
import { createRulesController } from "./controller";
import { buildRule, EMPTY_FORM } from "./rule-form-model";

function setup() {
  const engine = createInProcessEngine();
  const app = createAppStore({ engine, scenario: DEFAULT_SCENARIO, animate: false });
  const rules = createRulesController(app, engine);
  const stop = rules.connect();
  return { app, rules, stop };
}
const idle = () => new Promise((r) => setTimeout(r, 0));

describe("rules controller", () => {
  it("applies an edit as new ruleset text, and undoes and redoes it", async () => {
    const { app, rules } = setup();
    const { rule } = buildRule({ ...EMPTY_FORM, proto: "tcp", dport: "23", target: "ACCEPT" });
    expect(await rules.edit({ kind: "insert", table: "filter", chain: "INPUT", index: 0, rule: rule! })).toBe(true);
    expect(app.getState().scenario.ruleset).toContain(
      "-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT\n-A INPUT -i lo -j ACCEPT\n",
    );
    expect(rules.ui.getState().canUndo).toBe(true);
    rules.undo();
    expect(app.getState().scenario.ruleset).toBe(DEFAULT_SCENARIO.ruleset);
    rules.redo();
    expect(app.getState().scenario.ruleset).toContain("--dport 23 -j ACCEPT");
  });

  it("reports a refused edit with the kernel's reason and changes nothing", async () => {
    const { app, rules } = setup();
    const before = app.getState().scenario.ruleset;
    const ok = await rules.edit({ kind: "delete-chain", table: "filter", chain: "INPUT" });
    expect(ok).toBe(false);
    expect(rules.ui.getState().refusal).toMatch(/built-in/);
    expect(app.getState().scenario.ruleset).toBe(before);
  });

  it("keeps a broken text as a draft with its errors; applies it once it parses", async () => {
    const { app, rules } = setup();
    const broken = "*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCPT\nCOMMIT\n";
    expect(await rules.setText(broken)).toBe(false);
    const d = rules.ui.getState().draft!;
    expect(d.status).toBe("errors");
    expect(d.diagnostics[0]).toMatchObject({ line: 3, severity: "error" });
    expect(app.getState().scenario.ruleset).toBe(DEFAULT_SCENARIO.ruleset);
    expect(await rules.setText(broken.replace("ACCPT", "ACCEPT"))).toBe(true);
    expect(rules.ui.getState().draft).toBeNull();
    expect(app.getState().scenario.ruleset).toContain("-A INPUT -j ACCEPT");
    await idle();
  });
});

describe("opening a file", () => {
  it("applies a clean file, showing its progress while it opens", async () => {
    const { app, rules } = setup();
    const text = "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n";
    const phases: string[] = [];
    const off = rules.ui.subscribe((s) => {
      if (s.opening?.progress) phases.push(s.opening.progress.phase);
    });
    expect(await rules.openFile(new Blob([text]), "node.v4")).toBe(true);
    off();
    expect(phases).toContain("reading");
    expect(rules.ui.getState().opening).toBeNull();
    expect(app.getState().scenario.ruleset).toBe(text);
  });

  it("says why a file too large for a browser is refused, and keeps the rules in force", async () => {
    const { app, rules } = setup();
    const huge = { size: 600e6 } as Blob;
    expect(await rules.openFile(huge, "node.v4")).toBe(false);
    expect(rules.ui.getState().openError).toMatchObject({ kind: "too-large", name: "node.v4", bytes: 600e6 });
    expect(app.getState().scenario.ruleset).toBe(DEFAULT_SCENARIO.ruleset);
  });
});

describe("rule form", () => {
  it("accepts only valid values and builds the rule iptables would", () => {
    expect(buildRule({ ...EMPTY_FORM, src: "10.0.0.0/33" }).errors.src).toBeTruthy();
    expect(buildRule({ ...EMPTY_FORM, src: "10.1.2.3/8" }).rule?.src?.value).toEqual({
      addr: 0x0a000000,
      mask: 0xff000000,
    });
    expect(buildRule({ ...EMPTY_FORM, src: "! 1.2.3.4" }).rule?.src).toMatchObject({ invert: true });
    expect(buildRule({ ...EMPTY_FORM, dport: "22" }).errors.dport).toMatch(/tcp or udp/);
    expect(buildRule({ ...EMPTY_FORM, proto: "tcp", dport: "2000:1000" }).errors.dport).toBeTruthy();
    expect(buildRule({ ...EMPTY_FORM, proto: "tcp", dport: "22,80,443" }).rule?.matches[0]).toMatchObject({
      module: "multiport",
    });
    expect(buildRule({ ...EMPTY_FORM, inIface: "eth+" }).rule?.inIface).toEqual({ value: "eth+", invert: false });
    expect(buildRule({ ...EMPTY_FORM, inIface: "e+th" }).errors.inIface).toBeTruthy();
    expect(buildRule({ ...EMPTY_FORM, inIface: "averyveryverylongname" }).errors.inIface).toBeTruthy();
    expect(buildRule({ ...EMPTY_FORM, target: "DNAT", to: "10.0.0.300" }).errors.to).toBeTruthy();
  });
});

describe("a large ruleset, held in the engine", () => {
  const big = `${DEFAULT_SCENARIO.ruleset}${"# padding\n".repeat(120_000)}`;

  it("typed or pasted, it is applied as a handle; its text comes back only when asked for", async () => {
    const { app, rules } = setup();
    expect(await rules.setText(big)).toBe(true);
    const held = app.getState().scenario.ruleset;
    expect(typeof held).toBe("object");
    expect(held).toMatchObject({ kind: "handle", bytes: big.length, name: "rules.v4" });
    expect(await rules.loadText()).toBe(big);
  });

  it("an edit of it is a new handle, and undo goes back to the one before", async () => {
    const { app, rules } = setup();
    await rules.setText(big);
    const before = app.getState().scenario.ruleset;
    expect(await rules.edit({ kind: "create-chain", table: "filter", chain: "MINE" })).toBe(true);
    const after = app.getState().scenario.ruleset;
    expect(after).toMatchObject({ kind: "handle", name: "rules.v4" });
    expect(after).not.toBe(before);
    expect(await rules.loadText()).toContain(":MINE - [0:0]");
    rules.undo();
    expect(app.getState().scenario.ruleset).toBe(before);
  });
});
