import {
  type NatRange,
  type NatTarget,
  type PortRange,
  parseIpv4,
  REJECT_WITH,
  type RejectWith,
  type Target,
  type TargetKind,
  type TargetOf,
} from "@nfx/model";
import ipaddr from "ipaddr.js";
import { parsePortRange } from "./port-range-field";

/** The rule form's target fields, as typed (the rest of the form is rule-form-model's). */
export interface TargetFormValues {
  target: TargetKind;
  /** The rule's protocol: a target's ports need tcp or udp. */
  proto: "" | "tcp" | "udp" | "icmp";
  /** DNAT/SNAT address[:port], REDIRECT/MASQUERADE ports. */
  to: string;
  rejectWith: RejectWith;
  logPrefix: string;
  mark: string;
  jumpTo: string;
}

export type TargetFieldErrors = Partial<Record<"target" | "to" | "logPrefix" | "mark" | "jumpTo", string>>;

/** A control the form shows for a target; RuleForm draws each one. */
export type TargetControl = "reject-with" | "jump-to" | "to-address" | "to-ports" | "log-prefix" | "mark";

/** One target in the rule form: the controls it needs and the target it builds from them. */
export interface TargetForm<T extends Target> {
  readonly controls: readonly TargetControl[];
  /** The target, or null when a field cannot make one; each field in error is named in `errors`. */
  build(v: TargetFormValues, errors: TargetFieldErrors): T | null;
}

const plain = <K extends "ACCEPT" | "DROP" | "RETURN" | "NOTRACK">(kind: K): TargetForm<TargetOf<K>> => ({
  controls: [],
  build: () => ({ kind }) as TargetOf<K>,
});

function toPorts(v: TargetFormValues, errors: TargetFieldErrors): PortRange | undefined {
  if (!v.to.trim()) return undefined;
  if (v.proto !== "tcp" && v.proto !== "udp") errors.to = "ports need protocol tcp or udp";
  const r = parsePortRange(v.to.trim().replace("-", ":"));
  if (typeof r === "string") {
    errors.to = r;
    return undefined;
  }
  return r;
}

/** `10.0.0.2` or `10.0.0.2:80` (or a port range) for DNAT and SNAT. */
function natRange(v: TargetFormValues, errors: TargetFieldErrors): NatRange | null {
  const m = /^([\d.]+)(?::(\d{1,5}(?::\d{1,5})?))?$/.exec(v.to.trim());
  if (!m || !ipaddr.IPv4.isValidFourPartDecimal(m[1]!)) {
    errors.to = "an address, optionally with :port, like 10.0.0.2:80";
    return null;
  }
  const addr = parseIpv4(m[1]!)!;
  if (!m[2]) return { addrFrom: addr, addrTo: addr };
  if (v.proto !== "tcp" && v.proto !== "udp") errors.to = "a port needs protocol tcp or udp";
  const r = parsePortRange(m[2]);
  if (typeof r === "string") {
    errors.to = r;
    return { addrFrom: addr, addrTo: addr };
  }
  return { addrFrom: addr, addrTo: addr, ports: r };
}

const nat = (kind: "DNAT" | "SNAT"): TargetForm<NatTarget> => ({
  controls: ["to-address"],
  build(v, errors) {
    const to = natRange(v, errors);
    return to && { kind, to, random: false, randomFully: false, persistent: false };
  },
});

/**
 * Every target kind, in the order the form lists them: the form for it, or null where the form does not offer
 * it (the ruleset text and the file still take it). A new kind must be placed here: leaving it out does not
 * compile.
 */
export const TARGET_FORMS: { readonly [K in TargetKind]: TargetForm<TargetOf<K>> | null } = {
  ACCEPT: plain("ACCEPT"),
  DROP: plain("DROP"),
  REJECT: {
    controls: ["reject-with"],
    build: (v) => ({
      kind: "REJECT",
      with: REJECT_WITH.includes(v.rejectWith) ? v.rejectWith : "icmp-port-unreachable",
    }),
  },
  RETURN: plain("RETURN"),
  LOG: {
    controls: ["log-prefix"],
    build(v, errors) {
      if (v.logPrefix.length > 29) errors.logPrefix = "at most 29 characters";
      return v.logPrefix ? { kind: "LOG", prefix: v.logPrefix, flags: [] } : { kind: "LOG", flags: [] };
    },
  },
  jump: {
    controls: ["jump-to"],
    build(v, errors) {
      if (!v.jumpTo) errors.jumpTo = "choose a chain";
      return { kind: "jump", chain: v.jumpTo };
    },
  },
  DNAT: nat("DNAT"),
  SNAT: nat("SNAT"),
  MASQUERADE: {
    controls: ["to-ports"],
    build(v, errors) {
      const ports = toPorts(v, errors);
      return ports
        ? { kind: "MASQUERADE", ports, random: false, randomFully: false }
        : { kind: "MASQUERADE", random: false, randomFully: false };
    },
  },
  REDIRECT: {
    controls: ["to-ports"],
    build(v, errors) {
      const ports = toPorts(v, errors);
      return ports ? { kind: "REDIRECT", ports, random: false } : { kind: "REDIRECT", random: false };
    },
  },
  MARK: {
    controls: ["mark"],
    build(v, errors) {
      const n = Number(v.mark.trim());
      if (!/^(0x[0-9a-f]+|\d+)$/i.test(v.mark.trim()) || n > 0xffffffff) errors.mark = "a number, decimal or 0x hex";
      return { kind: "MARK", value: n >>> 0, mask: 0xffffffff };
    },
  },
  NOTRACK: plain("NOTRACK"),
  goto: null,
  NFLOG: null,
  TRACE: null,
  CONNMARK: null,
  CT: null,
  TOS: null,
  TTL: null,
  DSCP: null,
  unsupported: null,
};

/** The kinds the form offers, in its order. */
export const FORM_TARGETS: readonly TargetKind[] = (Object.keys(TARGET_FORMS) as TargetKind[]).filter(
  (k) => TARGET_FORMS[k] !== null,
);

/** The target the form's fields make; null with the fields in error named in `errors`. */
export function buildTarget(v: TargetFormValues, errors: TargetFieldErrors): Target | null {
  // The table is keyed by kind, so this form builds this kind; TypeScript cannot see that.
  const form = TARGET_FORMS[v.target] as TargetForm<Target> | null;
  if (form) return form.build(v, errors);
  errors.target = "write this target in the ruleset text; the form does not offer it";
  return null;
}
