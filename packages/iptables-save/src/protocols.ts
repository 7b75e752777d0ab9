/** `/etc/protocols` as shipped by Debian netbase; iptables-save prints a protocol by this name. */
const NUMBER_TO_NAME: Readonly<Record<number, string>> = {
  1: "icmp",
  2: "igmp",
  3: "ggp",
  4: "ipencap",
  5: "st",
  6: "tcp",
  8: "egp",
  9: "igp",
  12: "pup",
  17: "udp",
  20: "hmp",
  22: "xns-idp",
  27: "rdp",
  29: "iso-tp4",
  33: "dccp",
  36: "xtp",
  37: "ddp",
  38: "idpr-cmtp",
  41: "ipv6",
  43: "ipv6-route",
  44: "ipv6-frag",
  45: "idrp",
  46: "rsvp",
  47: "gre",
  50: "esp",
  51: "ah",
  57: "skip",
  58: "ipv6-icmp",
  59: "ipv6-nonxt",
  60: "ipv6-opts",
  73: "rspf",
  81: "vmtp",
  88: "eigrp",
  89: "ospf",
  93: "ax.25",
  94: "ipip",
  97: "etherip",
  98: "encap",
  103: "pim",
  108: "ipcomp",
  112: "vrrp",
  115: "l2tp",
  124: "isis",
  132: "sctp",
  133: "fc",
  135: "mobility-header",
  136: "udplite",
  137: "mpls-in-ip",
  138: "manet",
  139: "hip",
  140: "shim6",
  141: "wesp",
  142: "rohc",
  143: "ethernet",
};

const NAME_TO_NUMBER = new Map<string, number>(
  Object.entries(NUMBER_TO_NAME).map(([n, name]) => [name, Number(n)] as [string, number]),
);
NAME_TO_NUMBER.set("icmpv6", 58);
NAME_TO_NUMBER.set("mh", 135);

/** The protocol number of a name or decimal number (case-insensitive), 0 for `all`, -1 when unknown. */
export function protocolNumber(text: string): number {
  const lower = text.toLowerCase();
  if (lower === "all") return 0;
  const known = NAME_TO_NUMBER.get(lower);
  if (known !== undefined) return known;
  if (/^\d{1,3}$/.test(text)) {
    const n = Number(text);
    return n <= 255 ? n : -1;
  }
  return -1;
}

/** The name iptables-save prints for a protocol number: the `/etc/protocols` name or the number itself. */
export function protocolName(proto: number): string {
  return NUMBER_TO_NAME[proto] ?? String(proto);
}
