import type { Scenario } from "@nfx/scenario";

/**
 * What the app opens on: a small home router. eth0 faces the internet, eth1 the LAN. Every built-in chain of
 * raw, mangle, nat and filter is declared, so every cell is live; security is left out on purpose and shows
 * as a ghost ("not declared").
 */
const DEFAULT_RULESET = `*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.1.10:80
-A POSTROUTING -o eth0 -j MASQUERADE
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 23 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -i eth1 -o eth0 -j ACCEPT
-A FORWARD -d 192.168.1.10/32 -i eth0 -o eth1 -p tcp -m tcp --dport 80 -m conntrack --ctstate DNAT -j ACCEPT
COMMIT
`;

export const DEFAULT_SCENARIO: Scenario = {
  version: 1,
  name: "home-router",
  title: "A home router: stateful firewall, port forward, masquerade",
  host: {
    interfaces: [
      { name: "eth0", addr: "203.0.113.1/24" },
      { name: "eth1", addr: "192.168.1.1/24" },
    ],
    routes: [{ dst: "0.0.0.0/0", via: "203.0.113.254", dev: "eth0" }],
    ip_forward: true,
    listen: [
      { proto: "tcp", port: 22 },
      { proto: "tcp", port: 80 },
    ],
    conntrack: "on",
  },
  ruleset: DEFAULT_RULESET,
  packets: [
    { from: "eth0", proto: "tcp", src: "198.51.100.20", sport: 40000, dst: "203.0.113.1", dport: 22, flags: "S" },
    { from: "eth1", proto: "tcp", src: "192.168.1.10", sport: 50000, dst: "198.51.100.80", dport: 443, flags: "S" },
    { from: "eth0", proto: "tcp", src: "198.51.100.20", sport: 40001, dst: "203.0.113.1", dport: 8080, flags: "S" },
    { from: "eth0", proto: "tcp", src: "198.51.100.20", sport: 40002, dst: "203.0.113.1", dport: 23, flags: "S" },
  ],
  seed: 1,
};
