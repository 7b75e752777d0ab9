import type { PacketSnapshot } from "@nfx/engine";
import {
  type Cidr,
  cidrContains,
  formatCidr,
  type Match,
  type Negatable,
  type PortRange,
  parseIpv4,
  type Rule,
} from "@nfx/model";
import { type Strings, stringsFor } from "../i18n";

/** One condition of a rule, checked against the packet as it stood in that chain. */
export interface ConditionCheck {
  /** The condition as iptables-save writes it (`-s 10.0.0.0/8`, `--dport 22`). */
  readonly text: string;
  /** true: holds; false: does not; null: the snapshot cannot tell (limit, statistic, owner...). */
  readonly holds: boolean | null;
  /** Why, in plain words, with the packet's own value. */
  readonly why: string;
}

export interface RuleExplanation {
  readonly checks: readonly ConditionCheck[];
  /** The first condition that does not hold: the reason a passed rule did not match. */
  readonly firstMiss: ConditionCheck | null;
}

/** The explanation's words, in the reader's language (passed down, never module state). */
type Words = Strings["explain"];

function ipOf(text: string): number {
  return parseIpv4(text) ?? 0;
}

function neg(n: { invert: boolean }): string {
  return n.invert ? "! " : "";
}

/** Applies `!`: a negated test holds when the plain test does not. */
function apply(n: { invert: boolean }, plain: boolean | null): boolean | null {
  return plain === null ? null : n.invert ? !plain : plain;
}

function cidrCheck(flag: string, c: Negatable<Cidr>, addr: string, s: Words): ConditionCheck {
  const text = `${neg(c)}${flag} ${formatCidr(c.value)}`;
  const inside = cidrContains(c.value, ipOf(addr));
  const holds = apply(c, inside)!;
  return { text, holds, why: inside ? s.inNet(addr) : s.notInNet(addr) };
}

function ifaceMatches(pattern: string, name: string | null): boolean {
  if (name === null) return false;
  return pattern.endsWith("+") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

function ifaceCheck(flag: "-i" | "-o", n: Negatable<string>, name: string | null, s: Words): ConditionCheck {
  const same = ifaceMatches(n.value, name);
  return { text: `${neg(n)}${flag} ${n.value}`, holds: apply(n, same)!, why: s.iface(flag, name) };
}

function rangeText(r: PortRange): string {
  return r.from === r.to ? `${r.from}` : `${r.from}:${r.to}`;
}

function inRange(r: PortRange, v: number): boolean {
  return v >= r.from && v <= r.to;
}

function portCheck(flag: "--sport" | "--dport", n: Negatable<PortRange>, port: number, s: Words): ConditionCheck {
  const hit = inRange(n.value, port);
  return { text: `${neg(n)}${flag} ${rangeText(n.value)}`, holds: apply(n, hit)!, why: s.port(flag, port) };
}

const FLAG_BITS = "FSRPAU";
function flagBits(letters: string): number {
  let b = 0;
  for (const ch of letters) {
    const i = FLAG_BITS.indexOf(ch);
    if (i >= 0) b |= 1 << i;
  }
  return b;
}
function flagNames(bits: number): string {
  const names = ["FIN", "SYN", "RST", "PSH", "ACK", "URG"];
  const out = names.filter((_, i) => bits & (1 << i));
  return out.length ? out.join(",") : "NONE";
}

function unknown(text: string, why: string): ConditionCheck {
  return { text, holds: null, why };
}

function matchChecks(m: Match, p: PacketSnapshot, s: Words): ConditionCheck[] {
  switch (m.module) {
    case "tcp":
    case "udp": {
      const out: ConditionCheck[] = [];
      if (m.sport) out.push(portCheck("--sport", m.sport, p.sport, s));
      if (m.dport) out.push(portCheck("--dport", m.dport, p.dport, s));
      if (m.module === "tcp" && m.flags) {
        const f = m.flags;
        const bits = flagBits(p.flags);
        const hit = (bits & f.value.mask) === f.value.comp;
        out.push({
          text: `${neg(f)}--tcp-flags ${flagNames(f.value.mask)} ${flagNames(f.value.comp)}`,
          holds: apply(f, hit)!,
          why: s.flags(p.flags),
        });
      }
      if (m.module === "tcp" && m.option) out.push(unknown(`--tcp-option ${m.option.value}`, s.notVisible));
      return out;
    }
    case "icmp": {
      const t = m.type;
      const any = t.value.type === "any";
      const hit =
        p.proto === "icmp" &&
        (any || (t.value.type === p.icmpType && p.icmpCode >= t.value.codeMin && p.icmpCode <= t.value.codeMax));
      const typeText = any ? "any" : `${t.value.type}`;
      return [
        { text: `${neg(t)}--icmp-type ${typeText}`, holds: apply(t, hit)!, why: s.icmpType(p.icmpType, p.icmpCode) },
      ];
    }
    case "multiport": {
      const ports = m.direction === "src" ? [p.sport] : m.direction === "dst" ? [p.dport] : [p.sport, p.dport];
      const hit = ports.some((v) => m.ports.value.some((r) => inRange(r, v)));
      const flag = m.direction === "src" ? "--sports" : m.direction === "dst" ? "--dports" : "--ports";
      return [
        {
          text: `${neg(m.ports)}${flag} ${m.ports.value.map(rangeText).join(",")}`,
          holds: apply(m.ports, hit)!,
          why: s.ports(ports),
        },
      ];
    }
    case "iprange": {
      const out: ConditionCheck[] = [];
      for (const [flag, r, addr] of [
        ["--src-range", m.src, p.src],
        ["--dst-range", m.dst, p.dst],
      ] as const) {
        if (!r) continue;
        const a = ipOf(addr);
        const hit = a >= r.value.from && a <= r.value.to;
        out.push({
          text: `${neg(r)}${flag} …`,
          holds: apply(r, hit)!,
          why: hit ? s.inRange(addr) : s.notInRange(addr),
        });
      }
      return out;
    }
    case "conntrack":
    case "state": {
      const out: ConditionCheck[] = [];
      if (m.state) {
        const flag = m.module === "state" ? "--state" : "--ctstate";
        const states = m.state.value;
        // SNAT/DNAT are connection status bits the snapshot does not carry; the plain states it does.
        const plain = states.filter((x) => x !== "SNAT" && x !== "DNAT");
        const hit = plain.includes(p.ctinfo as (typeof plain)[number]);
        const holds = hit ? apply(m.state, true) : plain.length === states.length ? apply(m.state, false) : null;
        out.push({ text: `${neg(m.state)}${flag} ${states.join(",")}`, holds, why: s.ctstate(p.ctinfo) });
      }
      if (m.module === "conntrack") {
        if (m.direction) {
          const hit = p.ctDirection === m.direction;
          out.push({ text: `--ctdir ${m.direction}`, holds: hit, why: s.ctdir(p.ctDirection) });
        }
        if (m.status) out.push(unknown(`--ctstatus ${m.status.value.join(",")}`, s.notVisible));
        for (const key of ["origSrc", "origDst", "replSrc", "replDst"] as const) {
          if (m[key]) out.push(unknown(`--ct${key.toLowerCase()} ${formatCidr(m[key].value)}`, s.notVisible));
        }
      }
      return out;
    }
    case "mark":
    case "connmark": {
      const v = m.module === "mark" ? p.mark : p.ctMark;
      const hit = (v & m.mark.value.mask) >>> 0 === m.mark.value.value;
      const hex = (n: number) => `0x${n.toString(16)}`;
      return [
        {
          text: `${neg(m.mark)}--mark ${hex(m.mark.value.value)}`,
          holds: apply(m.mark, hit)!,
          why: s.mark(m.module, hex(v)),
        },
      ];
    }
    case "comment":
      return [];
    case "length": {
      const hit = p.length >= m.length.value.min && p.length <= m.length.value.max;
      return [
        {
          text: `${neg(m.length)}--length ${m.length.value.min}:${m.length.value.max}`,
          holds: apply(m.length, hit)!,
          why: s.length(p.length),
        },
      ];
    }
    case "ttl": {
      const hit =
        m.op === "eq"
          ? p.ttl === m.value
          : m.op === "ne"
            ? p.ttl !== m.value
            : m.op === "lt"
              ? p.ttl < m.value
              : p.ttl > m.value;
      return [{ text: `--ttl-${m.op} ${m.value}`, holds: hit, why: s.ttl(p.ttl) }];
    }
    case "tos": {
      const hit = (p.tos & m.tos.value.mask) === m.tos.value.value;
      return [
        {
          text: `${neg(m.tos)}--tos 0x${m.tos.value.value.toString(16)}`,
          holds: apply(m.tos, hit)!,
          why: s.tos(p.tos),
        },
      ];
    }
    case "dscp": {
      const hit = p.tos >> 2 === m.dscp.value;
      return [{ text: `${neg(m.dscp)}--dscp ${m.dscp.value}`, holds: apply(m.dscp, hit)!, why: s.tos(p.tos) }];
    }
    default:
      return [unknown(`-m ${m.module === "unsupported" ? m.name : m.module}`, s.notVisible)];
  }
}

/**
 * Checks each condition of `rule` against the packet as it entered the chain, in the order iptables
 * evaluates them, so the first failing one is the reason a rule was passed ("-s 10.0.0.0/8: 198.51.100.20
 * is not in it"). It mirrors, and never replaces, the engine's verdict: conditions the snapshot cannot see
 * (limit, statistic, owner, conntrack status) come back as `null`.
 */
export function explainRule(rule: Rule, p: PacketSnapshot, t: Strings = stringsFor("en")): RuleExplanation {
  const s = t.explain;
  const checks: ConditionCheck[] = [];
  if (rule.src) checks.push(cidrCheck("-s", rule.src, p.src, s));
  if (rule.dst) checks.push(cidrCheck("-d", rule.dst, p.dst, s));
  if (rule.inIface) checks.push(ifaceCheck("-i", rule.inIface, p.inIface, s));
  if (rule.outIface) checks.push(ifaceCheck("-o", rule.outIface, p.outIface, s));
  if (rule.proto) {
    const name = rule.proto.value;
    const hit = name === "all" || name === "0" || name === p.proto;
    checks.push({ text: `${neg(rule.proto)}-p ${name}`, holds: apply(rule.proto, hit)!, why: s.proto(p.proto) });
  }
  if (rule.fragment)
    checks.push({ text: `${neg(rule.fragment)}-f`, holds: apply(rule.fragment, false)!, why: s.fragment });
  for (const m of rule.matches) checks.push(...matchChecks(m, p, s));
  return { checks, firstMiss: checks.find((c) => c.holds === false) ?? null };
}

/** "-s 10.0.0.0/8: 198.51.100.20 is not in it" — the one-line reason a rule was passed. */
export function missReason(rule: Rule, p: PacketSnapshot, t: Strings = stringsFor("en")): string {
  const s = t.explain;
  const { firstMiss, checks } = explainRule(rule, p, t);
  if (firstMiss) return `${firstMiss.text}: ${firstMiss.why}`;
  const unsure = checks.find((c) => c.holds === null);
  return unsure ? `${unsure.text}: ${unsure.why}` : s.noMissFound;
}
