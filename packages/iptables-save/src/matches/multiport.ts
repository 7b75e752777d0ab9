import type { MultiportMatch, PortRange } from "@nfx/model";
import type { ArgCursor } from "../cursor";
import { opt } from "../format/option";
import { type MatchModule, missing, type RuleContext } from "../modules";
import { formatPortRange, parsePortRange } from "../numbers";

const DIRECTIONS: Readonly<Record<string, MultiportMatch["direction"]>> = {
  "--sports": "src",
  "--source-ports": "src",
  "--dports": "dst",
  "--destination-ports": "dst",
  "--ports": "any",
};

/** Protocols multiport accepts (`libxt_multiport.c check_proto`): tcp, udp, dccp, sctp, udplite. */
const PORT_PROTOCOLS = new Set([6, 17, 33, 132, 136]);

class MultiportBuilder {
  result?: MultiportMatch;

  parse(option: string, invert: boolean, cur: ArgCursor): void {
    if (this.result) throw cur.error("duplicate-option", "multiport can only have one option");
    const text = cur.value(option);
    const column = cur.column();
    const ports: PortRange[] = [];
    let slots = 0;
    for (const part of text.split(",")) {
      // Unlike --sport, multiport has no open ends: `5:` and `:5` name an empty port.
      if (part.startsWith(":") || part.endsWith(":")) throw cur.error("bad-port", "invalid port/service `' specified");
      const range = parsePortRange(part, column);
      slots += range.from === range.to ? 1 : 2;
      ports.push(range);
    }
    if (slots > 15) throw cur.error("too-many-ports", "too many ports specified");
    this.result = { module: "multiport", direction: DIRECTIONS[option]!, ports: { value: ports, invert } };
  }

  finish(ctx: RuleContext, cur: ArgCursor): MultiportMatch {
    if (!PORT_PROTOCOLS.has(ctx.proto) || ctx.protoInvert) {
      throw cur.error("proto-required", "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
    }
    if (!this.result) throw missing("multiport", "no ports specified", cur);
    return this.result;
  }
}

export const multiportModule: MatchModule<MultiportMatch> = {
  name: "multiport",
  options: Object.keys(DIRECTIONS),
  create: () => new MultiportBuilder(),
  print(m) {
    const name = m.direction === "src" ? "--sports" : m.direction === "dst" ? "--dports" : "--ports";
    return ` -m multiport${opt(name, m.ports, (list) => list.map((r) => formatPortRange(r)).join(","))}`;
  },
};
