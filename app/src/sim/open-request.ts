import { parseAnswer } from "./answer-rules-query";
import { PROTOCOL_VERSION, type SimRequest, type SimResponse } from "./protocol";
import { readRulesetFile } from "./read-file";
import type { RulesetCache } from "./ruleset-cache";
import { INLINE_RULESET_BYTES } from "./ruleset-source";

type OpenRequest = Extract<SimRequest, { type: "open" }>;

/**
 * The worker's side of opening a file: stream it in (reporting bytes and rules so far), say that parsing has
 * begun, parse it into the cache and keep its text under the page's id. The parse is one synchronous step, so
 * the page cancels a load by dropping the worker that runs it (worker-engine.ts `open`), never by a message.
 */
export async function openInWorker(msg: OpenRequest, post: (reply: SimResponse) => void, cache: RulesetCache) {
  const { id, file } = msg;
  const total = file.size;
  let seen = 0;
  try {
    const text = await readRulesetFile(file, ({ bytes, rules }) => {
      seen = rules;
      post({ v: PROTOCOL_VERSION, id, type: "progress", progress: { phase: "reading", bytes, total, rules } });
    });
    post({
      v: PROTOCOL_VERSION,
      id,
      type: "progress",
      progress: { phase: "parsing", bytes: total, total, rules: seen },
    });
    cache.keepText(msg.textId, text);
    // A large file is answered once indexed (errors the index finds, such as a missing COMMIT, come at once); the
    // rest of the check goes on in the background and the simulation's view says how far it is (validation-job.ts).
    // A small one is checked in full first (milliseconds): with errors it goes to the editor, never applied.
    const parsed = text.length > INLINE_RULESET_BYTES ? cache.parseIndexed(text) : cache.parse(text);
    post({ v: PROTOCOL_VERSION, id, type: "answer", answer: parseAnswer(parsed, cache) });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    post({ v: PROTOCOL_VERSION, id, type: "answer", answer: { kind: "failed", message } });
  }
}
