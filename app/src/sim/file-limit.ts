import type { OpenOutcome } from "./engine";

/**
 * The largest ruleset file the app opens, in bytes: the longest string V8 (Chrome, Edge, Node) can make,
 * 2^29 - 24 characters on 64-bit builds (Firefox allows 2^30 - 2). The worker keeps a ruleset as one text, so
 * a longer file cannot be held however much memory the machine has; an iptables-save file is ASCII, one byte
 * per character, so its size in bytes is its length in characters. Anything smaller loads: the worker's heap,
 * not a number picked here, is the other bound, and a file that exhausts it crashes the worker, which the
 * app reports as such.
 *
 * The limit belongs here, where a file enters, and not in scenario validation: validation judges whether a
 * document means something, and a ruleset's size does not change its meaning. Documents that arrive from
 * others are bounded where they arrive (a share link's decompressed size, see @nfx/scenario share-link).
 */
export const MAX_RULESET_FILE_BYTES = 2 ** 29 - 24;

/** The answer for a file too large to open, before a byte of it is read; null when it may be opened. */
export function refuseTooLarge(file: Blob): OpenOutcome | null {
  return file.size > MAX_RULESET_FILE_BYTES
    ? { kind: "too-large", bytes: file.size, limit: MAX_RULESET_FILE_BYTES }
    : null;
}
