import { readFileSync } from "node:fs";
import { formatIpv4, parseIpv4 } from "@nfx/model";
import { validateScenario } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import { AddressMap, captureHost, NameMap, type RecordedReadings, recordedReader, redactCapture } from "../src/index";

const recorded = JSON.parse(
  readFileSync(new URL("./fixtures/docker-kube-host.readings.json", import.meta.url), "utf8"),
) as RecordedReadings;

const mapAll = (items: [string, number?][], queries: [string, number?][]) => {
  const m = new AddressMap();
  for (const [a, p] of items) m.observe(parseIpv4(a)!, p);
  return queries.map(([a, p]) => formatIpv4(m.map(parseIpv4(a)!, p)));
};

describe("AddressMap", () => {
  it("maps public /24s into the documentation ranges, keeping offsets so gateways stay in their subnets", () => {
    expect(
      mapAll(
        [["85.1.2.3", 24], ["85.1.2.1"], ["62.157.140.0", 24], ["93.184.216.34"]],
        [["85.1.2.3", 24], ["85.1.2.1"], ["85.1.2.0", 24], ["62.157.140.9"], ["93.184.216.34"]],
      ),
    ).toEqual(["192.0.2.3", "192.0.2.1", "192.0.2.0", "198.51.100.9", "203.0.113.34"]);
  });

  it("keeps private, shared, loopback, link-local, multicast and reserved addresses", () => {
    const kept = [
      "10.1.2.3",
      "172.17.0.1",
      "192.168.1.1",
      "100.64.0.1",
      "127.0.0.53",
      "169.254.169.254",
      "224.0.0.1",
      "255.255.255.255",
      "0.0.0.0",
    ];
    expect(
      mapAll(
        [],
        kept.map((a) => [a]),
      ),
    ).toEqual(kept);
  });

  it("puts a fourth /24 and wider blocks in 198.18.0.0/15, whole, and keeps prefixes wider than /15", () => {
    const items: [string, number?][] = [
      ["1.0.1.1"],
      ["1.0.2.1"],
      ["1.0.3.1"],
      ["5.5.5.5"],
      ["45.33.0.0", 16],
      ["45.33.200.7"],
      ["8.0.0.0", 8],
    ];
    expect(mapAll(items, items)).toEqual([
      "192.0.2.1",
      "198.51.100.1",
      "203.0.113.1",
      "198.18.0.5",
      "198.19.0.0", // a /16 is aligned to its size
      "198.19.200.7", // inside the /16 it belongs to
      "8.0.0.0",
    ]);
  });

  it("maps documentation addresses too, so a kept address never meets a mapped one", () => {
    expect(mapAll([["85.1.2.3"], ["192.0.2.7"]], [["85.1.2.3"], ["192.0.2.7"]])).toEqual(["192.0.2.3", "198.51.100.7"]);
  });

  it("gives an address seen only later (a packet) a block of its own", () => {
    expect(mapAll([["85.1.2.3"]], [["85.1.2.3"], ["9.9.9.9"], ["9.9.9.10"]])).toEqual([
      "192.0.2.3",
      "198.51.100.9",
      "198.51.100.10",
    ]);
  });
});

describe("NameMap", () => {
  it("keeps wildcards true: cali+ matches exactly the images of the cali interfaces", () => {
    const m = new NameMap(["eth0", "cali1a2b", "cali9z", "calico-vxlan", "docker0"], ["cali", "calico-"]);
    const images = ["eth0", "cali1a2b", "cali9z", "calico-vxlan", "docker0"].map((n) => m.name(n));
    const matches = (pattern: string, name: string) => name.startsWith(pattern.slice(0, -1));
    for (const pattern of ["cali+", "calico-+"]) {
      const image = m.pattern(pattern);
      for (const [k, name] of ["eth0", "cali1a2b", "cali9z", "calico-vxlan", "docker0"].entries())
        expect(matches(image, images[k]!), `${pattern} ~ ${name}`).toBe(matches(pattern, name));
    }
    expect(new Set(images).size).toBe(5);
    expect(m.name("lo")).toBe("lo");
    expect(m.pattern("+")).toBe("+");
    for (const image of images) expect(image).toMatch(/^[A-Za-z0-9_]{1,15}$/);
  });
});

describe("redactCapture", () => {
  const raw = captureHost(recordedReader(recorded));
  const r = redactCapture(raw);
  const all = `${JSON.stringify(r.scenario)}\n${r.warnings.join("\n")}`;

  it("leaves no public address, interface name, comment, log prefix, MAC or host name", () => {
    const secrets = [
      "85.214.10",
      "62.157.140",
      "93.184.216.34",
      "45.33.",
      "eth0",
      "eth1",
      "docker0",
      "office ssh",
      "default/web:http",
      "kubernetes service portals",
      "nfxc-test-host",
      ...raw.scenario.host.interfaces.map((i) => i.mac!),
    ];
    for (const s of secrets) expect(all.toLowerCase(), s).not.toContain(s.toLowerCase());
    expect(validateScenario(r.scenario).ok).toBe(true);
  });

  it("keeps the structure: the same placeholder for the same thing everywhere", () => {
    const h = r.scenario.host;
    expect(h.interfaces.map((i) => `${i.name} ${i.addr}`)).toEqual([
      "if0 192.0.2.5/24",
      "if1 10.20.0.1/24",
      "if2 172.17.0.1/16",
    ]);
    expect(h.routes).toEqual([
      { dst: "0.0.0.0/0", via: "10.20.0.254", dev: "if1", mark: "0x1/0xff" },
      { dst: "0.0.0.0/0", via: "192.0.2.1", dev: "if0" },
      { dst: "10.30.0.0/16", via: "10.20.0.254", dev: "if1" },
      { dst: "198.18.0.0/16", type: "blackhole" },
    ]);
    expect(r.scenario.ruleset).toMatch(
      /-A INPUT -s 198\.51\.100\.0\/24 -i if0 -p tcp -m tcp --dport 22 -m comment --comment comment-1 -j ACCEPT/,
    );
    expect(r.scenario.ruleset).toMatch(/-A INPUT -j LOG --log-prefix "log-1 "/);
    // One service's comment is one placeholder in all its rules.
    const web = r.scenario.ruleset.match(/KUBE-SEP-WEB1 .*--comment (\S+)/g)!;
    expect(new Set(web.map((l) => l.replace(/.*--comment (\S+).*/, "$1"))).size).toBe(1);
    expect(r.warnings.join("\n")).toMatch(/two routes to 0\.0\.0\.0\/0: .* via 10\.20\.0\.254/);
  });

  it("names the public prefixes it keeps because they are wider than /15, and only those", () => {
    const scenario = {
      ...raw.scenario,
      ruleset:
        "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 8.0.0.0/8 -j DROP\n-A INPUT ! -d 127.0.0.0/8 -s 10.0.0.0/8 -j DROP\nCOMMIT\n",
    };
    const out = redactCapture({ ...raw, scenario });
    expect(out.scenario.ruleset).toContain("-A INPUT -s 8.0.0.0/8 -j DROP");
    expect(out.warnings.filter((w) => w.startsWith("prefixes wider"))).toEqual([
      "prefixes wider than /15 are kept as they are (they name no one's network): 8.0.0.0/8",
    ]);
  });

  it("maps IPv6 addresses in the messages too, and keeps the wildcard ::", () => {
    const r6 = redactCapture({
      ...raw,
      warnings: [
        "IPv6-only sockets are not simulated: tcp [2a01:4f8:1c1c:abcd::1]:443, tcp [::]:22, tcp [2A01:4F8:1C1C:ABCD::1]:80",
        "at 09:55:18, tcp [2001:4860:4860:0:0:0:0:8888]:53",
      ],
    });
    expect(r6.warnings.slice(0, 2)).toEqual([
      "IPv6-only sockets are not simulated: tcp [2001:db8::1]:443, tcp [::]:22, tcp [2001:db8::1]:80",
      "at 09:55:18, tcp [2001:db8::2]:53",
    ]);
  });

  it("rewrites quoted arguments, -m mac addresses and interface wildcards in any ruleset", () => {
    const scenario = {
      ...raw.scenario,
      ruleset:
        '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -i cali+ -m mac --mac-source 0A:1B:2C:3D:4E:5F -m comment --comment "say \\"hi\\" to 85.214.10.9" -j ACCEPT\n-A INPUT -i cali77 -d 85.214.10.0/24 -j DROP\nCOMMIT\n',
    };
    const out = redactCapture({ ...raw, scenario }).scenario.ruleset;
    expect(out).toBe(
      "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -i ifg0_+ -m mac --mac-source 02:00:00:00:00:01 -m comment --comment comment-1 -j ACCEPT\n-A INPUT -i ifg0_3 -d 192.0.2.0/24 -j DROP\nCOMMIT\n",
    );
  });
});

describe("redactCapture of native nftables tables", () => {
  const nft = `table inet fw { # handle 4
\tchain input { # handle 1
\t\ttype filter hook input priority filter + 10; policy accept;
\t\tiifname "eth0" ip saddr 193.99.144.80 log prefix "fw drop: " drop comment "office block" # handle 2
\t\tiifname { "eth1", "docker*" } oifname != "eth0" accept # handle 3
\t\tfib daddr . iif type local ip6 saddr 2a01:4f8::1 accept # handle 4
\t}
}
`;
  const r = redactCapture(captureHost(recordedReader({ ...recorded, "nft-ruleset": { ok: true, text: nft } })));

  it("replaces interfaces (also in sets and with nft's wildcard), comments, prefixes and addresses", () => {
    const text = r.scenario.nftables ?? "";
    for (const secret of ["eth0", "eth1", "docker", "193.99.144.80", "office block", "fw drop", "2a01:4f8"])
      expect(text, secret).not.toContain(secret);
    // The same interface has the same placeholder as in the host and the iptables rules.
    const eth0 = r.redactInterface("eth0");
    expect(text).toContain(`iifname "${eth0}" ip saddr ${r.redactAddresses("193.99.144.80")}`);
    expect(text).toMatch(/iifname \{ "if\d+", "ifg\d+_\*" \} oifname != "if\d+" accept # handle 3/);
    // Keywords after iif are not names; handles, chain names and structure are kept.
    expect(text).toContain("fib daddr . iif type local ip6 saddr 2001:db8::");
    expect(text).toMatch(/log prefix "log-\d+ " drop comment "comment-\d+" # handle 2/);
    expect(validateScenario(r.scenario).ok).toBe(true);
  });
});
