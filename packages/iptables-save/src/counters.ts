import { COUNTER_MAX, type Counters } from "@nfx/model";

const DIGITS = /^\d+$/;

/** A decimal counter, or null above 2^64-1 (C's strtoull overflows there). */
function exact(digits: string): bigint | null {
  let first = 0;
  while (first < digits.length - 1 && digits.charCodeAt(first) === 48) first++;
  // More than 20 significant digits is always above 2^64-1; BigInt of a megabyte of digits is not worth it.
  if (digits.length - first > 20) return null;
  const value = BigInt(digits.slice(first));
  return value > COUNTER_MAX ? null : value;
}

/** A decimal counter, saturated at 2^64-1 as iptables-restore's `strtoull`/`%llu` do (checked with 1.8.9). */
function saturated(digits: string): bigint {
  return exact(digits) ?? COUNTER_MAX;
}

/** `[packets:bytes]`, or null when malformed. Values are exact up to 2^64-1; larger ones saturate. */
export function parseCounters(text: string): Counters | null {
  const colon = text.indexOf(":");
  if (text[0] !== "[" || text[text.length - 1] !== "]" || colon < 0) return null;
  const p = text.slice(1, colon);
  const by = text.slice(colon + 1, -1);
  if (!DIGITS.test(p) || !DIGITS.test(by)) return null;
  return { packets: saturated(p), bytes: saturated(by) };
}

/**
 * One value of `-c PACKETS BYTES`, as iptables reads it with `sscanf("%llu")`: blanks, an optional sign and
 * decimal digits, anything after them ignored; a negative value wraps as in C, an overflow saturates.
 * Null when there is no digit to read ("-c packet counter not numeric").
 */
export function parseCounterArg(text: string): bigint | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(text);
  if (!m) return null;
  const value = exact(m[2]!);
  if (value === null) return COUNTER_MAX;
  // strtoull negates in unsigned arithmetic: "-1" is 2^64-1.
  return m[1] === "-" && value !== 0n ? COUNTER_MAX + 1n - value : value;
}
