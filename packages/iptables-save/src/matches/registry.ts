import type { MatchModuleName } from "@nfx/model";
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

/** Every match module the model represents, by `-m` name: one missing here is a compile error. */
const BY_NAME: { readonly [K in Exclude<MatchModuleName, "unsupported">]: MatchModule } = {
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
export const MATCH_MODULES: ReadonlyMap<string, MatchModule> = new Map(Object.values(BY_NAME).map((m) => [m.name, m]));
