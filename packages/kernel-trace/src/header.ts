/** Header strings of the answer format and the name tables needed to build them (nft's ICMP names: @nfx/nftables). */

const TCP_FLAG_BITS: ReadonlyArray<readonly [string, number, string]> = [
  ["F", 0x01, "fin"],
  ["S", 0x02, "syn"],
  ["R", 0x04, "rst"],
  ["P", 0x08, "psh"],
  ["A", 0x10, "ack"],
  ["U", 0x20, "urg"],
  ["E", 0x40, "ecn"],
  ["C", 0x80, "cwr"],
];

/** TCP flag byte -> letters in bit order (F S R P A U E C), e.g. 0x12 -> "SA". */
export function tcpFlagLetters(bits: number): string {
  return TCP_FLAG_BITS.filter(([, bit]) => bits & bit)
    .map(([letter]) => letter)
    .join("");
}

/** nft's `tcp flags == ...` value ("syn", "0x12", "fin | ack") -> flag byte; undefined if unreadable. */
export function parseNftTcpFlags(value: string): number | undefined {
  let bits = 0;
  for (const part of value.split("|").map((p) => p.trim())) {
    if (/^(0x[0-9a-f]+|\d+)$/i.test(part)) bits |= Number(part);
    else {
      const known = TCP_FLAG_BITS.find(([, , name]) => name === part);
      if (!known) return undefined;
      bits |= known[1];
    }
  }
  return bits;
}

/** Name or number as nft prints it -> number. */
export function icmpNumber(value: string, table: Readonly<Record<string, number>>): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  return table[value];
}

/** The protocol-level view of an IPv4 header that the answer format prints. */
export interface HeaderFields {
  proto: string;
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  type?: number;
  code?: number;
}

/** `tcp|udp SRC:SPORT > DST:DPORT` or `icmp SRC > DST type T code C`. */
export function formatHeader(h: HeaderFields): string {
  if (h.proto === "tcp" || h.proto === "udp") return `${h.proto} ${h.src}:${h.sport} > ${h.dst}:${h.dport}`;
  if (h.proto === "icmp") return `icmp ${h.src} > ${h.dst} type ${h.type} code ${h.code}`;
  return `${h.proto} ${h.src} > ${h.dst}`;
}

const PROTO_NAMES: Readonly<Record<number, string>> = { 1: "icmp", 6: "tcp", 17: "udp" };

/** IP protocol number -> the name used in headers ("47" for one without a name here). */
export function protoName(n: number): string {
  return PROTO_NAMES[n] ?? String(n);
}

/** nft's DSCP names (nftables src/proto.c dscp_type_tbl). */
export const DSCP_NAMES: Readonly<Record<string, number>> = {
  cs0: 0x00,
  cs1: 0x08,
  cs2: 0x10,
  cs3: 0x18,
  cs4: 0x20,
  cs5: 0x28,
  cs6: 0x30,
  cs7: 0x38,
  df: 0x00,
  be: 0x00,
  lephb: 0x01,
  af11: 0x0a,
  af12: 0x0c,
  af13: 0x0e,
  af21: 0x12,
  af22: 0x14,
  af23: 0x16,
  af31: 0x1a,
  af32: 0x1c,
  af33: 0x1e,
  af41: 0x22,
  af42: 0x24,
  af43: 0x26,
  va: 0x2c,
  ef: 0x2e,
};

/** nft's ECN names. */
export const ECN_NAMES: Readonly<Record<string, number>> = { "not-ect": 0, ect1: 1, ect0: 2, ce: 3 };
