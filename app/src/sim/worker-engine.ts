import type { Engine, EngineAnswer, EngineQuery, OpenOutcome } from "./engine";
import { refuseTooLarge } from "./file-limit";
import {
  type EngineError,
  isSimResponse,
  PROTOCOL_VERSION,
  type SimAnswer,
  type SimRequest,
  type SimResponse,
  type TextRef,
  type ValidationStatus,
} from "./protocol";
import type { RulesQueryAnswer, WireQuery } from "./rules-query";
import {
  handleOf,
  INLINE_RULESET_BYTES,
  isHandle,
  newHandleKey,
  type PageScenario,
  type RulesetHandle,
  type RulesetSource,
  rulesetBytes,
} from "./ruleset-source";

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
  readonly fail: (f: Failure) => void;
  /** Sends the request again with every text in full. */
  readonly resend: () => void;
}

/** Why a request failed: its own time limit passed, the worker crashed (in its words), or the user stopped it. */
type Failure =
  | { readonly why: "timeout"; readonly ms: number }
  | { readonly why: "crashed"; readonly message: string }
  | { readonly why: "stopped" };

/**
 * Extra time a simulation gets for the size of its ruleset: 4 s per 10 MB (a 700,000-line node, 75 MB, gets
 * 30 s more). The limit is there to stop a runaway computation, and what a whole node costs is proportional to
 * its size, not runaway: its parse after a reload (6.7 s of CPU quiet, twice that on a busy machine) and the
 * compile of its 492,000 rules for every simulation (about 2 s busy) outlasted the 8 s.
 */
export function sizeAllowanceMs(chars: number): number {
  return Math.round((chars / 10_000_000) * 4000);
}

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
  /** Texts the current worker holds, most recent first: inline texts, or the Blobs of handles (by their size). */
  let held: { readonly id: number; readonly text?: string; readonly size: number }[] = [];
  /** The id each handle's Blob has on the wire, for as long as the page holds the Blob. */
  const blobIds = new WeakMap<Blob, number>();
  const validationListeners = new Set<(revision: number, status: ValidationStatus) => void>();

  const remember = (id: number, text: string | null, size = text?.length ?? 0) => {
    const entry = text === null ? { id, size } : { id, text, size };
    held = [entry, ...held.filter((h) => h.id !== id && (text === null || h.text !== text))].slice(0, REMEMBER_TEXTS);
  };
  /** How the ruleset travels: its id when the worker holds it, else the text, or a handle's Blob (by reference). */
  const refFor = (source: RulesetSource, full = false): TextRef => {
    if (isHandle(source)) {
      const id = blobIds.get(source.blob) ?? nextTextId++;
      blobIds.set(source.blob, id);
      if (!full && held.some((h) => h.id === id)) return { id };
      remember(id, null, source.bytes);
      return { id, blob: source.blob };
    }
    const h = held.find((x) => x.text === source);
    if (h && !full) return { id: h.id };
    const id = h?.id ?? nextTextId++;
    remember(id, source);
    return { id, text: source };
  };
  /** A handle for a text the worker made and keeps under `textId` (a large edit's result). */
  const handleFor = (textId: number, blob: Blob, bytes: number, rules: number, name: string): RulesetHandle => {
    blobIds.set(blob, textId);
    remember(textId, null, bytes);
    return { kind: "handle", key: newHandleKey(), blob, bytes, rules, name };
  };

  /** The longest text the worker holds: what a query about the current ruleset may have to walk. */
  const heldChars = () => held.reduce((n, h) => Math.max(n, h.size), 0);

  const replaceWorker = () => {
    worker?.terminate();
    worker = null;
    held = [];
  };

  /** Fails every pending request (a crash cannot name its culprit; a stop means all of them). */
  const failAll = (f: Failure) => {
    replaceWorker();
    for (const [id, p] of pending) {
      if (p.timer !== null) clearTimer(p.timer);
      pending.delete(id);
      p.fail(f);
    }
  };

  /**
   * One request ran too long: only it fails. The others were merely queued behind it in the same worker, so
   * they are sent again, in order, to a fresh one (each with a fresh timer).
   */
  const timedOut = (culprit: number, ms: number) => {
    const p = pending.get(culprit);
    if (!p) return;
    replaceWorker();
    pending.delete(culprit);
    p.fail({ why: "timeout", ms });
    const waiting = [...pending.entries()];
    pending.clear();
    for (const [, q] of waiting) {
      if (q.timer !== null) clearTimer(q.timer);
      q.resend();
    }
    opts.onRestart?.("timeout");
  };

  /** Makes `w` the worker that answers the pending requests. */
  const wire = (w: WorkerLike) => {
    w.onmessage = (ev) => {
      const msg = ev.data;
      if (!isSimResponse(msg)) return; // another protocol version: ignore rather than misread it
      if (msg.type === "validation") {
        for (const l of validationListeners) l(msg.revision, msg.status);
        return;
      }
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
      failAll({ why: "crashed", message: ev.message || "worker error" });
      opts.onRestart?.("crashed");
    };
    worker = w;
    return w;
  };
  const ensure = (): WorkerLike => worker ?? wire(opts.spawn());

  /**
   * A worker that has just parsed an opened file replaces the current one: it holds that file's text and parse,
   * which are about to be simulated. Requests still waiting on the old worker go to the new one, texts in full.
   */
  const adopt = (w: WorkerLike, textId: number, text: string | null, size: number) => {
    replaceWorker();
    wire(w);
    remember(textId, text, size);
    const waiting = [...pending.values()];
    pending.clear();
    for (const q of waiting) {
      if (q.timer !== null) clearTimer(q.timer);
      q.resend();
    }
  };

  /** Posts one request under a fresh id with its timeout; `make` builds it (again, on a resend). */
  const request = <T>(
    make: (id: number, full: boolean) => { msg: SimRequest; transfer?: Transferable[] },
    settle: (msg: SimResponse) => T | null,
    fail: (f: Failure) => T,
    /** The time limit in ms, or null for none. */
    limitMs: number | null = timeoutMs,
  ): Promise<T> =>
    new Promise<T>((resolve) => {
      const send = (full: boolean) => {
        const id = nextId++;
        const timer = limitMs !== null ? setTimer(() => timedOut(id, limitMs), limitMs) : null;
        pending.set(id, {
          timer,
          settle: (msg) => {
            const out = settle(msg);
            if (out === null) return false;
            resolve(out);
            return true;
          },
          fail: (f) => resolve(fail(f)),
          resend: () => send(true),
        });
        const { msg, transfer } = make(id, full);
        ensure().postMessage(msg, transfer ?? []);
      };
      send(false);
    });

  const failure = (f: Failure): EngineError => {
    switch (f.why) {
      case "timeout":
        return { code: "timeout", ms: f.ms };
      case "crashed":
        return { code: "worker-crashed", message: f.message };
      case "stopped":
        return { code: "stopped" };
    }
  };
  const failedQuery = (f: Failure): EngineAnswer => ({
    kind: "failed",
    message: f.why === "timeout" ? `timed out after ${f.ms} ms` : f.why === "stopped" ? "stopped" : f.message,
  });
  /** The page's answer from the worker's: a new ruleset as text or as a handle, named like the one edited. */
  const settleQuery =
    (query: EngineQuery) =>
    (msg: SimResponse): EngineAnswer | null => {
      if (msg.type !== "answer") return { kind: "failed", message: "unexpected reply" };
      const a: RulesQueryAnswer = msg.answer;
      switch (a.kind) {
        case "missing-text":
          return null;
        case "edit-blob": {
          const name = query.kind === "edit" && isHandle(query.ruleset) ? query.ruleset.name : "rules.v4";
          return { kind: "edit", ok: true, ruleset: handleFor(a.textId, a.blob, a.bytes, a.rules, name) };
        }
        case "scenario": {
          if (a.ruleset.kind === "inline") return { kind: "scenario", scenario: a.scenario as PageScenario };
          const name = query.kind === "read-scenario" ? query.name : "rules.v4";
          const { textId, blob, rules } = a.ruleset;
          const ruleset = handleFor(textId, blob, blob.size, rules, name);
          return { kind: "scenario", scenario: { ...(a.scenario as PageScenario), ruleset } };
        }
        case "edit":
          if (!a.ok) return a;
          if (a.textId !== undefined) remember(a.textId, a.text);
          return { kind: "edit", ok: true, ruleset: a.text };
        default:
          return a;
      }
    };

  return {
    simulate(revision, scenario, pins = {}, limit = "limited") {
      const given = (scenario as { ruleset?: unknown } | null)?.ruleset;
      const text = typeof given === "string" || isRulesetHandle(given) ? given : null;
      const nft = (scenario as { nftables?: unknown } | null)?.nftables;
      return request<SimAnswer>(
        (id, full) => {
          const ruleset = text !== null ? refFor(text, full) : { id: 0, text: "" };
          // Both texts travel by reference: a kube-proxy nftables ruleset is as large as its iptables one.
          const nftables = typeof nft === "string" ? refFor(nft, full) : undefined;
          let doc = scenario;
          if (text !== null) doc = { ...(doc as object), ruleset: "" };
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
        (f) => ({ ok: false, revision, error: failure(f) }),
        limit === "limited" ? timeoutMs + sizeAllowanceMs(text !== null ? rulesetBytes(text) : 0) : null,
      );
    },
    query(query: EngineQuery) {
      return request<EngineAnswer>(
        (id, full) => {
          const wire: WireQuery =
            query.kind === "parse" || query.kind === "parse-nft"
              ? { kind: query.kind, ruleset: refFor(query.text, full) }
              : query.kind === "edit"
                ? { kind: "edit", ruleset: refFor(query.ruleset, full), edit: query.edit }
                : query.kind === "scenario-file"
                  ? {
                      kind: "scenario-file",
                      scenario: { ...query.scenario, ruleset: "" },
                      ruleset: refFor(query.scenario.ruleset, full),
                    }
                  : query.kind === "read-scenario"
                    ? { kind: "read-scenario", file: query.file, textId: nextTextId++ }
                    : query.kind === "kernel-trace"
                      ? {
                          kind: "kernel-trace",
                          trace: query.trace,
                          ruleset: refFor(query.ruleset, full),
                          ...(query.nftables === undefined ? {} : { nftables: refFor(query.nftables, full) }),
                        }
                      : query;
          return { msg: { v: PROTOCOL_VERSION, id, type: "query", query: wire } };
        },
        settleQuery(query),
        failedQuery,
        // A question about "the ruleset" (rows, a search's first index) costs what the ruleset's size does.
        timeoutMs +
          sizeAllowanceMs(
            query.kind === "parse"
              ? query.text.length
              : query.kind === "edit"
                ? rulesetBytes(query.ruleset)
                : query.kind === "scenario-file"
                  ? rulesetBytes(query.scenario.ruleset)
                  : query.kind === "read-scenario"
                    ? query.file.size
                    : query.kind === "kernel-trace"
                      ? rulesetBytes(query.ruleset)
                      : heldChars(),
          ),
      );
    },
    open(file, onProgress) {
      const refused = refuseTooLarge(file);
      if (refused) return { done: Promise.resolve(refused), cancel() {} };
      // The file is read and parsed by a worker of its own, which becomes the engine's worker only once the
      // parse is done: until then the current ruleset stays in force, and cancelling (even in the middle of
      // the parse, which cannot be interrupted) drops that worker and nothing else.
      const candidate = opts.spawn();
      const id = nextId++;
      const textId = nextTextId++;
      let finish: (o: OpenOutcome) => void = () => {};
      let settled = false;
      const done = new Promise<OpenOutcome>((resolve) => {
        finish = (o) => {
          if (settled) return;
          settled = true; // the candidate's handlers ignore it from now on (or `adopt` replaced them)
          resolve(o);
        };
      });
      const drop = (o: OpenOutcome) => {
        candidate.terminate();
        finish(o);
      };
      candidate.onmessage = (ev) => {
        const msg = ev.data;
        if (!isSimResponse(msg) || msg.id !== id || settled) return;
        if (msg.type === "progress") return onProgress(msg.progress);
        if (msg.type !== "answer" || msg.answer.kind !== "parse")
          return drop({
            kind: "failed",
            message: msg.type === "answer" && msg.answer.kind === "failed" ? msg.answer.message : "unexpected reply",
          });
        const parse = msg.answer;
        const clean = !parse.diagnostics.some((d) => d.severity === "error");
        // A large clean file stays in the worker: the page keeps a handle on the file (ruleset-source.ts).
        if (clean && file.size > INLINE_RULESET_BYTES) {
          blobIds.set(file, textId);
          adopt(candidate, textId, null, file.size);
          return finish({ kind: "parsed", ruleset: handleOf(file, parse.ruleCount), parse });
        }
        // A small file (or one with errors, for the editor to show them in) comes to the page as text.
        void file.text().then(
          (text) => {
            if (settled) return;
            // A file the current worker already holds (opened again) changes nothing: that worker keeps its
            // parse and the rows of the shown revision, which a fresh worker would not have.
            if (clean && !held.some((h) => h.text === text)) {
              adopt(candidate, textId, text, text.length);
              finish({ kind: "parsed", ruleset: text, parse });
            } else drop({ kind: "parsed", ruleset: text, parse });
          },
          (e: unknown) => drop({ kind: "failed", message: e instanceof Error ? e.message : String(e) }),
        );
      };
      candidate.onerror = (ev) => {
        ev.preventDefault?.();
        drop({ kind: "failed", message: ev.message || "worker error" });
      };
      candidate.postMessage({ v: PROTOCOL_VERSION, id, type: "open", textId, file });
      return { done, cancel: () => drop({ kind: "cancelled" }) };
    },
    onValidation(listener) {
      validationListeners.add(listener);
      return () => validationListeners.delete(listener);
    },
    stop() {
      if (pending.size) failAll({ why: "stopped" });
    },
    dispose() {
      replaceWorker();
      for (const p of pending.values()) if (p.timer !== null) clearTimer(p.timer);
      pending.clear();
    },
  };
}

/** A handle (ruleset-source.ts) in an untrusted scenario document. */
function isRulesetHandle(x: unknown): x is RulesetHandle {
  return typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "handle";
}

/** The real worker, as a module worker so it can import the engine packages. */
export function spawnSimWorker(): WorkerLike {
  return new Worker(new URL("./worker.ts", import.meta.url), {
    type: "module",
    name: "nfx-engine",
  }) as unknown as WorkerLike;
}
