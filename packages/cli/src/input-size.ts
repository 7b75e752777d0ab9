import { isAscii } from "node:buffer";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/**
 * The largest input the CLI reads unless told otherwise: a 700,000-line Kubernetes node's iptables-save (about
 * 75 MB) fits three times over, while a stray multi-gigabyte file is refused before it is read into memory.
 */
export const DEFAULT_MAX_INPUT = 256 * 1024 * 1024;

const UNITS: Readonly<Record<string, number>> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `512M`, `2G`, `1048576` (K, M, G, T count in 1024s, as `ls -h` and `truncate -s` do); null if not a size. */
export function parseSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  if (!m) return null;
  const bytes = Math.floor(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : null;
}

/** `5.0 GiB`, `256 MiB`, `812 bytes`. */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [
    ["TiB", 1024 ** 4],
    ["GiB", 1024 ** 3],
    ["MiB", 1024 ** 2],
    ["KiB", 1024],
  ] as const) {
    if (bytes >= size) {
      const n = bytes / size;
      return `${Number.isInteger(n) ? n : n.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}

/** A `--max-input-size` value that admits `bytes` with a quarter to spare, in whole MiB or GiB (`96M`, `7G`). */
export function sizeArgument(bytes: number): string {
  const wanted = bytes * 1.25;
  return wanted > 1024 ** 3 ? `${Math.ceil(wanted / 1024 ** 3)}G` : `${Math.ceil(wanted / 1024 ** 2)}M`;
}

/** Why an input was not read. */
export type ReadFailure =
  | { readonly kind: "too-large"; readonly size: number; readonly whole: boolean }
  | { readonly kind: "missing" }
  | { readonly kind: "directory" }
  | { readonly kind: "unreadable"; readonly reason: string };

const CHUNK = 1024 * 1024;

/**
 * Reads a file, or standard input for `-`, as UTF-8, refusing more than `limit` bytes: a file's size is looked
 * at before anything is read; a pipe is read until it passes the limit and no further.
 */
export function readBounded(path: string, limit: number): string | ReadFailure {
  let fd: number;
  try {
    fd = path === "-" ? 0 : openSync(path, "r");
  } catch (e) {
    return failure(e);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { kind: "directory" };
    if (stat.isFile() && stat.size > limit) return { kind: "too-large", size: stat.size, whole: true };
    const chunks: Buffer[] = [];
    let total = 0;
    // A file is read into one buffer of its size (plus one byte, to see it has not grown): no copy to join.
    let size = stat.isFile() ? stat.size + 1 : CHUNK;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(size, limit + 1 - total));
      size = CHUNK;
      const n = readRetrying(fd, buf);
      if (n === 0) break;
      total += n;
      if (total > limit) return { kind: "too-large", size: total, whole: false };
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    const whole = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
    // ASCII (every iptables-save file but for the odd comment) reads the same as latin1, which needs no decoding.
    return isAscii(whole) ? whole.toString("latin1") : whole.toString("utf8");
  } catch (e) {
    return failure(e);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/** A terminal or a non-blocking pipe on stdin answers EAGAIN while nothing is there yet: wait for it. */
function readRetrying(fd: number, buf: Buffer): number {
  for (;;) {
    try {
      return readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EOF") return 0;
      if (code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

function failure(e: unknown): ReadFailure {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return { kind: "missing" };
  if (code === "EISDIR") return { kind: "directory" };
  return { kind: "unreadable", reason: e instanceof Error ? e.message : String(e) };
}
