import { nativeTableLabel, type PacketOutcome, type Rejection } from "@nfx/engine";
import type { Strings } from "../i18n";
import type { FrameSay } from "./frames";

/** The plain-language line for a frame, in the language of `t`. */
export function frameText(t: Strings, say: FrameSay): string {
  switch (say.kind) {
    case "start":
      return t.step.start(say.from);
    case "start-response":
      return t.step.startResponse(say.reason, say.answer);
    case "rule":
      return t.step.chainRule(say.table, say.hook, say.chain, say.rule, say.verdict);
    case "reject-rule":
      return t.step.rejectRule(say.table, say.hook, say.chain, say.rule, rejectAnswer(t, say.rejection));
    case "rejected":
      return t.step.rejected(rejectAnswer(t, say.rejection), say.rejection.response !== null);
    case "policy":
      return t.step.chainPolicy(say.table, say.hook, say.verdict);
    case "nft-rule":
      return t.nft.step.rule(nativeTableLabel(say.at.family, say.at.table), say.at.chain, say.rule, say.verdict);
    case "nft-policy":
      return t.nft.step.policy(nativeTableLabel(say.at.family, say.at.table), say.at.chain, say.verdict);
    case "conntrack":
      return t.step.conntrack(say.action);
    case "nat":
      return t.step.nat(say.manip, say.from, say.to);
    case "routing":
      return t.step.routing(say.decision, say.detail, say.dev);
    case "loopback":
      return t.step.loopback;
    case "response":
      return t.step.response(say.reason, say.answer);
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
    case "nft-rule":
      return t.verdict.rule(say.verdict, say.rule);
    case "reject-rule":
      return t.verdict.rule("REJECT", say.rule);
    case "rejected":
      return t.verdict.rejected;
    case "policy":
    case "nft-policy":
      return t.verdict.policy(say.verdict);
    case "nat":
      return say.manip;
    case "routing":
      return t.verdict.route(say.decision);
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

/** What a REJECT sent back, in words: "RST", "ICMP port unreachable". */
export function rejectAnswer(t: Strings, r: Rejection): string {
  const a = r.answer;
  switch (a.kind) {
    case "tcp-reset":
      return t.reject.rst;
    case "icmp":
      return t.reject.icmp(a.type, a.code);
  }
}

/** A packet's fate for the packet list: REJECT is worded as its own fate, with what it sent. */
export function fateText(t: Strings, o: PacketOutcome): string {
  if (o.rejectedWith) return t.reject.fate(rejectAnswer(t, o.rejectedWith), o.rejectedWith.response !== null);
  return t.verdict.fate[o.fate];
}
