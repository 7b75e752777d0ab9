import type { Negatable, PortRange, TcpFlagsTest, TcpMatch, UdpMatch } from "@nfx/model";
import type { ArgCursor } from "../cursor";
import { opt } from "../format/option";
import { type MatchModule, once, type RuleContext } from "../modules";
import { expectNumber, formatPortRange, parsePortRange } from "../numbers";

const FLAG_NAMES: Readonly<Record<string, number>> = {
  FIN: 1,
  SYN: 2,
  RST: 4,
  PSH: 8,
  ACK: 16,
  URG: 32,
  ALL: 63,
  NONE: 0,
};

/** `--syn`: what iptables-save prints it as. */
export const SYN_FLAGS: TcpFlagsTest = { mask: 1 | 2 | 4 | 16, comp: 2 };

function parseFlagList(text: string, cur: ArgCursor): number {
  let bits = 0;
  for (const name of text.split(",")) {
    const bit = FLAG_NAMES[name.toUpperCase()];
    if (bit === undefined) throw cur.error("bad-tcp-flag", `Unknown TCP flag \`${name}'`);
    bits |= bit;
  }
  return bits;
}

function checkProto(name: string, number: number, ctx: RuleContext, cur: ArgCursor): void {
  if (ctx.proto !== number || ctx.protoInvert) {
    throw cur.error("proto-required", `${name} match: only valid for protocol ${number}; use "-p ${name}" first`);
  }
}

const PORT_OPTIONS = ["--sport", "--source-port", "--dport", "--destination-port"];

class PortsBuilder {
  sport?: Negatable<PortRange>;
  dport?: Negatable<PortRange>;
  flags?: Negatable<TcpFlagsTest>;
  syn = false;
  option?: Negatable<number>;
  /** A negated test of every port was given (see {@link portTest}). */
  everyPortNegated = false;

  constructor(readonly name: "tcp" | "udp") {}

  /**
   * A test of every port (`:`, `0:65535`) is left out, as iptables-nft 1.8.9 does: plain it matches anyway; negated
   * (`! --sport :`) the kernel gets no port test either, so the rule matches every port, and when nothing else is
   * tested iptables drops the whole `-m tcp` (iptables-save prints `-p tcp`).
   */
  private portTest(range: PortRange, invert: boolean): Negatable<PortRange> | undefined {
    if (range.from !== 0 || range.to !== 65535) return { value: range, invert };
    if (invert) this.everyPortNegated = true;
    return undefined;
  }

  vanishes(): boolean {
    return this.everyPortNegated && !this.sport && !this.dport && !this.flags && !this.option;
  }

  parse(option: string, invert: boolean, cur: ArgCursor): void {
    switch (option) {
      case "--sport":
      case "--source-port": {
        once(this.name, "--sport", this.sport, cur);
        const text = cur.value(option);
        this.sport = this.portTest(parsePortRange(text, cur.column()), invert);
        return;
      }
      case "--dport":
      case "--destination-port": {
        once(this.name, "--dport", this.dport, cur);
        const text = cur.value(option);
        this.dport = this.portTest(parsePortRange(text, cur.column()), invert);
        return;
      }
      case "--syn":
      case "--tcp-flags": {
        if (this.flags !== undefined) {
          throw cur.error("syn-and-tcp-flags", "Only one of `--syn' or `--tcp-flags'  allowed");
        }
        if (option === "--syn") {
          this.flags = { value: SYN_FLAGS, invert };
          return;
        }
        const mask = parseFlagList(cur.value(option), cur);
        const comp = parseFlagList(cur.value(option), cur);
        this.flags = { value: { mask, comp }, invert };
        return;
      }
      default: {
        once(this.name, option, this.option, cur);
        const text = cur.value(option);
        this.option = { value: expectNumber(text, 1, 255, "TCP option", cur.column()), invert };
      }
    }
  }

  finish(ctx: RuleContext, cur: ArgCursor): TcpMatch | UdpMatch {
    checkProto(this.name, this.name === "tcp" ? 6 : 17, ctx, cur);
    const m: { -readonly [K in keyof TcpMatch]: TcpMatch[K] } = { module: "tcp" };
    if (this.name === "udp") (m as { module: string }).module = "udp";
    if (this.sport) m.sport = this.sport;
    if (this.dport) m.dport = this.dport;
    if (this.option) m.option = this.option;
    if (this.flags) m.flags = this.flags;
    return m as TcpMatch | UdpMatch;
  }
}

export const tcpModule: MatchModule<TcpMatch> = {
  name: "tcp",
  options: [...PORT_OPTIONS, "--tcp-flags", "--syn", "--tcp-option"],
  create: () => new PortsBuilder("tcp"),
  print: (m) =>
    ` -m tcp${ports("--sport", m.sport)}${ports("--dport", m.dport)}${opt("--tcp-option", m.option, String)}${flags(m.flags)}`,
};

export const udpModule: MatchModule<UdpMatch> = {
  name: "udp",
  options: PORT_OPTIONS,
  create: () => new PortsBuilder("udp"),
  print: (m) => ` -m udp${ports("--sport", m.sport)}${ports("--dport", m.dport)}`,
};

const FLAG_ORDER = ["FIN", "SYN", "RST", "PSH", "ACK", "URG"];

function flagNames(bits: number): string {
  if (bits === 0) return "NONE";
  return FLAG_ORDER.filter((_, i) => bits & (1 << i)).join(",");
}

function ports(name: string, n: Negatable<PortRange> | undefined): string {
  // tcp/udp leave out a full 0:65535 range, inverted or not (libxt_tcp.c tcp_save).
  if (!n || (n.value.from === 0 && n.value.to === 65535)) return "";
  return opt(name, n, (r) => formatPortRange(r));
}

function flags(n: Negatable<TcpFlagsTest> | undefined): string {
  if (!n || (n.value.mask === 0 && !n.invert)) return "";
  return opt("--tcp-flags", n, (f) => `${flagNames(f.mask)} ${flagNames(f.comp)}`);
}
