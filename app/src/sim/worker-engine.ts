import type { Engine } from "./engine";
import { isSimResponse, PROTOCOL_VERSION, type SimAnswer, type SimRequest } from "./protocol";
import type { RulesQueryAnswer } from "./rules-query";

/** The part of `Worker` this transport uses, so tests can hand it a fake. */
export interface WorkerLike {
  postMessage(msg: SimRequest): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent<unknown>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
}

export interface WorkerEngineOptions {
  /** Makes a fresh worker; called again after a timeout or a crash. */
  readonly spawn: () => WorkerLike;
  /** A computation that runs longer is cancelled: the worker is terminated and replaced. */
  readonly timeoutMs?: number;
  /** Told when the worker was replaced, so the UI can say so. */
  readonly onRestart?: (why: "timeout" | "crashed") => void;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

interface Pending {
  readonly revision: number;
  readonly resolve: (a: SimAnswer) => void;
  readonly timer: unknown;
}

/**
 * The engine behind a web worker. A worker cannot be interrupted mid-computation, so cancelling a runaway
 * one means terminating it; every pending request then resolves with an error value and the next request
 * goes to a fresh worker. The scenario lives in the app's store, so nothing of the user's is lost.
 */
export function createWorkerEngine(opts: WorkerEngineOptions): Engine {
  const timeoutMs = opts.timeoutMs ?? 8000;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const pending = new Map<number, Pending>();
  const queries = new Map<number, { readonly resolve: (a: RulesQueryAnswer) => void; readonly timer: unknown }>();
  let nextId = 1;
  let worker: WorkerLike | null = null;

  const failAll = (make: (p: Pending) => SimAnswer) => {
    for (const [id, p] of pending) {
      clearTimer(p.timer);
      pending.delete(id);
      p.resolve(make(p));
    }
  };

  const restart = (why: "timeout" | "crashed", message: string) => {
    worker?.terminate();
    worker = null;
    for (const [id, q] of queries) {
      clearTimer(q.timer);
      queries.delete(id);
      q.resolve({ kind: "failed", message: why === "timeout" ? `timed out after ${timeoutMs} ms` : message });
    }
    failAll((p) => ({
      ok: false,
      revision: p.revision,
      error: why === "timeout" ? { code: "timeout", ms: timeoutMs } : { code: "worker-crashed", message },
    }));
    opts.onRestart?.(why);
  };

  const ensure = (): WorkerLike => {
    if (worker) return worker;
    const w = opts.spawn();
    w.onmessage = (ev) => {
      const msg = ev.data;
      if (!isSimResponse(msg)) return; // another protocol version: ignore rather than misread it
      if (msg.type === "answer") {
        const q = queries.get(msg.id);
        if (!q) return;
        queries.delete(msg.id);
        clearTimer(q.timer);
        q.resolve(msg.answer);
        return;
      }
      const p = pending.get(msg.id);
      if (!p || msg.type === "pong") return;
      pending.delete(msg.id);
      clearTimer(p.timer);
      p.resolve(
        msg.type === "result"
          ? { ok: true, revision: msg.revision, view: msg.view }
          : { ok: false, revision: msg.revision, error: msg.error },
      );
    };
    w.onerror = (ev) => {
      ev.preventDefault?.();
      restart("crashed", ev.message || "worker error");
    };
    worker = w;
    return w;
  };

  return {
    simulate(revision, scenario) {
      return new Promise<SimAnswer>((resolve) => {
        const id = nextId++;
        const timer = setTimer(() => {
          if (pending.has(id)) restart("timeout", "");
        }, timeoutMs);
        pending.set(id, { revision, resolve, timer });
        ensure().postMessage({ v: PROTOCOL_VERSION, id, type: "simulate", revision, scenario });
      });
    },
    query(query) {
      return new Promise<RulesQueryAnswer>((resolve) => {
        const id = nextId++;
        const timer = setTimer(() => {
          if (queries.has(id)) restart("timeout", "");
        }, timeoutMs);
        queries.set(id, { resolve, timer });
        ensure().postMessage({ v: PROTOCOL_VERSION, id, type: "query", query });
      });
    },
    dispose() {
      worker?.terminate();
      worker = null;
      for (const p of pending.values()) clearTimer(p.timer);
      pending.clear();
      for (const q of queries.values()) clearTimer(q.timer);
      queries.clear();
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
