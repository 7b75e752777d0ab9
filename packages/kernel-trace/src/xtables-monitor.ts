/**
 * Parsing of `xtables-monitor --trace` output (iptables 1.8.x), into the same lines as `nft monitor trace`:
 *
 *   PACKET: 2 ff829283 IN=eth0 MACSRC=... SRC=10.99.0.2 DST=10.99.0.1 LEN=60 TOS=0x0 TTL=64 ID=54198 DF SPORT=54230 DPORT=22 SYN
 *    TRACE: 2 ff829283 filter:INPUT:rule:0x7:JUMP:SSH  -4 -t filter -A INPUT -p tcp -m tcp --dport 22 -j SSH
 *    TRACE: 2 ff829283 filter:INPUT:policy:DROP
 *
 * The number after `PACKET:`/`TRACE:` is the table's family as the kernel numbers it (NFPROTO_*); the rule
 * is printed in iptables' own syntax for iptables-nft's tables (so it can be found in `iptables-save`), and not
 * at all for native nft tables.
 */
import type { TraceLine, TracePacket } from "./nft-monitor";

/** NFPROTO_* numbers (linux/netfilter.h) -> nft's family names. */
const FAMILIES: Readonly<Record<string, string>> = {
  "1": "inet",
  "2": "ip",
  "3": "arp",
  "5": "netdev",
  "7": "bridge",
  "10": "ip6",
};

const PACKET = /^\s*PACKET: (\d+) ([0-9a-f]+) (.*)$/;
/** `table:chain:kind:...`; table and chain names hold no colon in iptables, and nft lists them plainly. */
const TRACE = /^\s*TRACE: (\d+) ([0-9a-f]+) ([^:\s]+):([^:\s]+):(rule|policy|return)(?::(\S*))?(?:\s+(.*))?$/;
const TCP_FLAGS: readonly (readonly [string, string])[] = [
  ["FIN", "F"],
  ["SYN", "S"],
  ["RST", "R"],
  ["PSH", "P"],
  ["ACK", "A"],
  ["URG", "U"],
  ["ECE", "E"],
  ["CWR", "C"],
];

/** True when the line is one `xtables-monitor --trace` prints (a packet or a trace event). */
export function isXtablesTraceLine(raw: string): boolean {
  return /^\s*(PACKET|TRACE): \d+ [0-9a-f]+ /.test(raw);
}

/**
 * One line -> a trace line as `nft monitor trace` would give it (`kind: "packet"` for `PACKET:`, whose table
 * and chain are those of the next event), or null for anything else. `rule` holds the iptables rule text.
 */
export function parseXtablesLine(raw: string): TraceLine | null {
  const line = raw.trimEnd();
  const p = PACKET.exec(line);
  if (p) {
    return {
      id: p[2]!,
      family: FAMILIES[p[1]!] ?? p[1]!,
      table: "",
      chain: "",
      kind: "packet",
      packet: parsePacket(p[3]!),
      raw: line,
    };
  }
  const t = TRACE.exec(line);
  if (!t) return null;
  const [, family, id, table, chain, kind, rest = "", text = ""] = t as unknown as string[];
  const base = { id: id!, family: FAMILIES[family!] ?? family!, table: table!, chain: chain!, raw: line };
  if (kind === "policy") return { ...base, kind: "policy", verdict: rest.toLowerCase() };
  if (kind === "return") return { ...base, kind: "verdict", verdict: "return" };
  // rule:0x7:JUMP:SSH -> handle 7, verdict "jump SSH"
  const [handle, word = "", ...target] = rest.split(":");
  const rule = text.trim().replace(/^-[46] -t \S+ /, "");
  return {
    ...base,
    kind: "rule",
    handle: handle && /^0x[0-9a-f]+$/i.test(handle) ? Number(handle) : undefined,
    verdict: [word.toLowerCase(), ...target].join(" ").trim(),
    ...(rule ? { rule } : {}),
  };
}

function parsePacket(body: string): TracePacket {
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S*)`).exec(body)?.[1];
  const num = (name: string) => {
    const v = field(name);
    return v === undefined || v === "" ? undefined : Number(v);
  };
  const words = new Set(body.split(/\s+/));
  const p: TracePacket = {
    src: field("SRC") ?? "?",
    dst: field("DST") ?? "?",
    proto: "?",
    ...(field("IN") ? { iif: field("IN") } : {}),
    ...(field("OUT") ? { oif: field("OUT") } : {}),
    ...(num("TTL") !== undefined ? { ttl: num("TTL") } : {}),
    ...(num("ID") !== undefined ? { ipId: num("ID") } : {}),
    ...(field("TOS") !== undefined ? { tos: Number(field("TOS")) } : {}),
  };
  const flags = TCP_FLAGS.filter(([word]) => words.has(word))
    .map(([, letter]) => letter)
    .join("");
  const proto = field("PROTO")?.toLowerCase();
  if (field("SPORT") !== undefined) {
    // xtables-monitor names no protocol for TCP and UDP: a TCP segment always has a flag, a datagram none.
    p.proto = proto === "udp" || proto === "tcp" ? proto : flags ? "tcp" : "udp";
    p.sport = num("SPORT");
    p.dport = num("DPORT");
    if (p.proto === "tcp") p.flags = flags;
  } else if (field("TYPE") !== undefined) {
    p.proto = "icmp";
    p.type = num("TYPE");
    p.code = num("CODE") ?? 0;
  } else if (proto) p.proto = proto;
  return p;
}
