import {
  CT_STATES,
  type CtState,
  type Match,
  type Negatable,
  PKT_TYPES,
  type PktType,
  type PortRange,
  parseIpv4,
  prefixMask,
  type Rule,
} from "@nfx/model";
import ipaddr from "ipaddr.js";
import { parsePortRange } from "./port-range-field";
import { buildTarget, type TargetFormValues } from "./target-forms";

/** What the rule form holds: text as typed, so nothing the user types is lost while it is still invalid. */
export interface RuleFormValues extends TargetFormValues {
  src: string;
  dst: string;
  inIface: string;
  outIface: string;
  sport: string;
  dport: string;
  ctstate: CtState[];
  /** `-m pkttype --pkt-type`, or "" for any. */
  pktType: "" | PktType;
  /** `-m ecn`: the TCP flags that must be set, and the IP ECN field ("" for any). */
  ecnFlags: ("ece" | "cwr")[];
  ecnEct: "" | "0" | "1" | "2" | "3";
  comment: string;
}

export const EMPTY_FORM: RuleFormValues = {
  proto: "",
  src: "",
  dst: "",
  inIface: "",
  outIface: "",
  sport: "",
  dport: "",
  ctstate: [],
  pktType: "",
  ecnFlags: [],
  ecnEct: "",
  comment: "",
  target: "ACCEPT",
  to: "",
  rejectWith: "icmp-port-unreachable",
  logPrefix: "",
  mark: "",
  jumpTo: "",
};

export type FieldErrors = Partial<Record<keyof RuleFormValues, string>>;

function negated(text: string): { invert: boolean; body: string } {
  const t = text.trim();
  return t.startsWith("!") ? { invert: true, body: t.slice(1).trim() } : { invert: false, body: t };
}

/** `10.0.0.0/8`, `1.2.3.4` (a /32): checked with ipaddr.js, then stored masked as iptables does. */
export function parseCidrField(text: string): { addr: number; mask: number } | string {
  if (!text.includes("/")) {
    if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return "not an IPv4 address";
    return { addr: parseIpv4(text)!, mask: 0xffffffff };
  }
  try {
    const [addr, bits] = ipaddr.IPv4.parseCIDR(text);
    if (!ipaddr.IPv4.isValidFourPartDecimal(addr.toString())) return "not an IPv4 address";
    const mask = prefixMask(bits);
    return { addr: (parseIpv4(addr.toString())! & mask) >>> 0, mask };
  } catch {
    return "not an IPv4 CIDR (like 10.0.0.0/8)";
  }
}

/** An interface name as the kernel takes it: 1-15 characters, no `/` or spaces; a final `+` is a wildcard. */
export function ifaceProblem(text: string): string | null {
  const { body } = negated(text);
  if (!/^[^\s/:+]{1,15}\+?$/.test(body) && body !== "+")
    return "up to 15 characters, no spaces or /; `+` only at the end";
  return null;
}

/** Checks every field and builds the rule; a field with an error is named in `errors` and the rule is null. */
export function buildRule(v: RuleFormValues): { rule: Rule | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const rule: { -readonly [K in keyof Rule]: Rule[K] } = { matches: [], target: null };
  const matches: Match[] = [];
  for (const key of ["src", "dst"] as const) {
    if (!v[key].trim()) continue;
    const { invert, body } = negated(v[key]);
    const c = parseCidrField(body);
    if (typeof c === "string") errors[key] = c;
    else rule[key] = { value: c, invert };
  }
  for (const key of ["inIface", "outIface"] as const) {
    if (!v[key].trim()) continue;
    const p = ifaceProblem(v[key]);
    if (p) errors[key] = p;
    else rule[key] = { value: negated(v[key]).body, invert: negated(v[key]).invert };
  }
  if (v.proto) rule.proto = { value: v.proto, invert: false };
  const ports: { sport?: Negatable<PortRange>; dport?: Negatable<PortRange> } = {};
  let multi: { direction: "src" | "dst"; ports: PortRange[]; invert: boolean } | null = null;
  for (const key of ["sport", "dport"] as const) {
    if (!v[key].trim()) continue;
    if (v.proto !== "tcp" && v.proto !== "udp") {
      errors[key] = "ports need protocol tcp or udp";
      continue;
    }
    const { invert, body } = negated(v[key]);
    const parts = body.split(",").map((p) => parsePortRange(p));
    const bad = parts.find((p) => typeof p === "string");
    if (bad) errors[key] = bad as string;
    else if (parts.length > 15) errors[key] = "multiport takes at most 15 ports";
    else if (parts.length > 1) {
      if (multi) errors[key] = "one port list per rule (multiport)";
      else multi = { direction: key === "sport" ? "src" : "dst", ports: parts as PortRange[], invert };
    } else ports[key] = { value: parts[0] as PortRange, invert };
  }
  if ((v.proto === "tcp" || v.proto === "udp") && (ports.sport || ports.dport))
    matches.push({ module: v.proto, ...ports });
  if (multi)
    matches.push({
      module: "multiport",
      direction: multi.direction,
      ports: { value: multi.ports, invert: multi.invert },
    });
  if (v.ctstate.length) {
    const states = CT_STATES.filter((s) => v.ctstate.includes(s));
    matches.push({ module: "conntrack", state: { value: states, invert: false } });
  }
  if (v.pktType) {
    if (PKT_TYPES.includes(v.pktType))
      matches.push({ module: "pkttype", pktType: { value: v.pktType, invert: false } });
    else errors.pktType = `one of ${PKT_TYPES.join(", ")}`;
  }
  if (v.ecnFlags.length || v.ecnEct) {
    if (v.ecnFlags.length && v.proto !== "tcp") errors.ecnFlags = "ECE and CWR need protocol tcp";
    const set = { value: true, invert: false } as const;
    matches.push({
      module: "ecn",
      ...(v.ecnFlags.includes("ece") ? { ece: set } : {}),
      ...(v.ecnFlags.includes("cwr") ? { cwr: set } : {}),
      ...(v.ecnEct ? { ipEct: { value: Number(v.ecnEct), invert: false } } : {}),
    });
  }
  if (v.comment.trim()) {
    if (v.comment.length > 255) errors.comment = "at most 255 characters";
    else matches.push({ module: "comment", comment: v.comment });
  }
  rule.matches = matches;
  const target = buildTarget(v, errors);
  rule.target = target;
  return { rule: Object.keys(errors).length ? null : rule, errors };
}
