/** Parsing of `nft monitor trace` output, with or without `-a` (nftables 1.0.x). */
import { ICMP_CODES, ICMP_TYPES } from "@nfx/nftables";
import { DSCP_NAMES, ECN_NAMES, type HeaderFields, icmpNumber, parseNftTcpFlags, tcpFlagLetters } from "./header";

/** Interface and header data of a `packet:` line: the skb at the first event of a base-chain run. */
export interface TracePacket extends HeaderFields {
  iif?: string;
  oif?: string;
  ttl?: number;
  ipId?: number;
  /** The TOS byte, from nft's `ip dscp` and `ip ecn`. */
  tos?: number;
  /** TCP flag letters, e.g. "SA". */
  flags?: string;
}

/** One line of the monitor. `verdict` is nft's word in lower case: "accept", "jump A", "return"... */
export interface TraceLine {
  id: string;
  family: string;
  table: string;
  chain: string;
  kind: "packet" | "rule" | "policy" | "verdict";
  handle?: number;
  /** The rule as nft lists it (without its handle), for a `rule` line. */
  rule?: string;
  verdict?: string;
  packet?: TracePacket;
  raw: string;
}

const LINE = /^trace id ([0-9a-f]+) (\S+) (\S+) (\S+) (packet:|rule\b|policy\b|verdict\b) ?(.*)$/;

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/** One monitor line -> TraceLine; null for anything else (blank lines, errors, other events). */
export function parseTraceLine(raw: string): TraceLine | null {
  const line = raw.trimEnd();
  const m = LINE.exec(line);
  if (!m) return null;
  const [, id, family, table, chain, kindWord, rest] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const base = { id, family, table: unquote(table), chain: unquote(chain), raw: line };
  switch (kindWord) {
    case "packet:":
      return { ...base, kind: "packet", packet: parseTracePacket(rest) };
    case "rule": {
      const v = /(?:# handle (\d+) )?\(verdict ([^)]*)\)$/.exec(rest);
      return {
        ...base,
        kind: "rule",
        handle: v?.[1] !== undefined ? Number(v[1]) : undefined,
        rule: (v ? rest.slice(0, v.index) : rest).trim(),
        verdict: v ? normaliseVerdict(v[2]!) : undefined,
      };
    }
    case "policy":
      return { ...base, kind: "policy", verdict: normaliseVerdict(rest) };
    default:
      return { ...base, kind: "verdict", verdict: normaliseVerdict(rest) };
  }
}

function normaliseVerdict(v: string): string {
  return v
    .trim()
    .split(/\s+/)
    .map((w, i) => (i === 0 ? w.toLowerCase() : unquote(w)))
    .join(" ");
}

function num(re: RegExp, s: string): number | undefined {
  const m = re.exec(s);
  return m ? Number(m[1]) : undefined;
}

/** The body of a `packet:` line -> interfaces and header fields. */
function parseTracePacket(body: string): TracePacket {
  const str = (re: RegExp) => re.exec(body)?.[1];
  const p: TracePacket = {
    iif: str(/\biif "([^"]*)"/),
    oif: str(/\boif "([^"]*)"/),
    src: str(/\bip saddr (\S+)/) ?? "?",
    dst: str(/\bip daddr (\S+)/) ?? "?",
    ttl: num(/\bip ttl (\d+)/, body),
    ipId: num(/\bip id (\d+)/, body),
    proto: "?",
  };
  const dscp = str(/\bip dscp (\S+)/);
  const ecn = str(/\bip ecn (\S+)/);
  if (dscp !== undefined) {
    const d = /^(0x[0-9a-f]+|\d+)$/i.test(dscp) ? Number(dscp) : DSCP_NAMES[dscp];
    const e = ecn === undefined ? 0 : /^\d+$/.test(ecn) ? Number(ecn) : (ECN_NAMES[ecn] ?? 0);
    if (d !== undefined) p.tos = (d << 2) | e;
  }
  if (/\btcp sport /.test(body)) {
    p.proto = "tcp";
    p.sport = num(/\btcp sport (\d+)/, body);
    p.dport = num(/\btcp dport (\d+)/, body);
    const f = /\btcp flags == ((?:0x[0-9a-f]+|\w+)(?: \| (?:0x[0-9a-f]+|\w+))*)/.exec(body);
    const bits = f ? parseNftTcpFlags(f[1]!) : undefined;
    if (bits !== undefined) p.flags = tcpFlagLetters(bits);
  } else if (/\budp sport /.test(body)) {
    p.proto = "udp";
    p.sport = num(/\budp sport (\d+)/, body);
    p.dport = num(/\budp dport (\d+)/, body);
  } else if (/\bicmp type /.test(body)) {
    p.proto = "icmp";
    p.type = icmpNumber(str(/\bicmp type (\S+)/) ?? "", ICMP_TYPES);
    p.code = icmpNumber(str(/\bicmp code (\S+)/) ?? "0", ICMP_CODES) ?? 0;
  } else {
    const proto = str(/\bip protocol (\S+)/);
    if (proto) p.proto = proto;
  }
  return p;
}
