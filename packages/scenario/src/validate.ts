import { parseTcpFlags } from "@nfx/model";
import type { Scenario, ScenarioHost, ScenarioInner, ScenarioPacket, ScenarioRoute } from "./scenario";
import { checkShape, describeValue } from "./untrusted";
import { validateSysctls } from "./validate-sysctl";

/** A problem in a scenario document, with the JSON path to it (`packets[2].dport`). */
export interface ScenarioError {
  readonly path: string;
  readonly message: string;
}

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: ScenarioError[] };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const CIDR = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/(3[0-2]|[12]?\d))?$/;
const IFACE = /^[A-Za-z0-9_.@:-]{1,15}$/;
const MAX_PACKETS = 1000;
const MAX_ROUTES = 1000;
const MAX_LISTEN = 1000;
/** Past this many problems the list ends with a count: a person reads the first few, and a list is bounded. */
const MAX_ERRORS = 100;

type Obj = Record<string, unknown>;

/**
 * Checks an untrusted document (a file, a decoded URL) field by field and returns a typed scenario or every
 * problem found. Nothing in it is executed or trusted: unknown fields are dropped, strings are bounded, no
 * value's own code (`toString`, `valueOf`) is called, and it never throws, whatever `input` is.
 */
export function validateScenario(input: unknown): Validated<Scenario> {
  const errors: ScenarioError[] = [];
  let problems = 0;
  const err = (path: string, message: string) => {
    problems += 1;
    if (errors.length < MAX_ERRORS) errors.push({ path, message });
  };
  if (!isObj(input)) {
    return { ok: false, errors: [{ path: "", message: `a scenario is a JSON object, not ${describeValue(input)}` }] };
  }
  const shape = checkShape(input);
  if (shape) return { ok: false, errors: [shape] };
  const result = validateFields(input, err);
  if (problems > errors.length) errors.push({ path: "", message: `and ${problems - errors.length} more problems` });
  return result && problems === 0 ? { ok: true, value: result } : { ok: false, errors };
}

/** The scenario when its fields are usable; every problem goes to `err` (the caller decides from those). */
function validateFields(input: Obj, err: (path: string, message: string) => void): Scenario | null {
  const version = input.version ?? 1;
  if (version !== 1) {
    err(
      "version",
      typeof version === "number" && version > 1
        ? `version ${describeValue(version)} is newer than this app understands (1)`
        : `version must be 1, not ${describeValue(version)}`,
    );
  }
  const host = validateHost(input.host, err);
  const nftables = input.nftables;
  if (nftables !== undefined && typeof nftables !== "string") {
    err("nftables", "nftables must be a string of nft text (as `nft list ruleset` prints it) or its JSON");
  }
  // No size bound on a ruleset: its size does not change what it means, and a node dump is large by nature
  // (700,000 lines). What a ruleset may cost is bounded where it enters: a share link's decompressed size
  // (share-link.ts), the app's file opener (the longest string a browser makes).
  // An nftables-only host needs no iptables ruleset; a document with neither has nothing to run.
  const ruleset = input.ruleset === undefined && typeof nftables === "string" ? "" : input.ruleset;
  if (typeof ruleset !== "string") {
    err(
      "ruleset",
      input.ruleset === undefined
        ? "a scenario needs a ruleset (iptables-save text) or nftables (nft text), or both"
        : "ruleset must be a string of iptables-save text",
    );
  }
  const packets: ScenarioPacket[] = [];
  if (!Array.isArray(input.packets)) err("packets", "packets must be a list");
  else if (input.packets.length > MAX_PACKETS) err("packets", `at most ${MAX_PACKETS} packets`);
  else
    input.packets.forEach((p, i) => {
      const packet = validatePacket(p, `packets[${i}]`, err);
      if (packet) packets.push(packet);
    });
  const text = (key: string, max: number): string | undefined => {
    const v = input[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || v.length > max)
      return void err(key, `${key} must be a string of at most ${max} characters`);
    return v;
  };
  const name = text("name", 200);
  const title = text("title", 200);
  const description = text("description", 20000);
  const seed = input.seed;
  if (seed !== undefined && !isInt(seed, 0, 0xffffffff)) err("seed", "seed must be an integer 0-4294967295");
  if (!host || typeof ruleset !== "string" || (nftables !== undefined && typeof nftables !== "string")) return null;
  return {
    version: 1,
    ...(name === undefined ? {} : { name }),
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
    host,
    ruleset,
    ...(typeof nftables === "string" ? { nftables } : {}),
    packets,
    ...(typeof seed === "number" ? { seed } : {}),
  };
}

function validateHost(input: unknown, err: (p: string, m: string) => void): ScenarioHost | null {
  if (!isObj(input)) return fail(err, "host", "host must be an object");
  const interfaces: ScenarioHost["interfaces"][number][] = [];
  if (!Array.isArray(input.interfaces) || input.interfaces.length === 0) {
    err("host.interfaces", "host.interfaces must list at least one interface");
  } else if (input.interfaces.length > 30) {
    err("host.interfaces", "at most 30 interfaces");
  } else {
    for (const [k, i] of input.interfaces.entries()) {
      const path = `host.interfaces[${k}]`;
      if (!isObj(i)) {
        err(path, "an interface is an object with name and addr");
        continue;
      }
      if (typeof i.name !== "string" || !IFACE.test(i.name) || i.name === "lo" || i.name === "local") {
        err(`${path}.name`, "an interface name is 1-15 letters, digits or _.@:- (not lo or local)");
        continue;
      }
      if (typeof i.addr !== "string" || !CIDR.test(i.addr) || !i.addr.includes("/")) {
        err(`${path}.addr`, `${describeValue(i.addr)} is not an address with prefix like 10.0.0.1/24`);
        continue;
      }
      const mac = i.mac;
      if (mac !== undefined && (typeof mac !== "string" || !/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(mac))) {
        err(`${path}.mac`, "mac must look like 02:00:00:00:00:01");
        continue;
      }
      interfaces.push({ name: i.name, addr: i.addr, ...(typeof mac === "string" ? { mac: mac.toLowerCase() } : {}) });
    }
  }
  const routes: ScenarioRoute[] = [];
  if (input.routes !== undefined && !Array.isArray(input.routes)) err("host.routes", "host.routes must be a list");
  else if (Array.isArray(input.routes) && input.routes.length > MAX_ROUTES) {
    return fail(err, "host.routes", `at most ${MAX_ROUTES} routes`);
  }
  for (const [k, r] of (Array.isArray(input.routes) ? input.routes : []).entries()) {
    const route = validateRoute(r, `host.routes[${k}]`, err);
    if (route) routes.push(route);
  }
  const listen: ScenarioHost["listen"][number][] = [];
  if (input.listen !== undefined && !Array.isArray(input.listen)) err("host.listen", "host.listen must be a list");
  else if (Array.isArray(input.listen) && input.listen.length > MAX_LISTEN) {
    return fail(err, "host.listen", `at most ${MAX_LISTEN} listeners`);
  }
  for (const [k, l] of (Array.isArray(input.listen) ? input.listen : []).entries()) {
    const path = `host.listen[${k}]`;
    if (!isObj(l) || (l.proto !== "tcp" && l.proto !== "udp") || !isInt(l.port, 1, 65535)) {
      err(path, 'a listener is {"proto": "tcp" or "udp", "port": 1-65535}');
      continue;
    }
    if (l.addr !== undefined && (typeof l.addr !== "string" || !IPV4.test(l.addr))) {
      err(`${path}.addr`, "addr must be an IPv4 address");
      continue;
    }
    listen.push({ proto: l.proto, port: l.port as number, ...(typeof l.addr === "string" ? { addr: l.addr } : {}) });
  }
  const ipForward = input.ip_forward ?? false;
  if (typeof ipForward !== "boolean") err("host.ip_forward", "ip_forward must be true or false");
  const conntrack = input.conntrack ?? "on";
  if (conntrack !== "on" && conntrack !== "auto") err("host.conntrack", 'conntrack must be "on" or "auto"');
  const loose = input.tcp_loose;
  if (loose !== undefined && typeof loose !== "boolean") err("host.tcp_loose", "tcp_loose must be true or false");
  const sysctl = validateSysctls(
    input.sysctl,
    interfaces.map((i) => i.name),
    err,
  );
  // ip_forward and tcp_loose came before host.sysctl and stay valid; the two spellings must agree.
  const forwardSysctl = sysctl?.["net.ipv4.ip_forward"];
  if (forwardSysctl !== undefined && input.ip_forward !== undefined && (forwardSysctl === 1) !== (ipForward === true)) {
    err("host.ip_forward", 'ip_forward disagrees with host.sysctl["net.ipv4.ip_forward"]');
  }
  const looseSysctl = sysctl?.["net.netfilter.nf_conntrack_tcp_loose"];
  if (looseSysctl !== undefined && typeof loose === "boolean" && (looseSysctl === 1) !== loose) {
    err("host.tcp_loose", 'tcp_loose disagrees with host.sysctl["net.netfilter.nf_conntrack_tcp_loose"]');
  }
  return {
    interfaces,
    routes,
    ip_forward: forwardSysctl === undefined ? ipForward === true : forwardSysctl === 1,
    listen,
    conntrack: conntrack === "auto" ? "auto" : "on",
    ...(typeof loose === "boolean" ? { tcp_loose: loose } : {}),
    ...(sysctl && Object.keys(sysctl).length ? { sysctl } : {}),
  };
}

function validateRoute(r: unknown, path: string, err: (p: string, m: string) => void): ScenarioRoute | null {
  if (!isObj(r)) return fail(err, path, "a route is an object with dst");
  if (typeof r.dst !== "string" || !(CIDR.test(r.dst) || r.dst === "default")) {
    return fail(err, `${path}.dst`, `${describeValue(r.dst)} is not a destination like 10.0.0.0/8 or default`);
  }
  const type = r.type ?? "unicast";
  if (!["unicast", "blackhole", "unreachable", "prohibit"].includes(type as string)) {
    return fail(err, `${path}.type`, "type must be unicast, blackhole, unreachable or prohibit");
  }
  if (r.via !== undefined && (typeof r.via !== "string" || !IPV4.test(r.via))) {
    return fail(err, `${path}.via`, "via must be an IPv4 address");
  }
  if (r.dev !== undefined && (typeof r.dev !== "string" || !IFACE.test(r.dev))) {
    return fail(err, `${path}.dev`, "dev must be an interface name");
  }
  if (type === "unicast" && r.via === undefined && r.dev === undefined) {
    return fail(err, path, "a unicast route needs via or dev");
  }
  if (
    r.mark !== undefined &&
    (typeof r.mark !== "string" || !/^(0x[0-9a-f]+|\d+)(\/(0x[0-9a-f]+|\d+))?$/i.test(r.mark))
  ) {
    return fail(err, `${path}.mark`, 'mark must look like "0x1" or "0x1/0xff"');
  }
  return {
    dst: r.dst === "default" ? "0.0.0.0/0" : r.dst,
    ...(typeof r.via === "string" ? { via: r.via } : {}),
    ...(typeof r.dev === "string" ? { dev: r.dev } : {}),
    ...(r.type === undefined ? {} : { type: type as NonNullable<ScenarioRoute["type"]> }),
    ...(typeof r.mark === "string" ? { mark: r.mark } : {}),
  };
}

const NUMERIC: readonly [keyof ScenarioPacket, number, number][] = [
  ["sport", 0, 65535],
  ["dport", 0, 65535],
  ["type", 0, 255],
  ["code", 0, 255],
  ["icmp_id", 0, 65535],
  ["icmp_seq", 0, 65535],
  ["seq", 0, 0xffffffff],
  ["window", 0, 65535],
  ["ttl", 0, 255],
  ["tos", 0, 255],
  ["id", 0, 65535],
  ["mark", 0, 0xffffffff],
  ["uid", 0, 0xffffffff],
  ["gid", 0, 0xffffffff],
  ["at", 0, 86_400_000],
  ["advance", 0, 86_400],
];

/**
 * One packet of up to 1,000, checked while V8 still interprets this code: so plain indexed loops over constant
 * tables, no iterators or destructuring per field, and the checked copy built in the same pass (it is dropped
 * when a problem was found). The messages and their order are the contract; the loops only make them cheap.
 */
function validatePacket(p: unknown, path: string, report: (p: string, m: string) => void): ScenarioPacket | null {
  if (!isObj(p)) return fail(report, path, "a packet is an object");
  let bad = false;
  const err = (where: string, message: string) => {
    bad = true;
    report(where, message);
  };
  const { from, proto, src, dst } = p;
  if (typeof from !== "string" || !(from === "local" || IFACE.test(from))) {
    err(`${path}.from`, 'from must be an interface name or "local"');
  }
  if (proto !== "tcp" && proto !== "udp" && proto !== "icmp") err(`${path}.proto`, "proto must be tcp, udp or icmp");
  if (typeof src !== "string" || !IPV4.test(src)) err(`${path}.src`, `${describeValue(src)} is not an IPv4 address`);
  if (typeof dst !== "string" || !IPV4.test(dst)) err(`${path}.dst`, `${describeValue(dst)} is not an IPv4 address`);
  const out: Record<string, unknown> = { from, proto, src, dst };
  for (let k = 0; k < NUMERIC.length; k++) {
    const field = NUMERIC[k]!;
    const key = field[0];
    const v = p[key];
    if (v === undefined) continue;
    if (isInt(v, field[1], field[2])) out[key] = v;
    else err(`${path}.${key}`, `${key} must be an integer ${field[1]}-${field[2]}`);
  }
  if ((proto === "tcp" || proto === "udp") && (p.sport === undefined || p.dport === undefined)) {
    err(path, `a ${proto} packet needs sport and dport`);
  }
  if (proto === "icmp" && p.type === undefined) err(`${path}.type`, "an icmp packet needs a type (8 = echo request)");
  const { flags, mac, ack, payload } = p;
  if (flags !== undefined && (typeof flags !== "string" || parseTcpFlags(flags) === null || flags.length > 8)) {
    err(`${path}.flags`, "flags are letters among F S R P A U E C (E: ECE, C: CWR), e.g. S or SA");
  }
  if (mac !== undefined && (typeof mac !== "string" || !MAC.test(mac))) {
    err(`${path}.mac`, "mac must look like 02:00:00:00:00:01");
  }
  if (ack !== undefined && ack !== "auto" && !isInt(ack, 0, 0xffffffff))
    err(`${path}.ack`, 'ack is a number or "auto"');
  if (payload !== undefined && (typeof payload !== "string" || payload.length > 1400)) {
    err(`${path}.payload`, "payload is a string of at most 1400 characters");
  }
  const inner = p.inner === undefined ? undefined : validateInner(p.inner, path, err);
  if (bad) return null;
  if (flags !== undefined) out.flags = flags;
  if (ack !== undefined) out.ack = ack;
  if (payload !== undefined) out.payload = payload;
  if (typeof mac === "string") out.mac = mac.toLowerCase();
  if (inner) out.inner = inner;
  return out as unknown as ScenarioPacket;
}

const MAC = /^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/;
const INNER_PORTS = ["sport", "dport", "type", "code", "icmp_id"] as const;

/** A quoted header (`inner`, for an ICMP error), or undefined after saying what is wrong with it. */
function validateInner(i: unknown, path: string, err: (p: string, m: string) => void): ScenarioInner | undefined {
  if (
    !isObj(i) ||
    (i.proto !== "tcp" && i.proto !== "udp" && i.proto !== "icmp") ||
    typeof i.src !== "string" ||
    !IPV4.test(i.src) ||
    typeof i.dst !== "string" ||
    !IPV4.test(i.dst)
  ) {
    err(`${path}.inner`, "inner is the quoted header: {proto, src, dst, sport, dport}");
    return undefined;
  }
  let inner: ScenarioInner = { proto: i.proto, src: i.src, dst: i.dst };
  for (const key of INNER_PORTS) {
    if (i[key] !== undefined) {
      if (!isInt(i[key], 0, 65535)) err(`${path}.inner.${key}`, `${key} must be an integer`);
      else inner = { ...inner, [key]: i[key] };
    }
  }
  return inner;
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}

function fail(sink: (p: string, m: string) => void, path: string, message: string): null {
  sink(path, message);
  return null;
}
