/**
 * How a reader of a ruleset answers: `"after-check"`, once every line is checked (runScenario in the CLI: what
 * counts is the whole work); `"before-check"`, as soon as the ruleset is indexed, with the check going on in the
 * background (the app's worker: what counts is how soon the first packet is shown).
 */
export type ParseReader = "after-check" | "before-check";

/**
 * Below these sizes (characters) a ruleset is parsed whole.
 *
 * After the check: validating every line reads each rule anyway, and the lazy parse then reads again each chain a
 * packet reaches, so below 2 MiB the whole parse costs no more than the lazy index alone (fresh processes:
 * flat-10000, 0.7 MB, 170 ms against 190 ms plus 55 ms to read INPUT again for the first packet; kube-1000, 1.7 MB,
 * 225 ms both). Above it (kube-5000, 8.7 MB: 690 ms against 415 ms; a whole node, 75 MB) packets reach a small
 * part of the rules and reading the rest would only cost time and memory.
 *
 * Before the check: the index answers in about a third of the whole parse's time (kube-1000: 435-487 ms against
 * 1,130-1,954 ms, fresh processes at load 15), so only a ruleset whose whole parse nobody waits for, a few tens
 * of milliseconds, is parsed whole; it then needs no background check and no "Checking…" status.
 */
export const WHOLE_PARSE_BELOW: Readonly<Record<ParseReader, number>> = {
  "after-check": 2 * 1024 * 1024,
  "before-check": 256 * 1024,
};

/**
 * Whether `text` is best read whole (parseRuleset) rather than indexed with its chains read when first used
 * (LazyParse): the one rule for every reader of a ruleset, the CLI's runs and the app's worker alike.
 */
export function parsesWhole(text: string, reader: ParseReader): boolean {
  return text.length < WHOLE_PARSE_BELOW[reader];
}
