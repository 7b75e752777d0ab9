import type { Strings } from "../i18n";
import type { FrameSay } from "./frames";

/** The plain-language line for a frame, in the language of `t`. */
export function frameText(t: Strings, say: FrameSay): string {
  switch (say.kind) {
    case "start":
      return t.step.start(say.from);
    case "start-response":
      return t.step.startResponse(say.reason);
    case "rule":
      return t.step.chainRule(say.table, say.hook, say.chain, say.rule, say.verdict);
    case "policy":
      return t.step.chainPolicy(say.table, say.hook, say.verdict);
    case "conntrack":
      return t.step.conntrack(say.action);
    case "nat":
      return t.step.nat(say.manip, say.from, say.to);
    case "routing":
      return t.step.routing(say.decision, say.detail, say.dev);
    case "loopback":
      return t.step.loopback;
    case "response":
      return t.step.response(say.reason);
    case "deliver":
      return t.step.deliver(say.detail);
    case "egress":
      return t.step.egress(say.dev);
    case "drop":
      return t.step.drop(say.reason);
    case "warning":
      return t.step.warning(say.message);
    case "log":
      return t.step.log(say.line);
  }
}

/** The short label of a frame's verdict pill (`ACCEPT · rule 3`, `DNAT`, `out eth0`); empty when it decides nothing. */
export function verdictLabel(t: Strings, say: FrameSay): string {
  switch (say.kind) {
    case "rule":
      return `${say.verdict} · rule ${say.rule}`;
    case "policy":
      return `policy ${say.verdict}`;
    case "nat":
      return say.manip;
    case "routing":
      return say.decision;
    case "deliver":
      return t.verdict.delivered;
    case "egress":
      return t.verdict.sent(say.dev);
    case "drop":
      return t.verdict.drop;
    case "start":
    case "start-response":
    case "conntrack":
    case "loopback":
    case "response":
    case "warning":
    case "log":
      return "";
  }
}
