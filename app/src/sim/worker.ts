/// <reference lib="webworker" />
import { handleRequest } from "./handle-request";
import { createRulesetCache } from "./ruleset-cache";

/** The worker is a thin adapter over `handleRequest`; its one ruleset cache lives as long as the worker. */
declare const self: DedicatedWorkerGlobalScope;

const cache = createRulesetCache();
self.onmessage = (event: MessageEvent<unknown>) => handleRequest(event.data, (reply) => self.postMessage(reply), cache);
