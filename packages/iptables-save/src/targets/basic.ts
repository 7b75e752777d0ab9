import { REJECT_WITH, type RejectTarget, type RejectWith, type Target } from "@nfx/model";
import type { ArgCursor } from "../cursor";
import { noInvert, type TargetModule } from "../modules";

/** The one shared object of each target without options, by name; rules never mutate their target. */
export const PLAIN_TARGETS = new Map<string, Target>();

type PlainKind = "ACCEPT" | "DROP" | "RETURN" | "TRACE" | "NOTRACK";

function plain<K extends PlainKind>(kind: K): TargetModule<Extract<Target, { kind: K }>> {
  const target = { kind } as Extract<Target, { kind: K }>;
  PLAIN_TARGETS.set(kind, target);
  return { name: kind, options: [], create: () => ({ parse() {}, finish: () => target }), print: () => ` -j ${kind}` };
}

export const acceptTarget = plain("ACCEPT");
export const dropTarget = plain("DROP");
export const returnTarget = plain("RETURN");
export const traceTarget = plain("TRACE");
export const notrackTarget = plain("NOTRACK");

/** `libipt_REJECT.c reject_table`: names and their short aliases; iptables accepts any prefix of either. */
const REJECT_ALIASES: Readonly<Record<RejectWith, string>> = {
  "icmp-net-unreachable": "net-unreach",
  "icmp-host-unreachable": "host-unreach",
  "icmp-proto-unreachable": "proto-unreach",
  "icmp-port-unreachable": "port-unreach",
  "icmp-net-prohibited": "net-prohib",
  "icmp-host-prohibited": "host-prohib",
  "tcp-reset": "tcp-rst",
  "icmp-admin-prohibited": "admin-prohib",
};

const REJECT_DEFAULT: RejectTarget = { kind: "REJECT", with: "icmp-port-unreachable" };
const REJECT_SHARED = new Map<RejectWith, RejectTarget>(REJECT_WITH.map((w) => [w, { kind: "REJECT", with: w }]));

export function parseRejectWith(text: string, cur: ArgCursor): RejectWith {
  const lower = text.toLowerCase();
  for (const [name, alias] of Object.entries(REJECT_ALIASES)) {
    if (name.startsWith(lower) || alias.startsWith(lower)) return name as RejectWith;
  }
  throw cur.error("bad-value", `unknown reject type "${text}"`);
}

export const rejectTarget: TargetModule<RejectTarget> = {
  name: "REJECT",
  options: ["--reject-with"],
  create: () => {
    let result = REJECT_DEFAULT;
    return {
      parse(option, invert, cur) {
        noInvert("REJECT", option, invert, cur);
        result = REJECT_SHARED.get(parseRejectWith(cur.value(option), cur))!;
      },
      finish: () => result,
    };
  },
  print: (t) => ` -j REJECT --reject-with ${t.with}`,
};
