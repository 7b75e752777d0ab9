import { answerQuery } from "./answer-rules-query";
import { computeSimulation } from "./compute";
import { openInWorker } from "./open-request";
import { isSimRequest, PROTOCOL_VERSION, type SimResponse } from "./protocol";
import type { RulesQuery } from "./rules-query";
import type { RulesetCache } from "./ruleset-cache";

/**
 * One request in, one reply out, failures as values: what the worker does with a message, answering from the
 * worker's own `cache`. Kept apart from the worker's global scope so tests can drive it through a fake worker.
 */
export function handleRequest(msg: unknown, post: (reply: SimResponse) => void, cache: RulesetCache): void {
  if (!isSimRequest(msg)) {
    const id = typeof (msg as { id?: unknown })?.id === "number" ? (msg as { id: number }).id : -1;
    post({
      v: PROTOCOL_VERSION,
      id,
      type: "error",
      revision: -1,
      error: { code: "protocol-mismatch", got: (msg as { v?: unknown })?.v ?? null },
    });
    return;
  }
  const { id } = msg;
  if (msg.type === "open") {
    void openInWorker(msg, post, cache);
    return;
  }
  if (msg.type === "query") {
    const q = msg.query;
    let query: RulesQuery;
    if (q.kind === "parse" || q.kind === "parse-nft" || q.kind === "edit") {
      const text = cache.resolveText(q.ruleset);
      if (text === null) {
        post({ v: PROTOCOL_VERSION, id, type: "answer", answer: { kind: "missing-text", textId: q.ruleset.id } });
        return;
      }
      query = q.kind === "edit" ? { kind: "edit", text, edit: q.edit } : { kind: q.kind, text };
    } else query = q;
    let answer = answerQuery(query, cache);
    if (answer.kind === "edit" && answer.ok) answer = { ...answer, textId: cache.keepOwnText(answer.text) };
    post({ v: PROTOCOL_VERSION, id, type: "answer", answer });
    return;
  }
  const ruleset = cache.resolveText(msg.ruleset);
  if (ruleset === null) {
    post({
      v: PROTOCOL_VERSION,
      id,
      type: "error",
      revision: msg.revision,
      error: { code: "missing-text", textId: msg.ruleset.id },
    });
    return;
  }
  const nftables = msg.nftables ? cache.resolveText(msg.nftables) : undefined;
  if (nftables === null) {
    post({
      v: PROTOCOL_VERSION,
      id,
      type: "error",
      revision: msg.revision,
      error: { code: "missing-text", textId: msg.nftables!.id },
    });
    return;
  }
  const answer = computeSimulation(
    msg.revision,
    msg.scenario,
    msg.pins,
    { ruleset, ...(nftables === undefined ? {} : { nftables }) },
    cache,
  );
  post(
    answer.ok
      ? { v: PROTOCOL_VERSION, id, type: "result", revision: answer.revision, view: answer.view }
      : { v: PROTOCOL_VERSION, id, type: "error", revision: answer.revision, error: answer.error },
  );
}
