import type { Match, MatchModuleName } from "@nfx/model";
import type { MatchModule } from "../modules";
import { conntrackModule, stateModule } from "./conntrack";
import { ecnModule } from "./ecn";
import { icmpModule } from "./icmp";
import { addrtypeModule, iprangeModule, limitModule, statisticModule } from "./misc";
import { multiportModule } from "./multiport";
import { ownerModule } from "./owner";
import { pkttypeModule } from "./pkttype";
import { tcpModule, udpModule } from "./ports";
import { commentModule, connmarkMatchModule, lengthModule, macModule, markMatchModule, ttlModule } from "./simple";
import { dscpModule, tosModule } from "./tos";

/** The modules `-m NAME` names; `unsupported` is any other name, kept as written. */
export type ModuleMatchName = Exclude<MatchModuleName, "unsupported">;

/** Every match module the model represents, by `-m` name: one missing here is a compile error. */
export const MATCH_MODULE_BY_NAME: { readonly [K in ModuleMatchName]: MatchModule<Extract<Match, { module: K }>> } = {
  tcp: tcpModule,
  udp: udpModule,
  icmp: icmpModule,
  multiport: multiportModule,
  iprange: iprangeModule,
  conntrack: conntrackModule,
  state: stateModule,
  mark: markMatchModule,
  connmark: connmarkMatchModule,
  comment: commentModule,
  addrtype: addrtypeModule,
  statistic: statisticModule,
  limit: limitModule,
  length: lengthModule,
  ttl: ttlModule,
  tos: tosModule,
  dscp: dscpModule,
  mac: macModule,
  owner: ownerModule,
  pkttype: pkttypeModule,
  ecn: ecnModule,
};

/** The modules by `-m` name; any other name becomes an UnsupportedMatch. */
export const MATCH_MODULES: ReadonlyMap<string, MatchModule> = new Map(
  Object.values(MATCH_MODULE_BY_NAME).map((m: MatchModule) => [m.name, m]),
);
