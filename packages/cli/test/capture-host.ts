/**
 * A host for the capture tests, built in network namespaces of its own (`nfxc-<id>-h` and one neighbour per
 * interface, so that every link is up): a public uplink, a LAN, a Docker bridge, a policy route by fwmark,
 * Docker-like and kube-like iptables rules, ip_forward on, two listening sockets. Only addresses inside these
 * namespaces are used; nothing is sent anywhere.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { ScenarioHost, ScenarioPacket } from "@nfx/scenario";

export const HOSTNAME = "nfxc-test-host";

/** What the test builds, in the scenario's own words: the capture must read exactly this back. */
export const BUILT: Omit<ScenarioHost, "interfaces"> & { interfaces: { name: string; addr: string }[] } = {
  interfaces: [
    { name: "eth0", addr: "85.214.10.5/24" },
    { name: "eth1", addr: "10.20.0.1/24" },
    { name: "docker0", addr: "172.17.0.1/16" },
  ],
  routes: [
    { dst: "0.0.0.0/0", via: "10.20.0.254", dev: "eth1", mark: "0x1/0xff" },
    { dst: "0.0.0.0/0", via: "85.214.10.1", dev: "eth0" },
    { dst: "10.30.0.0/16", via: "10.20.0.254", dev: "eth1" },
    { dst: "45.33.0.0/16", type: "blackhole" },
  ],
  ip_forward: true,
  listen: [
    { proto: "tcp", port: 22 },
    { proto: "udp", port: 53, addr: "10.20.0.1" },
  ],
  conntrack: "auto",
  tcp_loose: true,
};

/** The comments and log prefixes of the ruleset below: redaction must leave none of them. */
export const FREE_TEXT = [
  "office ssh",
  "default/web:http cluster IP",
  "kubernetes service portals",
  "nfxc-test-host drop: ",
  "block telnet from the uplink",
  "fw telnet: ",
];
/** Public addresses the ruleset and host use. */
export const PUBLIC = ["85.214.10.5", "85.214.10.1", "62.157.140.0", "93.184.216.34", "45.33.0.0", "193.99.144.80"];

/**
 * A native nftables table beside iptables-nft's (as firewalld adds one): the capture takes it from
 * `nft list ruleset` and leaves iptables-nft's own tables to iptables-save. No test packet reaches its rules.
 */
export const NATIVE_NFT = `table inet nfxfw {
	chain input {
		type filter hook input priority filter + 10; policy accept;
		iifname "eth0" tcp dport 23 log prefix "fw telnet: " drop comment "block telnet from the uplink"
		ip saddr 193.99.144.80 tcp dport 2323 drop
	}
}
`;

export const RULESET = `*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -i docker0 -p tcp -m tcp --dport 443 -j MARK --set-xmark 0x1/0xff
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-WEB1 - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-WEB - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-A DOCKER -i docker0 -j RETURN
-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j KUBE-MARK-MASQ
-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j KUBE-SVC-WEB
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
-A KUBE-SEP-WEB1 -s 10.30.1.5/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-WEB1 -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.30.1.5:8080
-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-WEB
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-WEB ! -s 10.30.0.0/16 -d 10.96.0.10/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-WEB -m comment --comment "default/web:http -> 10.30.1.5:8080" -j KUBE-SEP-WEB1
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:DOCKER - [0:0]
:DOCKER-USER - [0:0]
:KUBE-FORWARD - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -s 62.157.140.0/24 -i eth0 -p tcp -m tcp --dport 22 -m comment --comment "office ssh" -j ACCEPT
-A INPUT -i eth1 -j ACCEPT
-A INPUT -p icmp -j ACCEPT
-A INPUT -p tcp -m tcp --dport 30080 -j ACCEPT
-A INPUT -j LOG --log-prefix "nfxc-test-host drop: "
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A FORWARD -j DOCKER-USER
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker0 -j DOCKER
-A FORWARD -i docker0 ! -o docker0 -j ACCEPT
-A FORWARD -i eth1 -j ACCEPT
-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
-A DOCKER-USER -d 93.184.216.34/32 -j DROP
-A DOCKER-USER -j RETURN
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
COMMIT
`;

/** Packets added to the captured scenario (a capture has none): one per path the host's set-up decides. */
export const PACKETS: ScenarioPacket[] = [
  // ssh from the office: accepted by the commented rule; the listener answers.
  { from: "eth0", proto: "tcp", src: "62.157.140.9", sport: 40000, dst: "85.214.10.5", dport: 22, flags: "S" },
  // ssh from elsewhere: logged and dropped by the policy.
  { from: "eth0", proto: "tcp", src: "85.214.10.77", sport: 40001, dst: "85.214.10.5", dport: 22, flags: "S" },
  // Docker's published port: DNAT to the container, forwarded out docker0.
  { from: "eth0", proto: "tcp", src: "62.157.140.9", sport: 40002, dst: "85.214.10.5", dport: 8080, flags: "S" },
  // A container to 443: marked, routed by the fwmark table through the LAN, masqueraded.
  { from: "docker0", proto: "tcp", src: "172.17.0.2", sport: 40003, dst: "85.214.11.9", dport: 443, flags: "S" },
  // A container to 80: the main table's default route, masqueraded out the uplink.
  { from: "docker0", proto: "tcp", src: "172.17.0.2", sport: 40004, dst: "85.214.11.9", dport: 80, flags: "S" },
  // A container to a blocked site: DOCKER-USER drops it.
  { from: "docker0", proto: "tcp", src: "172.17.0.2", sport: 40005, dst: "93.184.216.34", dport: 80, flags: "S" },
  // The node to a ClusterIP: kube's DNAT to the endpoint on the routed pod network.
  { from: "local", proto: "tcp", src: "10.20.0.1", sport: 40006, dst: "10.96.0.10", dport: 80, flags: "S" },
  // A NodePort from outside: marked for masquerade, DNAT to the endpoint, out the LAN.
  { from: "eth0", proto: "tcp", src: "62.157.140.9", sport: 40007, dst: "85.214.10.5", dport: 30080, flags: "S" },
  // The blackhole route.
  { from: "eth1", proto: "udp", src: "10.20.0.7", sport: 40008, dst: "45.33.7.9", dport: 9 },
  // DNS to the host's LAN address (a bound UDP socket).
  { from: "eth1", proto: "udp", src: "10.20.0.7", sport: 40009, dst: "10.20.0.1", dport: 53 },
];

function sh(cmd: string, args: readonly string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", input, timeout: 20_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

export class CaptureHost {
  readonly id = `${process.pid.toString(36)}${randomBytes(2).toString("hex")}`;
  readonly ns = `nfxc-${this.id}-h`;
  private readonly namespaces: string[] = [];
  private readonly listeners: ChildProcess[] = [];

  build(): void {
    const h = this.ns;
    // If this process dies without running destroy() (SIGKILL), a detached shell still deletes the namespaces.
    const names = [h, ...BUILT.interfaces.map((_, i) => `nfxc-${this.id}-p${i}`)];
    const reaper =
      'while kill -0 "$0" 2>/dev/null; do sleep 1; done; for ns in "$@"; do ' +
      'for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done; ip netns del "$ns" 2>/dev/null; done';
    spawn("sh", ["-c", reaper, String(process.pid), ...names], { detached: true, stdio: "ignore" }).unref();
    const add = (ns: string) => {
      sh("ip", ["netns", "add", ns]);
      this.namespaces.push(ns);
    };
    add(h);
    sh("ip", ["-n", h, "link", "set", "lo", "up"]);
    BUILT.interfaces.forEach((iface, i) => {
      const peer = `nfxc-${this.id}-p${i}`;
      add(peer);
      sh("ip", ["-n", h, "link", "add", iface.name, "type", "veth", "peer", "name", "nfxp", "netns", peer]);
      sh("ip", ["-n", h, "addr", "add", iface.addr, "dev", iface.name]);
      sh("ip", ["-n", h, "link", "set", iface.name, "up"]);
      sh("ip", ["-n", peer, "link", "set", "nfxp", "up"]);
    });
    sh("ip", ["-n", h, "route", "add", "default", "via", "85.214.10.1", "dev", "eth0"]);
    sh("ip", ["-n", h, "route", "add", "10.30.0.0/16", "via", "10.20.0.254", "dev", "eth1"]);
    sh("ip", ["-n", h, "route", "add", "blackhole", "45.33.0.0/16"]);
    // A second default with a worse metric: the capture keeps the better one and says so.
    sh("ip", ["-n", h, "route", "add", "default", "via", "10.20.0.254", "dev", "eth1", "metric", "500"]);
    sh("ip", ["-n", h, "route", "add", "default", "via", "10.20.0.254", "dev", "eth1", "table", "100"]);
    sh("ip", ["-n", h, "rule", "add", "fwmark", "0x1/0xff", "table", "100", "priority", "1000"]);
    // A rule the scenario cannot say (by source address): named in a warning.
    sh("ip", ["-n", h, "rule", "add", "from", "10.99.0.0/24", "table", "100", "priority", "1100"]);
    sh("ip", ["netns", "exec", h, "sysctl", "-qw", "net.ipv4.ip_forward=1"]);
    sh("ip", ["netns", "exec", h, "iptables-nft-restore"], RULESET);
    sh("ip", ["netns", "exec", h, "nft", "-f", "-"], NATIVE_NFT);
    // The listeners: the scenario's two and an IPv6-only one that the capture names and leaves out.
    const code = `
import socket, time
t = socket.socket(); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); t.bind(("0.0.0.0", 22)); t.listen()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("10.20.0.1", 53))
s = socket.socket(socket.AF_INET6); s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1); s.bind(("::", 8443)); s.listen()
print("ready", flush=True)
time.sleep(600)
`;
    const p = spawn("ip", ["netns", "exec", h, "/usr/bin/python3", "-c", code], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    this.listeners.push(p);
  }

  /** Resolves once the listeners are bound. */
  async ready(): Promise<void> {
    await Promise.all(
      this.listeners.map(
        (p) =>
          new Promise<void>((resolve, reject) => {
            p.stdout?.once("data", () => resolve());
            p.once("exit", (c) => reject(new Error(`listener exited with ${c}`)));
          }),
      ),
    );
  }

  /** Stops the listeners and deletes every namespace of this host. Safe to call more than once. */
  destroy(): void {
    for (const p of this.listeners.splice(0)) p.kill("SIGKILL");
    for (const ns of this.namespaces.splice(0).reverse()) {
      const pids = spawnSync("ip", ["netns", "pids", ns], { encoding: "utf8" }).stdout.split(/\s+/).filter(Boolean);
      for (const pid of pids) {
        try {
          process.kill(Number(pid), "SIGKILL");
        } catch {
          // exited meanwhile
        }
      }
      spawnSync("ip", ["netns", "del", ns]);
    }
  }
}
