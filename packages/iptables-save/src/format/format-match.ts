import {
  ADDRESS_TYPES,
  type Cidr,
  CT_STATES,
  CT_STATUSES,
  formatCidr,
  formatIpv4,
  type Match,
  type Negatable,
  type PortRange,
  type TcpFlagsTest,
} from "@nfx/model";
import { formatIcmpType } from "../matches/icmp";
import { rateUnitName } from "../matches/misc";
import { formatPortRange, hex, hex2 } from "../numbers";
import { quoteArg, saveString } from "./quote";

const FLAG_ORDER = ["FIN", "SYN", "RST", "PSH", "ACK", "URG"];

function flagNames(bits: number): string {
  if (bits === 0) return "NONE";
  return FLAG_ORDER.filter((_, i) => bits & (1 << i)).join(",");
}

/** ` ! --opt value` or ` --opt value`. */
function opt<T>(name: string, n: Negatable<T> | undefined, show: (v: T) => string): string {
  if (!n) return "";
  return `${n.invert ? " !" : ""} ${name} ${show(n.value)}`;
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

/** Conntrack prints a host without `/32`. */
function ctAddress(c: Cidr): string {
  return c.mask === 0xffffffff ? formatIpv4(c.addr) : formatCidr(c);
}

function valueMask(v: { value: number; mask: number }): string {
  return v.mask === 0xffffffff ? hex(v.value) : `${hex(v.value)}/${hex(v.mask)}`;
}

function idRange(r: { min: number; max: number }): string {
  return r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`;
}

function statusList(list: readonly string[]): string {
  const shown = CT_STATUSES.filter((s) => s !== "NONE" && list.includes(s));
  return shown.length > 0 ? shown.join(",") : "NONE";
}

/** One match as iptables-save prints it, with a leading space: ` -m tcp --dport 22`. */
export function formatMatch(m: Match): string {
  switch (m.module) {
    case "tcp":
      return ` -m tcp${ports("--sport", m.sport)}${ports("--dport", m.dport)}${opt("--tcp-option", m.option, String)}${flags(m.flags)}`;
    case "udp":
      return ` -m udp${ports("--sport", m.sport)}${ports("--dport", m.dport)}`;
    case "icmp":
      return ` -m icmp${opt("--icmp-type", m.type, formatIcmpType)}`;
    case "multiport": {
      const name = m.direction === "src" ? "--sports" : m.direction === "dst" ? "--dports" : "--ports";
      return ` -m multiport${opt(name, m.ports, (list) => list.map((r) => formatPortRange(r)).join(","))}`;
    }
    case "iprange": {
      const range = (r: { from: number; to: number }) => `${formatIpv4(r.from)}-${formatIpv4(r.to)}`;
      return ` -m iprange${opt("--src-range", m.src, range)}${opt("--dst-range", m.dst, range)}`;
    }
    case "conntrack": {
      const states = (list: readonly string[]) => CT_STATES.filter((s) => list.includes(s)).join(",");
      const range = (r: PortRange) => formatPortRange(r);
      return (
        ` -m conntrack${opt("--ctstate", m.state, states)}${opt("--ctproto", m.proto, String)}` +
        `${opt("--ctorigsrc", m.origSrc, ctAddress)}${opt("--ctorigdst", m.origDst, ctAddress)}` +
        `${opt("--ctreplsrc", m.replSrc, ctAddress)}${opt("--ctrepldst", m.replDst, ctAddress)}` +
        `${opt("--ctorigsrcport", m.origSrcPort, range)}${opt("--ctorigdstport", m.origDstPort, range)}` +
        `${opt("--ctreplsrcport", m.replSrcPort, range)}${opt("--ctrepldstport", m.replDstPort, range)}` +
        `${opt("--ctstatus", m.status, statusList)}` +
        `${opt("--ctexpire", m.expire, (e) => (e.min === e.max ? `${e.min}` : `${e.min}:${e.max}`))}` +
        `${m.direction ? ` --ctdir ${m.direction}` : ""}`
      );
    }
    case "state":
      return ` -m state${opt("--state", m.state, (list) => CT_STATES.filter((s) => list.includes(s)).join(","))}`;
    case "mark":
    case "connmark":
      return ` -m ${m.module}${opt("--mark", m.mark, valueMask)}`;
    case "comment":
      return ` -m comment --comment ${saveString(m.comment)}`;
    case "addrtype": {
      const types = (list: readonly string[]) => ADDRESS_TYPES.filter((t) => list.includes(t)).join(",");
      return (
        ` -m addrtype${opt("--src-type", m.srcType, types)}${opt("--dst-type", m.dstType, types)}` +
        `${m.limitIfaceIn ? " --limit-iface-in" : ""}${m.limitIfaceOut ? " --limit-iface-out" : ""}`
      );
    }
    case "statistic": {
      const not = m.invert ? " !" : "";
      if (m.mode === "random") {
        // The kernel keeps lround(p * 2^31); iptables-save prints that fraction with 11 decimals.
        const p = Math.round(m.probability * 0x80000000) / 0x80000000;
        return ` -m statistic --mode random${not} --probability ${p.toFixed(11)}`;
      }
      return ` -m statistic --mode nth${not} --every ${m.every} --packet ${m.packet}`;
    }
    case "limit":
      return ` -m limit --limit ${m.rate.count}/${rateUnitName(m.rate.unit)}${m.burst !== 5 ? ` --limit-burst ${m.burst}` : ""}`;
    case "length":
      return ` -m length${opt("--length", m.length, (l) => (l.min === l.max ? `${l.min}` : `${l.min}:${l.max}`))}`;
    case "ttl":
      return ` -m ttl${m.op === "ne" ? " ! --ttl-eq" : ` --ttl-${m.op}`} ${m.value}`;
    case "tos":
      return ` -m tos${opt("--tos", m.tos, (t) => `${hex2(t.value)}/${hex2(t.mask)}`)}`;
    case "dscp":
      return ` -m dscp${opt("--dscp", m.dscp, hex2)}`;
    case "mac":
      return ` -m mac${opt("--mac-source", m.source, String)}`;
    case "owner":
      return (
        ` -m owner${m.socketExists ? `${m.socketExists.invert ? " !" : ""} --socket-exists` : ""}` +
        `${opt("--uid-owner", m.uid, idRange)}${opt("--gid-owner", m.gid, idRange)}` +
        `${m.supplGroups ? " --suppl-groups" : ""}`
      );
    case "pkttype":
      return ` -m pkttype${opt("--pkt-type", m.pktType, String)}`;
    case "ecn": {
      // libxt_ecn.c ecn_save: ECE, CWR, then the IP field, whatever order they were written in.
      const flag = (name: string, n: { invert: boolean } | undefined) => (n ? `${n.invert ? " !" : ""} ${name}` : "");
      return ` -m ecn${flag("--ecn-tcp-ece", m.ece)}${flag("--ecn-tcp-cwr", m.cwr)}${opt("--ecn-ip-ect", m.ipEct, String)}`;
    }
    case "unsupported":
      return ` -m ${m.name}${m.args.map((a) => ` ${quoteArg(a)}`).join("")}`;
  }
}
