import {
  formatIpv4,
  type MasqueradeTarget,
  type NatPortRange,
  type NatRange,
  type NatTarget,
  type RedirectTarget,
} from "@nfx/model";
import { scanIpv4 } from "../address";
import type { ArgCursor } from "../cursor";
import { missing, noInvert, type RuleContext, type TargetModule } from "../modules";
import { formatNatPorts, parseNatPorts } from "../numbers";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Port ranges need a protocol with ports (`libxt_DNAT.c`). */
const PORT_PROTOCOLS = new Set([6, 17, 33, 132, 136]);

function needPortProto(ctx: RuleContext, cur: ArgCursor): void {
  if (!PORT_PROTOCOLS.has(ctx.proto) || ctx.protoInvert) {
    throw cur.error("nat-port-without-proto", "Need TCP, UDP, SCTP or DCCP with port specification");
  }
}

/** `a[-b][:p[-q]]`, where either half may be absent (`:53`). */
export function parseNatRange(kind: string, text: string, cur: ArgCursor): NatRange {
  const range: Mutable<NatRange> = {};
  const colon = text.indexOf(":");
  const addrText = colon < 0 ? text : text.slice(0, colon);
  if (addrText !== "") {
    const dash = addrText.indexOf("-");
    const from = scanIpv4(addrText, 0, dash < 0 ? addrText.length : dash);
    const to = dash < 0 ? from : scanIpv4(addrText, dash + 1, addrText.length);
    if (from < 0 || to < 0) throw cur.error("bad-address", `Bad IP address "${addrText}"`);
    range.addrFrom = from;
    range.addrTo = to;
  }
  if (colon >= 0) range.ports = snatBase(kind, parseNatPorts(text.slice(colon + 1), kind, true, cur.column()));
  return range;
}

/**
 * iptables-nft 1.8.9 keeps a source NAT's `/base` only as the flag: iptables-save prints `/0` whatever was
 * written, and that is the range the kernel is given.
 */
function snatBase(kind: string, ports: NatPortRange): NatPortRange {
  return ports.base === undefined || kind === "DNAT" ? ports : { ...ports, base: 0 };
}

/** A `--to-destination`/`--to-source` range as iptables-save prints it: a one-address range as one address. */
function formatNatRange(r: NatRange): string {
  let out = "";
  if (r.addrFrom !== undefined) {
    out = formatIpv4(r.addrFrom);
    if (r.addrTo !== undefined && r.addrTo !== r.addrFrom) out += `-${formatIpv4(r.addrTo)}`;
  }
  if (r.ports) out += `:${formatNatPorts(r.ports)}`;
  return out;
}

function toPorts(ports: NatPortRange | undefined): string {
  return ports ? ` --to-ports ${formatNatPorts(ports)}` : "";
}

function natModule(kind: "DNAT" | "SNAT"): TargetModule<NatTarget> {
  const toOption = kind === "DNAT" ? "--to-destination" : "--to-source";
  return {
    name: kind,
    options: [toOption, "--random", "--random-fully", "--persistent"],
    create: () => {
      let to: NatRange | undefined;
      const t = { random: false, randomFully: false, persistent: false };
      return {
        parse(option, invert, cur) {
          noInvert(kind, option, invert, cur);
          if (option === toOption) {
            if (to) throw cur.error("duplicate-option", `${kind}: Multiple --${toOption.slice(2)} not supported`);
            to = parseNatRange(kind, cur.value(option), cur);
          } else if (option === "--random") t.random = true;
          else if (option === "--random-fully") t.randomFully = true;
          else t.persistent = true;
        },
        finish(ctx, cur): NatTarget {
          if (!to) throw missing(kind, `${kind}: option "${toOption}" must be specified`, cur);
          if (to.ports) needPortProto(ctx, cur);
          return { kind, to, ...t };
        },
      };
    },
    print: (t) =>
      ` -j ${t.kind} ${toOption} ${formatNatRange(t.to)}` +
      `${t.random ? " --random" : ""}${t.randomFully ? " --random-fully" : ""}${t.persistent ? " --persistent" : ""}`,
  };
}

export const dnatTarget = natModule("DNAT");
export const snatTarget = natModule("SNAT");

function portsModule<K extends "MASQUERADE" | "REDIRECT">(
  kind: K,
): TargetModule<Extract<MasqueradeTarget | RedirectTarget, { kind: K }>> {
  return {
    name: kind,
    options: kind === "MASQUERADE" ? ["--to-ports", "--random", "--random-fully"] : ["--to-ports", "--random"],
    create: () => {
      let ports: NatPortRange | undefined;
      let random = false;
      let randomFully = false;
      return {
        parse(option, invert, cur) {
          noInvert(kind, option, invert, cur);
          if (option === "--to-ports")
            ports = snatBase(kind, parseNatPorts(cur.value(option), kind, kind === "MASQUERADE", cur.column()));
          else if (option === "--random") random = true;
          else randomFully = true;
        },
        finish(ctx, cur) {
          if (ports) needPortProto(ctx, cur);
          const t: Mutable<MasqueradeTarget> | Mutable<RedirectTarget> =
            kind === "MASQUERADE" ? { kind: "MASQUERADE", random, randomFully } : { kind: "REDIRECT", random };
          if (ports) t.ports = ports;
          return t as Extract<MasqueradeTarget | RedirectTarget, { kind: K }>;
        },
      };
    },
    print: (t: MasqueradeTarget | RedirectTarget) =>
      ` -j ${t.kind}${toPorts(t.ports)}${t.random ? " --random" : ""}` +
      `${t.kind === "MASQUERADE" && t.randomFully ? " --random-fully" : ""}`,
  };
}

export const masqueradeTarget = portsModule("MASQUERADE");
export const redirectTarget = portsModule("REDIRECT");
