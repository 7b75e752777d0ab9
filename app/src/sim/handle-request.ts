import { readKernelTrace } from "@nfx/kernel-trace";
import { answerQuery } from "./answer-rules-query";
import { chainView, computeSimulation } from "./compute";
import { openInWorker } from "./open-request";
import { isSimRequest, PROTOCOL_VERSION, type SimRequest, type SimResponse, type TextRef } from "./protocol";
import { countRuleLines } from "./read-file";
import { readScenario } from "./read-scenario";
import type { ChainQuery, RulesQuery, RulesQueryAnswer } from "./rules-query";
import type { RulesetCache } from "./ruleset-cache";
import { INLINE_RULESET_BYTES, readBlobSync } from "./ruleset-source";

/** The texts a request names, so a Blob among them can be read before the request is answered. */
function refsOf(msg: SimRequest): TextRef[] {
  if (msg.type === "simulate") return msg.nftables ? [msg.ruleset, msg.nftables] : [msg.ruleset];
  if (msg.type === "query" && "ruleset" in msg.query) return [msg.query.ruleset];
  return [];
}

/** `msg` with every Blob it names replaced by the Blob's text; null when one cannot be read synchronously. */
function withTexts(msg: SimRequest, read: (b: Blob) => string | null): SimRequest | null {
  const resolve = (ref: TextRef): TextRef | null => {
    if (!ref.blob) return ref;
    const text = read(ref.blob);
    return text === null ? null : { id: ref.id, text };
  };
  if (msg.type === "simulate") {
    const ruleset = resolve(msg.ruleset);
    const nftables = msg.nftables ? resolve(msg.nftables) : undefined;
    if (ruleset === null || nftables === null) return null;
    return { ...msg, ruleset, ...(nftables ? { nftables } : {}) };
  }
  if (msg.type === "query" && "ruleset" in msg.query) {
    const ruleset = resolve(msg.query.ruleset);
    return ruleset === null ? null : { ...msg, query: { ...msg.query, ruleset } };
  }
  return msg;
}

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
  // A large ruleset arrives as a Blob (ruleset-source.ts): a worker reads it synchronously (FileReaderSync),
  // which keeps requests answered in order; where that is missing (tests in Node) it is read first.
  const blobs = refsOf(msg).filter((r) => r.blob);
  if (blobs.length) {
    const resolved = withTexts(msg, readBlobSync);
    if (resolved) {
      answer(resolved, post, cache);
      return;
    }
    void Promise.all(blobs.map((r) => r.blob!.text())).then((texts) => {
      const read = new Map(blobs.map((r, i) => [r.blob!, texts[i]!]));
      answer(withTexts(msg, (b) => read.get(b) ?? null)!, post, cache);
    });
    return;
  }
  answer(msg, post, cache);
}

function answer(msg: SimRequest, post: (reply: SimResponse) => void, cache: RulesetCache): void {
  const { id } = msg;
  if (msg.type === "open") {
    void openInWorker(msg, post, cache);
    return;
  }
  if (msg.type === "query") {
    const q = msg.query;
    if (q.kind === "read-scenario") {
      const reply = (text: string) =>
        post({
          v: PROTOCOL_VERSION,
          id,
          type: "answer",
          answer: readScenario(text, (ruleset) => {
            cache.keepText(q.textId, ruleset);
            return q.textId;
          }),
        });
      const text = readBlobSync(q.file);
      if (text !== null) reply(text);
      else void q.file.text().then(reply);
      return;
    }
    let query: RulesQuery;
    if (q.kind === "parse" || q.kind === "parse-nft" || q.kind === "edit" || q.kind === "scenario-file") {
      const text = cache.resolveText(q.ruleset);
      if (text === null) {
        post({ v: PROTOCOL_VERSION, id, type: "answer", answer: { kind: "missing-text", textId: q.ruleset.id } });
        return;
      }
      if (q.kind === "scenario-file") {
        post({ v: PROTOCOL_VERSION, id, type: "answer", answer: scenarioFile(q.scenario, text) });
        return;
      }
      query = q.kind === "edit" ? { kind: "edit", text, edit: q.edit } : { kind: q.kind, text };
    } else if (q.kind === "kernel-trace") {
      const ruleset = cache.resolveText(q.ruleset);
      const nftables = q.nftables ? cache.resolveText(q.nftables) : undefined;
      const missing = ruleset === null ? q.ruleset : nftables === null ? q.nftables : null;
      if (missing) {
        post({ v: PROTOCOL_VERSION, id, type: "answer", answer: { kind: "missing-text", textId: missing.id } });
        return;
      }
      const trace = readKernelTrace(q.trace, { ruleset: ruleset!, ...(nftables ? { nftables } : {}) });
      post({ v: PROTOCOL_VERSION, id, type: "answer", answer: { kind: "kernel-trace", trace } });
      return;
    } else if (q.kind === "chain") {
      post({ v: PROTOCOL_VERSION, id, type: "answer", answer: chainAnswer(q, cache) });
      return;
    } else query = q;
    const a = answerQuery(query, cache);
    post({ v: PROTOCOL_VERSION, id, type: "answer", answer: a.kind === "edit" && a.ok ? edited(a.text, cache) : a });
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
  const sim = computeSimulation(
    msg.revision,
    msg.scenario,
    msg.pins,
    { ruleset, ...(nftables === undefined ? {} : { nftables }) },
    cache,
  );
  post(
    sim.ok
      ? { v: PROTOCOL_VERSION, id, type: "result", revision: sim.revision, view: sim.view }
      : { v: PROTOCOL_VERSION, id, type: "error", revision: sim.revision, error: sim.error },
  );
}

/**
 * An edit's result, kept here under a fresh id. A large one goes back as a Blob (the page keeps a handle, never
 * the text); a small one as text, which the page keeps inline.
 */
function edited(text: string, cache: RulesetCache): RulesQueryAnswer {
  const textId = cache.keepOwnText(text);
  if (text.length <= INLINE_RULESET_BYTES) return { kind: "edit", ok: true, text, textId };
  const blob = new Blob([text], { type: "text/plain" });
  return { kind: "edit-blob", textId, blob, bytes: blob.size, rules: countRuleLines(`\n${text}`) };
}

/** One chain of the ruleset simulated at `q.revision`, for a view that left it out (`SimView.complete`). */
export function chainAnswer(
  q: ChainQuery,
  cache: RulesetCache,
): Extract<RulesQueryAnswer, { readonly kind: "chain" | "stale" }> {
  const parsed = cache.currentAt(q.revision);
  if (!parsed) return { kind: "stale", revision: q.revision };
  const c = parsed.ruleset.tables.find((t) => t.name === q.table)?.chains.find((x) => x.name === q.chain);
  return { kind: "chain", chain: c ? chainView(q.table, c, false) : null };
}

/** The scenario file (share/file.ts's format: JSON, two-space indent, a final newline) with the ruleset filled in. */
export function scenarioFile(
  doc: unknown,
  ruleset: string,
): Extract<RulesQueryAnswer, { readonly kind: "file" | "failed" }> {
  if (typeof doc !== "object" || doc === null) return { kind: "failed", message: "no scenario" };
  const json = `${JSON.stringify({ ...doc, ruleset }, null, 2)}\n`;
  return { kind: "file", blob: new Blob([json], { type: "application/json" }) };
}
