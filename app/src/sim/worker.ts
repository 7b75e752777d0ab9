/// <reference lib="webworker" />
import { handleRequest } from "./handle-request";
import { PROTOCOL_VERSION } from "./protocol";
import { createRulesetCache } from "./ruleset-cache";

/** The worker is a thin adapter over `handleRequest`; its one ruleset cache lives as long as the worker. */
declare const self: DedicatedWorkerGlobalScope;

// Background work (the search index, the check of every line) yields through a message channel: a zero-delay
// task after the messages already waiting, where nested setTimeouts would be clamped to 4 ms each.
const channel = new MessageChannel();
const queued: (() => void)[] = [];
channel.port1.onmessage = () => queued.shift()?.();
const cache = createRulesetCache({
  later: (fn) => {
    queued.push(fn);
    channel.port2.postMessage(null);
  },
  onValidation: (revision, status) =>
    self.postMessage({ v: PROTOCOL_VERSION, id: 0, type: "validation", revision, status }),
});
self.onmessage = (event: MessageEvent<unknown>) => handleRequest(event.data, (reply) => self.postMessage(reply), cache);
