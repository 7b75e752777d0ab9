import { parseRuleset } from "@nfx/iptables-save";
import { toHost, toPacketSpec, validateScenario } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import { simulate, warmUpPackets } from "../src";

const HOST = {
  interfaces: [
    { name: "eth0", addr: "10.0.0.10/24" },
    { name: "eth1", addr: "192.168.7.1/24" },
  ],
  routes: [{ dst: "0.0.0.0/0", via: "10.0.0.1", dev: "eth0" }],
  ip_forward: true,
  listen: [{ proto: "tcp", port: 22 }],
  conntrack: "on",
};
const RULESET =
  "*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n" +
  "-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.7.5:80\n" +
  "-A POSTROUTING -o eth0 -j MASQUERADE\nCOMMIT\n" +
  "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n" +
  "-A INPUT -m statistic --mode nth --every 2 --packet 0 -j ACCEPT\n" +
  "-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\nCOMMIT\n";

function scenario(packets: unknown[]) {
  const v = validateScenario({ host: HOST, ruleset: RULESET, packets });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return { host: toHost(v.value), packets: v.value.packets.map(toPacketSpec) };
}

describe("warm-up packets", () => {
  it("take the forwarded, delivered and local paths of the host", () => {
    const { host } = scenario([]);
    const ruleset = parseRuleset(RULESET).ruleset;
    const fates = warmUpPackets(host).map((p) => simulate(host, ruleset, [p]).packets[0]!.fate);
    expect(fates).toEqual(["forwarded", "local", "local", "local", "sent"]);
  });

  it("leave the user's packets as they would be without them", () => {
    const user = [
      { from: "eth1", proto: "tcp", src: "192.168.7.9", sport: 1234, dst: "10.0.0.10", dport: 8080 },
      { from: "eth1", proto: "udp", src: "192.168.7.9", sport: 1234, dst: "10.0.0.10", dport: 53 },
      { from: "eth1", proto: "udp", src: "192.168.7.9", sport: 1234, dst: "10.0.0.10", dport: 53 },
    ];
    const { host, packets } = scenario(user);
    const cold = simulate(host, parseRuleset(RULESET).ruleset, packets);
    const ruleset = parseRuleset(RULESET).ruleset;
    for (const p of warmUpPackets(host)) simulate(host, ruleset, [p]);
    expect(simulate(host, ruleset, packets)).toEqual(cold);
  });

  it("are none for a host without an interface", () => {
    expect(warmUpPackets({ ...scenario([]).host, interfaces: [] })).toEqual([]);
  });
});
