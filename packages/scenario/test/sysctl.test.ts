import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeShareLink, encodeShareLink, hostSysctls, runScenario, validateScenario } from "../src";

const IFS = [
  { name: "eth0", addr: "10.0.0.1/24" },
  { name: "eth1", addr: "192.168.1.1/24" },
];
const doc = (host: object) => ({ host: { interfaces: IFS, ...host }, ruleset: "", packets: [] });
const errorsOf = (input: unknown) => {
  const v = validateScenario(input);
  return v.ok ? [] : v.errors;
};

describe("host.sysctl", () => {
  it("accepts the sysctls the engine honours, per interface, all and default", () => {
    const sysctl = {
      "net.ipv4.conf.all.rp_filter": 1,
      "net.ipv4.conf.eth1.rp_filter": 2,
      "net.ipv4.conf.default.route_localnet": 1,
      "net.netfilter.nf_conntrack_udp_timeout": 5,
      "net.netfilter.nf_conntrack_max": 16,
    };
    const v = validateScenario(doc({ sysctl }));
    expect(v.ok && v.value.host.sysctl).toEqual(sysctl);
  });

  it("says where and why a sysctl is refused", () => {
    const errors = errorsOf(
      doc({
        sysctl: {
          "net.ipv4.tcp_syncookies": 1,
          "net.ipv4.conf.eth9.rp_filter": 1,
          "net.ipv4.conf.all.rp_filter": 3,
          "net.netfilter.nf_conntrack_udp_timeout": "30",
        },
      }),
    );
    expect(errors.map((e) => e.path)).toEqual([
      'host.sysctl["net.ipv4.tcp_syncookies"]',
      'host.sysctl["net.ipv4.conf.eth9.rp_filter"]',
      'host.sysctl["net.ipv4.conf.all.rp_filter"]',
      'host.sysctl["net.netfilter.nf_conntrack_udp_timeout"]',
    ]);
    expect(errors[1]!.message).toContain("no interface");
    expect(errors[2]!.message).toBe("must be an integer 0-2");
    expect(errorsOf(doc({ sysctl: [1] }))[0]!.path).toBe("host.sysctl");
  });

  it("keeps ip_forward and tcp_loose, which must agree with the same sysctls", () => {
    expect(errorsOf(doc({ ip_forward: true, sysctl: { "net.ipv4.ip_forward": 0 } }))[0]!.path).toBe("host.ip_forward");
    expect(errorsOf(doc({ tcp_loose: false, sysctl: { "net.netfilter.nf_conntrack_tcp_loose": 1 } }))[0]!.path).toBe(
      "host.tcp_loose",
    );
    const v = validateScenario(doc({ sysctl: { "net.ipv4.ip_forward": 1 } }));
    expect(v.ok && v.value.host.ip_forward).toBe(true);
    const old = validateScenario(doc({ ip_forward: true, tcp_loose: false }));
    expect(old.ok && hostSysctls(old.value.host)).toEqual({
      "net.ipv4.ip_forward": 1,
      "net.netfilter.nf_conntrack_tcp_loose": 0,
    });
  });

  it("leaves a scenario written before host.sysctl as it was, through a share link too", () => {
    const path = join(
      import.meta.dirname,
      "..",
      "..",
      "..",
      "conformance",
      "corpus",
      "conntrack",
      "ct-forward-rst-close.scenario.json",
    );
    const before = JSON.parse(readFileSync(path, "utf8"));
    const v = validateScenario(before);
    expect(v.ok && v.value.host).toEqual(before.host);
    if (!v.ok) return;
    const link = decodeShareLink(encodeShareLink({ scenario: v.value }));
    expect(link.ok && link.value.scenario).toEqual(v.value);
  });

  it("carries the sysctls and the clock through a share link", () => {
    const v = validateScenario({
      ...doc({ sysctl: { "net.netfilter.nf_conntrack_udp_timeout": 3 } }),
      packets: [{ from: "eth0", proto: "udp", src: "10.0.0.2", sport: 1, dst: "10.0.0.1", dport: 2, advance: 31 }],
    });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const link = decodeShareLink(encodeShareLink({ scenario: v.value }));
    expect(link.ok && link.value.scenario).toEqual(v.value);
    expect(v.value.packets[0]!.advance).toBe(31);
  });

  it("is honoured by the engine: the reverse-path filter drops, and the steps say why", () => {
    const run = runScenario({
      ...doc({ sysctl: { "net.ipv4.conf.all.rp_filter": 1 }, routes: [{ dst: "default", via: "10.0.0.254" }] }),
      ruleset: "",
      packets: [{ from: "eth1", proto: "udp", src: "198.51.100.7", sport: 1, dst: "192.168.1.1", dport: 2 }],
    });
    if (run.kind !== "ran") throw new Error(run.kind);
    const p = run.result.packets[0]!;
    expect(p.fate).toBe("dropped");
    expect(p.steps.find((s) => s.kind === "routing")).toEqual({
      kind: "routing",
      decision: "rp-filter",
      dev: null,
      detail:
        "rp_filter=1 (strict) on eth1: the route back to 198.51.100.7 leaves by eth0, not eth1 where the packet came in",
    });
  });
});
