import { parseRuleset } from "@nfx/iptables-save";
import { parseNft } from "@nfx/nftables";
import { describe, expect, it } from "vitest";
import { type HookStep, hookPlan, shadowedNativeTables } from "../src/hook-plan";

/** A step as a short word, so an order reads like the kernel's trace. */
function label(s: HookStep): string {
  switch (s.kind) {
    case "chain":
      return s.chain.kind === "iptables"
        ? `${s.chain.table}@${s.chain.priority}`
        : `${s.chain.table}.${s.chain.chain}@${s.chain.priority}`;
    case "nat":
      return `nat[${s.chains.map((c) => (c.kind === "iptables" ? "iptables" : `${c.table}.${c.chain}@${c.priority}`)).join(",")}]@${s.priority}`;
    default:
      return s.kind;
  }
}

const IPT = `*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n`;

function nft(text: string) {
  const r = parseNft(text);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.ruleset;
}

describe("hookPlan", () => {
  it("puts iptables-nft's security table at 150, after nat INPUT (recorded)", () => {
    const plan = hookPlan(parseRuleset(`${IPT}*security\n:INPUT ACCEPT [0:0]\nCOMMIT\n`).ruleset, null);
    expect(plan.INPUT.map(label)).toEqual(["mangle@-150", "filter@0", "nat[iptables]@100", "security@150", "confirm"]);
  });

  it("orders iptables-nft's tables as the kernel does, with conntrack, the NAT core and confirm", () => {
    const plan = hookPlan(parseRuleset(IPT).ruleset, null);
    expect(plan.PREROUTING.map(label)).toEqual(["raw@-300", "conntrack", "mangle@-150", "nat[iptables]@-100"]);
    expect(plan.INPUT.map(label)).toEqual(["mangle@-150", "filter@0", "nat[iptables]@100", "confirm"]);
    expect(plan.FORWARD.map(label)).toEqual(["mangle@-150", "filter@0"]);
    expect(plan.OUTPUT.map(label)).toEqual(["raw@-300", "conntrack", "mangle@-150", "nat[iptables]@-100", "filter@0"]);
    expect(plan.POSTROUTING.map(label)).toEqual(["mangle@-150", "nat[iptables]@100", "confirm"]);
  });

  it("interleaves native chains with iptables-nft's by priority; inet and ip alike, other families left out", () => {
    const rs = nft(
      "table inet fw {\n chain in {\n type filter hook input priority filter + 10; policy drop;\n }\n chain early {\n type filter hook input priority mangle - 5; policy accept;\n }\n}\ntable ip6 six {\n chain in {\n type filter hook input priority 0; policy drop;\n }\n}\n",
    );
    const plan = hookPlan(parseRuleset(IPT).ruleset, rs);
    expect(plan.INPUT.map(label)).toEqual([
      "fw.early@-155",
      "mangle@-150",
      "filter@0",
      "fw.in@10",
      "nat[iptables]@100",
      "confirm",
    ]);
    const native = plan.INPUT.find((s) => s.kind === "chain" && s.chain.kind === "native");
    expect(native).toMatchObject({
      chain: { family: "inet", table: "fw", chain: "early", type: "filter", policy: "accept" },
    });
  });

  it("runs the later-registered chain first at an equal priority (nf_hook_entries_grow inserts before >=)", () => {
    const rs = nft(
      "table ip t1 {\n chain c1 {\n type filter hook prerouting priority 0; policy accept;\n }\n}\ntable ip t2 {\n chain c2 {\n type filter hook prerouting priority 0; policy accept;\n }\n}\n",
    );
    expect(hookPlan({ tables: [] }, rs).PREROUTING.map(label)).toEqual(["conntrack", "t2.c2@0", "t1.c1@0"]);
    // Natives are loaded after iptables-restore: at filter's own priority they run before iptables' filter.
    const mixed = nft("table inet fw {\n chain in {\n type filter hook input priority 0; policy accept;\n }\n}\n");
    expect(hookPlan(parseRuleset(IPT).ruleset, mixed).INPUT.map(label).slice(0, 3)).toEqual([
      "mangle@-150",
      "fw.in@0",
      "filter@0",
    ]);
  });

  it("runs every nat chain of a hook inside the NAT core, by priority among themselves", () => {
    // Recorded: nat at -150 and at 50 both ran between filter -120 and filter -50; input nat 20 and 200 between 50 and 150.
    const rs = nft(`table ip n {
 chain pre { type nat hook prerouting priority 50; policy accept; }
 chain pre2 { type nat hook prerouting priority -150; policy accept; }
 chain inn { type nat hook input priority 200; policy accept; }
 chain inn2 { type nat hook input priority 20; policy accept; }
}
table ip f {
 chain pre { type filter hook prerouting priority -50; policy accept; }
 chain pre3 { type filter hook prerouting priority -120; policy accept; }
 chain inp { type filter hook input priority 150; policy accept; }
 chain inp2 { type filter hook input priority 50; policy accept; }
}
`);
    const plan = hookPlan({ tables: [] }, rs);
    expect(plan.PREROUTING.map(label)).toEqual([
      "conntrack",
      "f.pre3@-120",
      "nat[n.pre2@-150,n.pre@50]@-100",
      "f.pre@-50",
    ]);
    expect(plan.INPUT.map(label)).toEqual(["f.inp2@50", "nat[n.inn2@20,n.inn@200]@100", "f.inp@150", "confirm"]);
    // The NAT core exists at every NAT hook once a nat chain exists, so replies are translated back.
    expect(plan.POSTROUTING.map(label)).toEqual(["nat[]@100", "confirm"]);
  });

  it("places the NAT core among equal priorities by when its first nat chain was registered", () => {
    // Recorded: filter fa at -100, then a nat chain, then filter fb at -100 ran as fb, nat, fa.
    const rs = nft(`table ip fa {
 chain c { type filter hook prerouting priority -100; policy accept; }
}
table ip n {
 chain pre { type nat hook prerouting priority 0; policy accept; }
}
table ip fb {
 chain c { type filter hook prerouting priority -100; policy accept; }
}
`);
    expect(hookPlan({ tables: [] }, rs).PREROUTING.map(label)).toEqual([
      "conntrack",
      "fb.c@-100",
      "nat[n.pre@0]@-100",
      "fa.c@-100",
    ]);
  });

  it("takes iptables-nft's own tables from iptables-save when nft's listing repeats them", () => {
    const listed = nft(
      "table ip filter {\n chain INPUT {\n type filter hook input priority filter; policy accept;\n }\n}\ntable ip own {\n chain INPUT {\n type filter hook input priority filter; policy accept;\n }\n}\n",
    );
    const ipt = parseRuleset(IPT).ruleset;
    expect(shadowedNativeTables(ipt, listed).map((t) => t.name)).toEqual(["filter"]);
    expect(hookPlan(ipt, listed).INPUT.map(label)).toEqual([
      "mangle@-150",
      "own.INPUT@0",
      "filter@0",
      "nat[iptables]@100",
      "confirm",
    ]);
    // Without iptables-save, nft's copy is the table: it runs as a native chain.
    expect(hookPlan({ tables: [] }, listed).INPUT.map(label)).toEqual(["own.INPUT@0", "filter.INPUT@0", "confirm"]);
  });

  it("keeps type route only where it reroutes", () => {
    const rs = nft("table ip m {\n chain out {\n type route hook output priority mangle; policy accept;\n }\n}\n");
    const step = hookPlan({ tables: [] }, rs).OUTPUT.find((s) => s.kind === "chain");
    expect(step).toMatchObject({ chain: { type: "route", hook: "OUTPUT", priority: -150 } });
  });
});
