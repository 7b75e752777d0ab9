/**
 * Rulesets shorter than this (characters) are parsed whole. Validating every line reads each rule anyway, and
 * the lazy parse then reads again each chain a packet reaches; below this size the whole parse costs no more
 * than the lazy index alone (fresh processes: flat-10000, 0.7 MB, 170 ms against 190 ms plus 55 ms to read
 * INPUT again for the first packet; kube-1000, 1.7 MB, 225 ms both), and keeping every rule costs a few MB.
 * Above it (kube-5000, 8.7 MB: 690 ms against 415 ms; a whole node, 75 MB) packets reach a small part of the
 * rules and reading the rest would only cost time and memory.
 */
export const WHOLE_PARSE_BELOW = 2 * 1024 * 1024;

/**
 * Whether `text` is best read whole (parseRuleset) rather than indexed with its chains read when first used
 * (LazyParse): the one rule for every reader of a ruleset, the CLI's runs and the app's worker alike.
 */
export function parsesWhole(text: string): boolean {
  return text.length < WHOLE_PARSE_BELOW;
}
