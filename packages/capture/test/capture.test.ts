import { readFileSync } from "node:fs";
import { validateScenario } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import { captureDocument, captureHost, type Reading, type RecordedReadings, recordedReader } from "../src/index";

/** What `nfx capture` read on the test host of packages/cli/test/capture-host.ts (see the integration test). */
const recorded = JSON.parse(
  readFileSync(new URL("./fixtures/docker-kube-host.readings.json", import.meta.url), "utf8"),
) as RecordedReadings;

const NOT_ROOT: Reading = {
  ok: false,
  why: "iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)",
};

const capture = (changes: Record<string, Reading> = {}) => captureHost(recordedReader({ ...recorded, ...changes }));
const text = (t: string): Reading => ({ ok: true, text: t });

describe("captureHost on recorded readings", () => {
  it("turns a Docker and kube host with a policy route into a scenario that validates", () => {
    const c = capture();
    expect(c.unread).toEqual([]);
    expect(validateScenario(c.scenario).ok).toBe(true);
    const h = c.scenario.host;
    expect(h.interfaces.map((i) => `${i.name} ${i.addr}`)).toEqual([
      "eth0 85.214.10.5/24",
      "eth1 10.20.0.1/24",
      "docker0 172.17.0.1/16",
    ]);
    // The fwmark table first (looked up before main), then main without the connected routes.
    expect(h.routes).toEqual([
      { dst: "0.0.0.0/0", via: "10.20.0.254", dev: "eth1", mark: "0x1/0xff" },
      { dst: "0.0.0.0/0", via: "85.214.10.1", dev: "eth0" },
      { dst: "10.30.0.0/16", via: "10.20.0.254", dev: "eth1" },
      { dst: "45.33.0.0/16", type: "blackhole" },
    ]);
    expect(h.listen).toEqual([
      { proto: "udp", port: 53, addr: "10.20.0.1" },
      { proto: "tcp", port: 22 },
    ]);
    // Only the sysctls that differ from the kernel's defaults (the host left every other one as it was).
    expect(h.sysctl).toEqual({ "net.ipv4.ip_forward": 1 });
    expect(h.conntrack).toBe("auto");
    // The native table, not iptables-nft's (iptables-save gave those), with its handles for a trace replay.
    expect(c.scenario.nftables).toMatch(/^table inet nfxfw \{ # handle 4\n\tchain input \{ # handle 1\n/);
    expect(c.scenario.nftables).not.toMatch(/^table ip /m);
    expect(c.scenario.ruleset).toMatch(/^\[0:0\] -A INPUT -s 62\.157\.140\.0\/24 -i eth0 .*--comment "office ssh"/m);
    expect(c.scenario.name).toBe("capture-nfxc-test-host");
    expect(c.warnings).toEqual([
      'policy rule "1100: from 10.99.0.0/24 lookup 100" is not in the scenario: it uses from 10.99.0.0/24 (only a plain fwmark lookup is modelled)',
      "two routes to 0.0.0.0/0: the one with the lower metric is kept, not the one via 10.20.0.254",
      "IPv6-only sockets are not simulated: tcp [::]:8443",
    ]);
  });

  it("as a user who is not root: names what it could not read and why, and keeps the rest", () => {
    const c = capture({
      "iptables-save": NOT_ROOT,
      "nft-ruleset": { ok: false, why: "Operation not permitted (you must be root)" },
    });
    expect(c.unread).toEqual([
      {
        source: "iptables-save",
        what: "iptables-save -c",
        why: NOT_ROOT.ok ? "" : NOT_ROOT.why,
        consequence: "the scenario has an empty ruleset (every chain ACCEPTs)",
      },
      {
        source: "nft-ruleset",
        what: "nft -a list ruleset",
        why: "Operation not permitted (you must be root)",
        consequence: "native nftables tables, if any, are not in the scenario",
      },
    ]);
    expect(c.scenario.ruleset).toBe("");
    expect(c.scenario.nftables).toBeUndefined();
    expect(c.scenario.host.interfaces).toHaveLength(3);
    expect(validateScenario(c.scenario).ok).toBe(true);
  });

  it("takes conntrack as on when its table has entries, and auto when nf_conntrack is not loaded", () => {
    expect(capture({ "sysctl:net/netfilter/nf_conntrack_count": text("17\n") }).scenario.host.conntrack).toBe("on");
    const absent = (why: string): Reading => ({ ok: false, why, absent: true });
    const unloaded = Object.fromEntries(
      Object.keys(recorded)
        .filter((k) => k.startsWith("sysctl:net/netfilter/"))
        .map((k) => [k, absent("no such setting")]),
    );
    const c = capture({ ...unloaded, "sysctl:net/netfilter/nf_conntrack_tcp_loose": text("0\n") });
    expect(c.scenario.host.conntrack).toBe("auto");
    // Not loaded: the module will start with its defaults, whatever a stale reading said.
    expect(c.scenario.host.sysctl).toEqual({ "net.ipv4.ip_forward": 1 });
    expect(c.unread).toEqual([]);
  });

  it("writes the sysctls that differ from the defaults, per interface only where it differs from default", () => {
    const c = capture({
      "sysctl:net/ipv4/conf/all/rp_filter": text("0\n"),
      "sysctl:net/ipv4/conf/default/rp_filter": text("2\n"),
      "sysctl:net/ipv4/conf/eth0/rp_filter": text("2\n"),
      "sysctl:net/ipv4/conf/eth1/rp_filter": text("1\n"),
      "sysctl:net/ipv4/conf/docker0/rp_filter": text("0\n"),
      "sysctl:net/ipv4/conf/all/route_localnet": text("1\n"),
      "sysctl:net/netfilter/nf_conntrack_tcp_loose": text("0\n"),
      "sysctl:net/netfilter/nf_conntrack_udp_timeout": text("60\n"),
      "sysctl:net/ipv4/ip_forward": text("0\n"),
    });
    expect(c.scenario.host.sysctl).toEqual({
      "net.netfilter.nf_conntrack_tcp_loose": 0,
      "net.netfilter.nf_conntrack_udp_timeout": 60,
      "net.ipv4.conf.default.rp_filter": 2,
      "net.ipv4.conf.eth1.rp_filter": 1,
      "net.ipv4.conf.docker0.rp_filter": 0,
      "net.ipv4.conf.all.route_localnet": 1,
    });
    expect(c.scenario.host.ip_forward).toBe(false);
    // The file has the sysctl names only, not the older fields.
    const doc = captureDocument(c.scenario) as { host: Record<string, unknown> };
    expect(Object.keys(doc.host)).not.toContain("ip_forward");
    expect(validateScenario(doc).ok).toBe(true);
    expect(c.warnings.join("\n")).not.toMatch(/rp_filter|route_localnet/);
  });

  it("says what it left out of a host the scenario format cannot fully hold", () => {
    const c = capture({
      "ip-addr": text(
        JSON.stringify([
          {
            ifname: "lo",
            flags: ["LOOPBACK", "UP"],
            link_type: "loopback",
            addr_info: [
              { family: "inet", local: "127.0.0.1", prefixlen: 8 },
              { family: "inet", local: "10.255.0.1", prefixlen: 32 },
            ],
          },
          {
            ifname: "eth0",
            flags: ["UP"],
            link_type: "ether",
            address: "02:AA:00:00:00:01",
            addr_info: [
              { family: "inet", local: "85.1.2.3", prefixlen: 24 },
              { family: "inet6", local: "2001:db8::1", prefixlen: 64, scope: "global" },
            ],
          },
          {
            ifname: "eth1",
            flags: ["UP"],
            link_type: "ether",
            addr_info: [
              { family: "inet", local: "10.0.0.1", prefixlen: 24 },
              { family: "inet", local: "10.0.0.2", prefixlen: 24 },
            ],
          },
          {
            ifname: "eth2",
            flags: ["BROADCAST"],
            link_type: "ether",
            addr_info: [{ family: "inet", local: "10.9.0.1", prefixlen: 24 }],
          },
          { ifname: "veth1a2b", flags: ["UP"], link_type: "ether", addr_info: [] },
        ]),
      ),
      "ip-route": text(
        JSON.stringify([
          { dst: "default", dev: "eth1", table: "51820", scope: "link" },
          { type: "throw", dst: "10.6.0.0/16", table: "200" },
          { dst: "10.0.0.0/24", dev: "eth1", protocol: "kernel", scope: "link", prefsrc: "10.0.0.1" },
          {
            dst: "10.5.0.0/16",
            nexthops: [
              { gateway: "10.0.0.254", dev: "eth1" },
              { gateway: "85.1.2.1", dev: "eth0" },
            ],
          },
          { dst: "10.7.0.0/16", gateway: "1.1.1.1", dev: "eth0", flags: ["onlink"] },
          { dst: "10.9.9.0/24", gateway: "10.9.0.254", dev: "eth2" },
          { type: "unreachable", dst: "10.8.0.0/16", metric: 10 },
          { type: "local", dst: "10.0.0.2", dev: "eth1", table: "local", protocol: "kernel", scope: "host" },
          { type: "local", dst: "10.96.0.0/12", dev: "lo", table: "local", scope: "host" },
          { dst: "fe80::/64", dev: "eth0", protocol: "kernel", metric: 256 },
        ]),
      ),
      "ip-rule": text(
        JSON.stringify([
          { priority: 0, src: "all", table: "local" },
          { priority: 5000, not: null, src: "all", fwmark: "0xca6c", table: "51820" },
          { priority: 5001, src: "all", table: "main", suppress_prefixlen: 0 },
          { priority: 5002, src: "all", fwmark: "0x2", action: "unreachable" },
          { priority: 32766, src: "all", table: "main" },
          { priority: 32767, src: "all", table: "default" },
        ]),
      ),
      ss: text(
        "udp UNCONN 0 0 127.0.0.53%lo:53 0.0.0.0:*\ntcp LISTEN 0 4096 [::ffff:10.0.0.1]:8080 [::]:*\ntcp LISTEN 0 4096 192.0.2.1:80 0.0.0.0:*\n",
      ),
      "nft-ruleset": text(
        "table ip filter {\n}\ntable inet firewalld {\n\tchain filter_INPUT {\n\t\ttype filter hook input priority filter + 10; policy accept;\n\t}\n}\ntable ip6 nat {\n}\ntable bridge br {\n}\n",
      ),
    });
    expect(c.scenario.host.interfaces).toEqual([
      { name: "eth0", addr: "85.1.2.3/24", mac: "02:aa:00:00:00:01" },
      { name: "eth1", addr: "10.0.0.1/24" },
    ]);
    expect(c.scenario.host.routes).toEqual([
      { dst: "10.5.0.0/16", via: "10.0.0.254", dev: "eth1" },
      { dst: "10.7.0.0/16", via: "1.1.1.1", dev: "eth0" },
      { dst: "10.8.0.0/16", type: "unreachable" },
    ]);
    expect(c.scenario.host.listen).toEqual([
      { proto: "udp", port: 53, addr: "127.0.0.53" },
      { proto: "tcp", port: 8080, addr: "10.0.0.1" },
    ]);
    expect(c.warnings).toEqual([
      "lo has 10.255.0.1/32: addresses on the loopback device are not in the scenario (only 127.0.0.0/8 is local there)",
      "eth1 has more IPv4 addresses (10.0.0.2/24): a scenario interface has one, 10.0.0.1/24 is kept",
      "eth2 is down: left out with its addresses 10.9.0.1/24",
      "left out 1 link(s) without an IPv4 address (bridge ports, veths of containers...): veth1a2b",
      "IPv6 is not simulated: 1 IPv6 address(es), IPv6 routes and ip6tables are not captured",
      'local table: "local 10.96.0.0/12 dev lo" is not derived from an interface address; not in the scenario',
      'policy rule "5000: not fwmark 0xca6c lookup 51820" is not in the scenario: it selects the packets without that mark (not), which is not modelled',
      'policy rule "5001: suppress_prefixlen 0 lookup main" is not in the scenario: it uses suppress_prefixlen 0 (only a plain fwmark lookup is modelled)',
      'policy rule "5002: fwmark 0x2 unreachable" is not in the scenario: the action "unreachable" is not modelled (only lookups by fwmark)',
      'main table: "10.5.0.0/16 via 10.0.0.254 dev eth1": multipath; only the first next hop is kept',
      'main table: "10.7.0.0/16 via 1.1.1.1 dev eth0": onlink is not modelled (the engine uses the device; nfx record cannot rebuild it)',
      'main table: "10.9.9.0/24 via 10.9.0.254 dev eth2": its device is not in the scenario; left out',
      "routing table 51820 (1 route(s)) is not looked up by an fwmark rule; not in the scenario",
      "routing table 200 (1 route(s)) is not looked up by an fwmark rule; not in the scenario",
      "udp 127.0.0.53%lo:53: bound to device lo; the scenario listener takes it from every device",
      "tcp 192.0.2.1:80: bound to an address no captured interface has; left out",
      "nftables tables of families the explorer does not simulate, not captured: bridge br",
    ]);
    // iptables-save printed *filter: `table ip filter` is iptables-nft's and is not taken twice.
    expect(c.scenario.nftables).toMatch(/^table inet firewalld \{\n\tchain filter_INPUT \{\n[\s\S]*\}\n$/);
  });

  it("takes an iptables-named table as native when iptables-save could not print it, or nft says whose it is", () => {
    const nft = (body: string): Reading => text(`table ip filter {\n${body}\tchain INPUT {\n\t}\n}\n`);
    const incompatible = text("# Table `filter' is incompatible, use 'nft' tool.\n");
    const native = capture({ "iptables-save": incompatible, "nft-ruleset": nft("") });
    expect(native.scenario.nftables).toBe("table ip filter {\n\tchain INPUT {\n\t}\n}\n");
    const marked = capture({
      "iptables-save": incompatible,
      "nft-ruleset": nft("\t# Warning: table ip filter is managed by iptables-nft, do not touch!\n"),
    });
    expect(marked.scenario.nftables).toBeUndefined();
  });
});
