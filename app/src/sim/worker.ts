/// <reference lib="webworker" />
import { computeSimulation } from "./compute";
import { isSimRequest, PROTOCOL_VERSION, type SimResponse } from "./protocol";
import { answerQuery } from "./rules-queries";

/** The worker is a thin adapter: one message in, one message out, failures as values. */
declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<unknown>) => {
  const msg = event.data;
  if (!isSimRequest(msg)) {
    const id = typeof (msg as { id?: unknown })?.id === "number" ? (msg as { id: number }).id : -1;
    const reply: SimResponse = {
      v: PROTOCOL_VERSION,
      id,
      type: "error",
      revision: -1,
      error: { code: "protocol-mismatch", got: (msg as { v?: unknown })?.v ?? null },
    };
    self.postMessage(reply);
    return;
  }
  if (msg.type === "ping") {
    self.postMessage({ v: PROTOCOL_VERSION, id: msg.id, type: "pong" } satisfies SimResponse);
    return;
  }
  if (msg.type === "query") {
    self.postMessage({
      v: PROTOCOL_VERSION,
      id: msg.id,
      type: "answer",
      answer: answerQuery(msg.query),
    } satisfies SimResponse);
    return;
  }
  const answer = computeSimulation(msg.revision, msg.scenario);
  const reply: SimResponse = answer.ok
    ? { v: PROTOCOL_VERSION, id: msg.id, type: "result", revision: answer.revision, view: answer.view }
    : { v: PROTOCOL_VERSION, id: msg.id, type: "error", revision: answer.revision, error: answer.error };
  self.postMessage(reply);
};
