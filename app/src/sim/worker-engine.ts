import type { Engine } from "./engine";
import {
  type EngineError,
  isSimResponse,
  PROTOCOL_VERSION,
  type SimAnswer,
  type SimRequest,
  type SimResponse,
  type TextRef,
} from "./protocol";
import type { RulesQuery, RulesQueryAnswer, WireQuery } from "./rules-query";

/** The part of `Worker` this transport uses, so tests can hand it a fake. */
export interface WorkerLike {
  postMessage(msg: SimRequest, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent<unknown>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
}

interface WorkerEngineOptions {
  /** Makes a fresh worker; called again after a timeout or a crash. */
  readonly spawn: () => WorkerLike;
  /**
   * A computation that runs longer is cancelled: the worker is terminated and replaced, that request answers
   * `timeout`, and the others that were waiting go to the fresh worker. Nothing is retried by itself.
   */
  readonly timeoutMs?: number;
  /** Told when the worker was replaced, so the UI can say so. */
  readonly onRestart?: (why: "timeout" | "crashed") => void;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

interface Pending {
  /** Null for a computation the user asked to run without a time limit. */
  readonly timer: unknown;
  /** Settles the request from the worker's message; returns false when it must be sent again (missing text). */
  readonly settle: (msg: SimResponse) => boolean;
  /** Settles the request with a failure (timeout, crash, stopped by the user). */
  readonly fail: (why: Failure, message: string) => void;
  /** Sends the request again with every text in full. */
  readonly resend: () => void;
}

type Failure = "timeout" | "crashed" | "stopped";

/** How many texts the client remembers the worker holds; the worker keeps a few more (ruleset-cache.ts). */
const REMEMBER_TEXTS = 3;

/**
 * The engine behind a web worker. A worker cannot be interrupted mid-computation, so cancelling a runaway
 * one means terminating it; every pending request then resolves with an error value and the next request
 * goes to a fresh worker. The scenario lives in the app's store, so nothing of the user's is lost.
 *
 * Ruleset texts travel once: the client remembers which texts the current worker holds and names them by id
 * afterwards (`TextRef`), so an unchanged 9 MB ruleset is not copied into every simulation.
 */
export function createWorkerEngine(opts: WorkerEngineOptions): Engine {
  const timeoutMs = opts.timeoutMs ?? 8000;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let nextTextId = 1;
  let worker: WorkerLike | null = null;
  /** Texts the current worker holds, most recent first. */
  let held: { readonly id: number; readonly text: string }[] = [];

  const remember = (id: number, text: string) => {
    held = [{ id, text }, ...held.filter((h) => h.id !== id && h.text !== text)].slice(0, REMEMBER_TEXTS);
  };
  const refFor = (text: string, full = false): TextRef => {
    const h = held.find((x) => x.text === text);
    if (h && !full) return { id: h.id };
    const id = h?.id ?? nextTextId++;
    remember(id, text);
    return { id, text };
  };

  const replaceWorker = () => {
    worker?.terminate();
    worker = null;
    held = [];
  };

  /** Fails every pending request (a crash cannot name its culprit; a stop means all of them). */
  const failAll = (why: Failure, message: string) => {
    replaceWorker();
    for (const [id, p] of pending) {
      if (p.timer !== null) clearTimer(p.timer);
      pending.delete(id);
      p.fail(why, message);
    }
  };

  /**
   * One request ran too long: only it fails. The others were merely queued behind it in the same worker, so
   * they are sent again, in order, to a fresh one (each with a fresh timer).
   */
  const timedOut = (culprit: number) => {
    const p = pending.get(culprit);
    if (!p) return;
    replaceWorker();
    pending.delete(culprit);
    p.fail("timeout", "");
    const waiting = [...pending.entries()];
    pending.clear();
    for (const [, q] of waiting) {
      if (q.timer !== null) clearTimer(q.timer);
      q.resend();
    }
    opts.onRestart?.("timeout");
  };

  const ensure = (): WorkerLike => {
    if (worker) return worker;
    const w = opts.spawn();
    w.onmessage = (ev) => {
      const msg = ev.data;
      if (!isSimResponse(msg)) return; // another protocol version: ignore rather than misread it
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (p.timer !== null) clearTimer(p.timer);
      if (!p.settle(msg)) {
        held = [];
        p.resend();
      }
    };
    w.onerror = (ev) => {
      ev.preventDefault?.();
      failAll("crashed", ev.message || "worker error");
      opts.onRestart?.("crashed");
    };
    worker = w;
    return w;
  };

  /** Posts one request under a fresh id with its timeout; `make` builds it (again, on a resend). */
  const request = <T>(
    make: (id: number, full: boolean) => { msg: SimRequest; transfer?: Transferable[] },
    settle: (msg: SimResponse) => T | null,
    fail: (why: Failure, message: string) => T,
    limited = true,
  ): Promise<T> =>
    new Promise<T>((resolve) => {
      const send = (full: boolean) => {
        const id = nextId++;
        const timer = limited ? setTimer(() => timedOut(id), timeoutMs) : null;
        pending.set(id, {
          timer,
          settle: (msg) => {
            const out = settle(msg);
            if (out === null) return false;
            resolve(out);
            return true;
          },
          fail: (why, message) => resolve(fail(why, message)),
          resend: () => send(true),
        });
        const { msg, transfer } = make(id, full);
        ensure().postMessage(msg, transfer ?? []);
      };
      send(false);
    });

  const failure = (why: Failure, message: string): EngineError => {
    switch (why) {
      case "timeout":
        return { code: "timeout", ms: timeoutMs };
      case "crashed":
        return { code: "worker-crashed", message };
      case "stopped":
        return { code: "stopped" };
    }
  };
  const failedQuery = (why: Failure, message: string): RulesQueryAnswer => ({
    kind: "failed",
    message: why === "timeout" ? `timed out after ${timeoutMs} ms` : why === "stopped" ? "stopped" : message,
  });
  const settleQuery = (msg: SimResponse): RulesQueryAnswer | null => {
    if (msg.type !== "answer") return { kind: "failed", message: "unexpected reply" };
    if (msg.answer.kind === "missing-text") return null;
    if (msg.answer.kind === "edit" && msg.answer.ok && msg.answer.textId !== undefined)
      remember(msg.answer.textId, msg.answer.text);
    return msg.answer;
  };

  return {
    simulate(revision, scenario, pins = {}, limit = "limited") {
      const text = (scenario as { ruleset?: unknown } | null)?.ruleset;
      const nft = (scenario as { nftables?: unknown } | null)?.nftables;
      return request<SimAnswer>(
        (id, full) => {
          const ruleset = typeof text === "string" ? refFor(text, full) : { id: 0, text: "" };
          // Both texts travel by reference: a kube-proxy nftables ruleset is as large as its iptables one.
          const nftables = typeof nft === "string" ? refFor(nft, full) : undefined;
          let doc = scenario;
          if (typeof text === "string") doc = { ...(doc as object), ruleset: "" };
          if (nftables) doc = { ...(doc as object), nftables: "" };
          const msg: SimRequest = {
            v: PROTOCOL_VERSION,
            id,
            type: "simulate",
            revision,
            scenario: doc,
            ruleset,
            ...(nftables ? { nftables } : {}),
            pins,
          };
          return { msg };
        },
        (msg) => {
          if (msg.type === "result") return { ok: true, revision: msg.revision, view: msg.view };
          if (msg.type === "error")
            return msg.error.code === "missing-text" ? null : { ok: false, revision: msg.revision, error: msg.error };
          return { ok: false, revision, error: { code: "engine-exception", message: "unexpected reply" } };
        },
        (why, message) => ({ ok: false, revision, error: failure(why, message) }),
        limit === "limited",
      );
    },
    query(query: RulesQuery) {
      return request<RulesQueryAnswer>(
        (id, full) => {
          const wire: WireQuery =
            query.kind === "parse" || query.kind === "parse-nft"
              ? { kind: query.kind, ruleset: refFor(query.text, full) }
              : query.kind === "edit"
                ? { kind: "edit", ruleset: refFor(query.text, full), edit: query.edit }
                : query;
          return { msg: { v: PROTOCOL_VERSION, id, type: "query", query: wire } };
        },
        settleQuery,
        failedQuery,
      );
    },
    load(text, bytes) {
      let sent = false;
      return request<RulesQueryAnswer>(
        (id, full) => {
          // The bytes can travel once; a resend (the worker was replaced meanwhile) sends the text.
          if (sent || full)
            return {
              msg: { v: PROTOCOL_VERSION, id, type: "query", query: { kind: "parse", ruleset: refFor(text, true) } },
            };
          sent = true;
          const textId = nextTextId++;
          remember(textId, text);
          return { msg: { v: PROTOCOL_VERSION, id, type: "load", textId, bytes }, transfer: [bytes] };
        },
        settleQuery,
        failedQuery,
      );
    },
    stop() {
      if (pending.size) failAll("stopped", "");
    },
    dispose() {
      replaceWorker();
      for (const p of pending.values()) if (p.timer !== null) clearTimer(p.timer);
      pending.clear();
    },
  };
}

/** The real worker, as a module worker so it can import the engine packages. */
export function spawnSimWorker(): WorkerLike {
  return new Worker(new URL("./worker.ts", import.meta.url), {
    type: "module",
    name: "nfx-engine",
  }) as unknown as WorkerLike;
}
