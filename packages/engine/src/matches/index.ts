import type { CommentMatch, Match, UnsupportedMatch } from "@nfx/model";
import type { Condition, MatchDefinition, MatchDefinitions, Test } from "./condition";
import { connmarkDefinition, conntrackDefinition, stateDefinition } from "./conntrack";
import { ecnDefinition } from "./ecn";
import { icmpDefinition } from "./icmp";
import {
  addrtypeDefinition,
  dscpDefinition,
  iprangeDefinition,
  lengthDefinition,
  macDefinition,
  markDefinition,
  ownerDefinition,
  tosDefinition,
  ttlDefinition,
} from "./packet-fields";
import { pkttypeDefinition } from "./pkttype";
import { multiportDefinition, tcpDefinition, udpDefinition } from "./ports";
import type { Predicate } from "./predicate";
import { limitDefinition, statisticDefinition } from "./rate";

export type { Predicate } from "./predicate";

const commentDefinition: MatchDefinition<CommentMatch> = { needsConntrack: false, conditions: () => [] };

/** A module the engine does not model: a warning, and the rule does not match. */
const unsupportedDefinition: MatchDefinition<UnsupportedMatch> = {
  needsConntrack: false,
  conditions(match) {
    const message = `-m ${match.name} is not modelled by the simulator; the rule is treated as not matching`;
    return [
      {
        code: "unsupported",
        option: "-m",
        invert: false,
        rule: match.name,
        test: (_skb, env) => {
          env.warn(message);
          return false;
        },
        packet: () => null,
      },
    ];
  },
};

/** Every match module the engine knows, by name. */
export const MATCH_DEFINITIONS: MatchDefinitions = {
  tcp: tcpDefinition,
  udp: udpDefinition,
  icmp: icmpDefinition,
  multiport: multiportDefinition,
  iprange: iprangeDefinition,
  conntrack: conntrackDefinition,
  state: stateDefinition,
  mark: markDefinition,
  connmark: connmarkDefinition,
  comment: commentDefinition,
  addrtype: addrtypeDefinition,
  statistic: statisticDefinition,
  limit: limitDefinition,
  length: lengthDefinition,
  ttl: ttlDefinition,
  tos: tosDefinition,
  dscp: dscpDefinition,
  mac: macDefinition,
  owner: ownerDefinition,
  pkttype: pkttypeDefinition,
  ecn: ecnDefinition,
  unsupported: unsupportedDefinition,
};

/** The conditions of one match, in the order the kernel tests them. */
export function matchConditions(match: Match): readonly Condition[] {
  // The table is keyed by module, so the definition's match type is this match's; TypeScript cannot see that.
  const definition = MATCH_DEFINITIONS[match.module] as MatchDefinition<Match>;
  return definition.conditions(match);
}

export function matchNeedsConntrack(match: Match): boolean {
  return MATCH_DEFINITIONS[match.module].needsConntrack;
}

/** Compiles one match module into a predicate; `null` for matches that always match (comment). */
export function compileMatch(match: Match): Predicate | null {
  const tests: Test[] = matchConditions(match).map((c) => c.test);
  if (tests.length === 0) return null;
  if (tests.length === 1) return tests[0]!;
  if (tests.length === 2) {
    const [a, b] = tests as [Test, Test];
    return (skb, env) => a(skb, env) && b(skb, env);
  }
  return (skb, env) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(skb, env)) return false;
    return true;
  };
}
