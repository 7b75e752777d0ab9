import {
  type Cidr,
  type ConntrackMatch,
  CT_STATES,
  CT_STATUSES,
  type CtState,
  formatCidr,
  formatIpv4,
  type Negatable,
  type PortRange,
  type StateMatch,
} from "@nfx/model";
import { parseCidr } from "../address";
import type { ArgCursor } from "../cursor";
import { opt } from "../format/option";
import { type MatchModule, missing } from "../modules";
import { formatPortRange, parsePortRange, parseUnsigned } from "../numbers";
import { protocolNumber } from "../protocols";
import { parseNameList } from "./lists";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const ADDRESS_OPTIONS: Readonly<Record<string, "origSrc" | "origDst" | "replSrc" | "replDst">> = {
  "--ctorigsrc": "origSrc",
  "--ctorigdst": "origDst",
  "--ctreplsrc": "replSrc",
  "--ctrepldst": "replDst",
};

const PORT_OPTIONS: Readonly<Record<string, "origSrcPort" | "origDstPort" | "replSrcPort" | "replDstPort">> = {
  "--ctorigsrcport": "origSrcPort",
  "--ctorigdstport": "origDstPort",
  "--ctreplsrcport": "replSrcPort",
  "--ctrepldstport": "replDstPort",
};

class ConntrackBuilder {
  readonly m: Mutable<ConntrackMatch> = { module: "conntrack" };

  parse(option: string, invert: boolean, cur: ArgCursor): void {
    const text = cur.value(option);
    const m = this.m;
    switch (option) {
      case "--ctexpire":
        m.expire = { value: parseExpire(text, cur), invert };
        return;
      case "--ctstate":
        m.state = { value: parseNameList(text, CT_STATES, "ctstate", cur), invert };
        return;
      case "--ctstatus":
        m.status = { value: parseNameList(text, CT_STATUSES, "ctstatus", cur), invert };
        return;
      case "--ctproto": {
        const proto = protocolNumber(text);
        // 0 is accepted and printed as 0: no connection has it, so it never matches (negated: always).
        if (proto < 0) throw cur.error("bad-protocol", `unknown protocol "${text}" specified`);
        m.proto = { value: proto, invert };
        return;
      }
      case "--ctdir": {
        const upper = text.toUpperCase();
        if (upper !== "ORIGINAL" && upper !== "REPLY") throw cur.error("bad-value", `Bad ctdir "${text}"`);
        // `! --ctdir REPLY` is the same test as `--ctdir ORIGINAL`, and iptables-save prints it that way.
        m.direction = (upper === "REPLY") !== invert ? "REPLY" : "ORIGINAL";
        return;
      }
      default: {
        const address = ADDRESS_OPTIONS[option];
        if (address) {
          m[address] = { value: parseCidr(text, cur.column()), invert } as Negatable<Cidr>;
          return;
        }
        m[PORT_OPTIONS[option]!] = { value: parsePortRange(text, cur.column(), ":", true), invert };
      }
    }
  }

  finish(_ctx: unknown, cur: ArgCursor): ConntrackMatch {
    if (Object.keys(this.m).length === 1) throw missing("conntrack", "At least one option is required", cur);
    return this.m;
  }
}

/** `n`, `a:b`, `:b` or `a:`, 32-bit (iptables-save prints `a` when a = b). */
function parseExpire(text: string, cur: ArgCursor): { min: number; max: number } {
  const colon = text.indexOf(":");
  const part = (t: string, open: number) => {
    const n = t === "" && colon >= 0 ? open : parseUnsigned(t);
    if (n < 0 || n > 0xffffffff) throw cur.error("bad-number", `conntrack: bad --ctexpire value "${text}"`);
    return n;
  };
  const min = part(colon < 0 ? text : text.slice(0, colon), 0);
  const max = colon < 0 ? min : part(text.slice(colon + 1), 0xffffffff);
  return { min, max };
}

export const conntrackModule: MatchModule<ConntrackMatch> = {
  name: "conntrack",
  options: [
    "--ctstate",
    "--ctstatus",
    "--ctproto",
    "--ctdir",
    "--ctexpire",
    ...Object.keys(ADDRESS_OPTIONS),
    ...Object.keys(PORT_OPTIONS),
  ],
  create: () => new ConntrackBuilder(),
  print: printConntrack,
};

/** The states `-m state` knows (no SNAT/DNAT, which are conntrack-only). */
const STATE_NAMES: readonly CtState[] = CT_STATES.filter((s) => s !== "SNAT" && s !== "DNAT");

class StateBuilder {
  state?: Negatable<readonly CtState[]>;

  parse(option: string, invert: boolean, cur: ArgCursor): void {
    this.state = { value: parseNameList(cur.value(option), STATE_NAMES, "state", cur), invert };
  }

  finish(_ctx: unknown, cur: ArgCursor): StateMatch {
    if (!this.state) throw missing("state", 'option "--state" must be specified', cur);
    return { module: "state", state: this.state };
  }
}

export const stateModule: MatchModule<StateMatch> = {
  name: "state",
  options: ["--state"],
  create: () => new StateBuilder(),
  print: (m) => ` -m state${opt("--state", m.state, states)}`,
};

/** Conntrack prints a host without `/32`. */
function ctAddress(c: Cidr): string {
  return c.mask === 0xffffffff ? formatIpv4(c.addr) : formatCidr(c);
}

function statusList(list: readonly string[]): string {
  const shown = CT_STATUSES.filter((s) => s !== "NONE" && list.includes(s));
  return shown.length > 0 ? shown.join(",") : "NONE";
}

const states = (list: readonly string[]) => CT_STATES.filter((s) => list.includes(s)).join(",");

function printConntrack(m: ConntrackMatch): string {
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
