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

/** Every match module the model represents, by `-m` name. Others become UnsupportedMatch. */
export const MATCH_MODULES: ReadonlyMap<string, MatchModule> = new Map(
  [
    tcpModule,
    udpModule,
    icmpModule,
    multiportModule,
    iprangeModule,
    conntrackModule,
    stateModule,
    markMatchModule,
    connmarkMatchModule,
    commentModule,
    addrtypeModule,
    statisticModule,
    limitModule,
    lengthModule,
    ttlModule,
    tosModule,
    dscpModule,
    macModule,
    ownerModule,
    pkttypeModule,
    ecnModule,
  ].map((m) => [m.name, m]),
);
