/** A scenario file (version 1), as far as the recorder reads it. */
export interface ScenarioJson {
  version: number;
  name?: string;
  description?: string;
  host: HostJson;
  /** iptables-save text, loaded with iptables-restore (nf_tables). */
  ruleset: string;
  packets: PacketJson[];
}

export interface HostJson {
  interfaces: InterfaceJson[];
  routes?: RouteJson[];
  ip_forward?: boolean;
  listen?: ListenJson[];
  /** "on": conntrack runs from the start; "auto" (default): only once a rule needs it. */
  conntrack?: "on" | "auto";
}

export interface InterfaceJson {
  name: string;
  /** CIDR, e.g. "10.0.0.1/24". */
  addr?: string;
  addrs?: string[];
}

export interface RouteJson {
  dst: string;
  via?: string;
  dev?: string;
  /** unicast (default), blackhole, unreachable, prohibit. */
  type?: string;
  metric?: number;
  src?: string;
  /** Policy routing: `"0x1"` or `"0x1/0xff"`; the route serves only packets with that mark. */
  mark?: string;
}

export interface ListenJson {
  proto: "tcp" | "udp";
  port: number;
  addr?: string;
}

export interface InnerHeaderJson {
  proto: "tcp" | "udp" | "icmp";
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  seq?: number;
  flags?: string;
  ttl?: number;
  id?: number;
  type?: number;
  code?: number;
  icmp_id?: number;
  icmp_seq?: number;
}

export interface PacketJson {
  /** A host interface name (the packet arrives there from the neighbour) or "local" (the host sends it). */
  from: string;
  proto: "tcp" | "udp" | "icmp";
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  /** TCP flag letters: F S R P A U. */
  flags?: string;
  seq?: number;
  /** A number, or "auto": acknowledge what the host last sent on this flow. */
  ack?: number | "auto";
  ttl?: number;
  tos?: number;
  id?: number;
  df?: boolean;
  icmp_id?: number;
  icmp_seq?: number;
  type?: number;
  code?: number;
  payload?: string;
  inner?: InnerHeaderJson;
}

/** What left the host toward a neighbour, as the neighbour received it. */
export interface Egress {
  dev: string;
  header: string;
  flags?: string;
  ttl: number;
  tos: number;
}

export type Fate = "local" | "forwarded" | "sent" | "dropped";

export interface RecordedPacket {
  trace: string[];
  headers: string[];
  fate: Fate;
  egress: Egress | null;
  send_error?: string;
}

export interface RecordedResponse extends RecordedPacket {
  after_packet: number;
  header: string;
  flags?: string;
}

/** The kernel's answer to a scenario: the format of conformance/NAME.expected.json. */
export interface RecordedAnswer {
  kernel: string;
  packets: RecordedPacket[];
  responses: RecordedResponse[];
  conntrack: string[];
}
