/// <reference lib="webworker" />
import { handleRequest } from "./handle-request";

/** The worker is a thin adapter over `handleRequest`. */
declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<unknown>) => handleRequest(event.data, (reply) => self.postMessage(reply));
