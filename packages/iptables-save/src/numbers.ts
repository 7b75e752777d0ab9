import type { NatPortRange, PortRange } from "@nfx/model";
import { LineError } from "./diagnostics";

/**
 * An unsigned number as C's `strtoul(text, NULL, 0)` reads it (decimal, `0x` hex, leading-`0` octal), which is
 * how iptables reads marks, masks and most counts. Returns -1 for anything that is not wholly a number.
 */
export function parseUnsigned(text: string): number {
  const n = text.length;
  if (n === 0) return -1;
  let value = 0;
  if (n > 2 && text.charCodeAt(0) === 48 && (text.charCodeAt(1) | 32) === 120) {
    for (let i = 2; i < n; i++) {
      const c = text.charCodeAt(i);
      let digit: number;
      if (c >= 48 && c <= 57) digit = c - 48;
      else if ((c | 32) >= 97 && (c | 32) <= 102) digit = (c | 32) - 87;
      else return -1;
      value = value * 16 + digit;
    }
    return value;
  }
  const base = n > 1 && text.charCodeAt(0) === 48 ? 8 : 10;
  for (let i = 0; i < n; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit >= base) return -1;
    value = value * base + digit;
  }
  return value;
}

/** A number in [min, max] or a LineError naming the option, as `xtables_strtoui` callers report it. */
export function expectNumber(text: string, min: number, max: number, what: string, column: number): number {
  const value = parseUnsigned(text);
  if (value < min || value > max)
    throw new LineError("bad-number", `Bad ${what} "${text}"`, column, column + text.length);
  return value;
}

/** A 32-bit `value[/mask]`; the mask defaults to 0xffffffff. */
export function parseValueMask(text: string, what: string, column: number): { value: number; mask: number } {
  const slash = text.indexOf("/");
  const valueText = slash < 0 ? text : text.slice(0, slash);
  const value = parseUnsigned(valueText);
  const mask = slash < 0 ? 0xffffffff : parseUnsigned(text.slice(slash + 1));
  if (value < 0 || value > 0xffffffff || mask < 0 || mask > 0xffffffff) {
    throw new LineError("bad-number", `Bad ${what} value "${text}"`, column, column + text.length);
  }
  return { value, mask };
}

/** Lower-case hex with the `0x` prefix, as iptables-save prints marks. */
export function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

/** `0x%02x`: how TOS and DSCP values are printed. */
export function hex2(value: number): string {
  return `0x${value.toString(16).padStart(2, "0")}`;
}

const SERVICES: Readonly<Record<string, number>> = {
  echo: 7,
  discard: 9,
  ftp: 21,
  "ftp-data": 20,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  bootps: 67,
  bootpc: 68,
  tftp: 69,
  http: 80,
  www: 80,
  pop3: 110,
  sunrpc: 111,
  ntp: 123,
  imap: 143,
  imap2: 143,
  snmp: 161,
  bgp: 179,
  ldap: 389,
  https: 443,
  submission: 587,
  ldaps: 636,
  imaps: 993,
  pop3s: 995,
  openvpn: 1194,
  mysql: 3306,
  postgresql: 5432,
};

/** A port by number or by `/etc/services` name (the common ones). */
function parsePort(text: string, column: number): number {
  const c = text.charCodeAt(0);
  const value = c >= 48 && c <= 57 ? parseUnsigned(text) : (SERVICES[text] ?? -1);
  if (value < 0 || value > 65535)
    throw new LineError("bad-port", `invalid port/service \`${text}' specified`, column, column + text.length);
  return value;
}

/**
 * `a`, `a:b`, `:b` (from 0) or `a:` (to 65535), with `sep` as the range separator. `inverted` keeps a range
 * with a > b (it matches nothing), as `-m conntrack` does; tcp, udp and multiport refuse it.
 */
export function parsePortRange(text: string, column: number, sep = ":", inverted = false): PortRange {
  const at = text.indexOf(sep);
  if (at < 0) {
    const port = parsePort(text, column);
    return { from: port, to: port };
  }
  const from = at === 0 ? 0 : parsePort(text.slice(0, at), column);
  const to = at === text.length - 1 ? 65535 : parsePort(text.slice(at + 1), column);
  if (from > to && !inverted)
    throw new LineError("bad-port", `invalid portrange (min > max) \`${text}'`, column, column + text.length);
  return { from, to };
}

/** `a` or `a:b` (`a-b` with sep "-"), as iptables-save prints port ranges. */
export function formatPortRange(range: PortRange, sep = ":"): string {
  return range.from === range.to ? `${range.from}` : `${range.from}${sep}${range.to}`;
}

/** C's `strtoul(text + at, &end, 0)`: the leading number and where it ends (`end === at` when there is none). */
function scanUnsigned(text: string, at: number): { value: number; end: number } {
  let base = 10;
  let i = at;
  if (text.charCodeAt(i) === 48 && (text.charCodeAt(i + 1) | 32) === 120 && /[0-9a-f]/i.test(text[i + 2] ?? "")) {
    base = 16;
    i += 2;
  } else if (text.charCodeAt(i) === 48) base = 8;
  let value = 0;
  const start = i;
  for (; i < text.length; i++) {
    const digit = Number.parseInt(text[i] ?? "", base);
    if (Number.isNaN(digit)) break;
    value = value * base + digit;
  }
  return { value, end: i === start && base !== 16 ? at : i };
}

/**
 * A NAT target's `port[-port][/base]` as libxt_NAT.c's `parse_ports` reads it (iptables 1.8.9): the first port
 * by number or, as the whole text, by service name (so `ftp-data` is a name and `ftp-ssh` is refused); the
 * last port and the base by number only, the base in 1..65535. `withBase` is false for REDIRECT, which refuses
 * a base.
 */
export function parseNatPorts(text: string, module: string, withBase: boolean, column: number): NatPortRange {
  const fail = (message: string): never => {
    throw new LineError("bad-port", message, column, column + text.length);
  };
  const first = scanUnsigned(text, 0);
  let from = first.value;
  let end = first.end;
  if (end === 0 || from > 65535) {
    from = SERVICES[text] ?? fail(`Port \`${text}' not valid`);
    end = text.length;
  }
  if (end === text.length) return { from, to: from };
  if (text[end] === ":") fail(`${module}: Invalid port:port syntax - use dash`);
  if (text[end] !== "-") fail(`Garbage after port value: \`${text.slice(end)}'`);
  const last = scanUnsigned(text, end + 1);
  const rest = text.slice(end + 1);
  if (last.end === end + 1 || last.value > 65535) fail(`Port \`${rest}' not valid`);
  if (last.value < from) fail(`Port range \`${rest}' funky`);
  const range = { from, to: last.value };
  if (last.end === text.length) return range;
  const baseText = text.slice(last.end + 1);
  if (!withBase || text[last.end] !== "/") fail(`Garbage after port range: \`${text.slice(last.end)}'`);
  const whole = parseUnsigned(baseText);
  const base = whole >= 1 && whole <= 65535 ? whole : (SERVICES[baseText] ?? fail(`Port \`${baseText}' not valid`));
  return { ...range, base };
}

/** `a`, `a-b` or `a-b/base`, as iptables-save prints a NAT target's ports. */
export function formatNatPorts(range: NatPortRange): string {
  const ports = formatPortRange(range, "-");
  return range.base === undefined ? ports : `${ports}/${range.base}`;
}
