/**
 * `nfx capture --redact`: the same capture with every public address, interface name, comment, log prefix,
 * MAC address and the host's name replaced by placeholders, consistently in the host, the ruleset text and the
 * messages, so that the scenario traces the same way and can be shared without naming a network.
 */
import { formatIpv4, parseConfSysctl } from "@nfx/model";
import { type Scenario, validateScenario } from "@nfx/scenario";
import type { Capture } from "./capture";
import { AddressMap, eachAddress, isKeptAddress, WIDEST_MAPPED } from "./redact-addresses";
import { NameMap } from "./redact-names";
import { nftInterfaceArguments, redactNftText } from "./redact-nft";
import { eachArgument, rewriteArguments } from "./ruleset-tokens";

const IFACE_OPTIONS = new Set(["-i", "-o", "--in-interface", "--out-interface", "--physdev-in", "--physdev-out"]);
const TEXT_OPTIONS = new Set(["--comment", "--log-prefix", "--nflog-prefix"]);
const STRING_OPTIONS = new Set(["--string"]);
const ALL_OPTIONS = new Set([...IFACE_OPTIONS, ...TEXT_OPTIONS, ...STRING_OPTIONS]);
const MAC_IN_TEXT = /(?<![\w:])([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})(?![\w:])/g;
/** Colon-separated hex groups with at least two colons; MAC addresses are told apart by `MAC_ONLY`. */
const IPV6_IN_TEXT = /(?<![\w:.])(?=[0-9a-fA-F]*:[0-9a-fA-F]*:)[0-9a-fA-F:]{2,39}(?![\w:])/g;
const MAC_ONLY = /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$/;
export const REDACTED_HOST = "redacted-host";

/** A redacted capture, with the same mapping for what is added later (packets). */
export interface RedactedCapture extends Capture {
  /** Addresses and MAC addresses in `text`, mapped as in the scenario. */
  readonly redactAddresses: (text: string) => string;
  /** An interface name's placeholder. */
  readonly redactInterface: (name: string) => string;
}

export function redactCapture(capture: Capture): RedactedCapture {
  const { scenario } = capture;
  const host = scenario.host;
  const notes: string[] = [];

  // Interface names: every link, every route device, every -i/-o argument (with its wildcards).
  const wildcards: string[] = [];
  const ruleNames: string[] = [];
  const nft = scenario.nftables ?? "";
  const ruleArgument = (v: string) => {
    if (v.endsWith("+")) wildcards.push(v.slice(0, -1));
    else ruleNames.push(v);
  };
  eachArgument(scenario.ruleset, IFACE_OPTIONS, (_, v) => ruleArgument(v));
  for (const v of nftInterfaceArguments(nft)) ruleArgument(v);
  const names = new NameMap(
    [
      ...capture.linkNames,
      ...host.interfaces.map((i) => i.name),
      ...host.routes.flatMap((r) => (r.dev ? [r.dev] : [])),
      ...ruleNames,
    ],
    wildcards,
  );

  const texts = new Map<string, string>();
  const counts = new Map<"comment" | "log", number>();
  const hostPattern = hostnamePattern(capture.hostname);
  const freeText = (option: string, value: string): string => {
    if (option !== "--comment" && option !== "--log-prefix" && option !== "--nflog-prefix") return value;
    const key = `${option} ${value}`;
    if (!texts.has(key)) {
      const kind = option === "--comment" ? "comment" : "log";
      const n = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, n);
      // A log prefix keeps its trailing space so that log lines stay readable.
      texts.set(key, `${kind}-${n}${kind === "log" && value.endsWith(" ") ? " " : ""}`);
    }
    return texts.get(key)!;
  };
  let strings = 0;
  let ruleset = rewriteArguments(scenario.ruleset, ALL_OPTIONS, (option, value) => {
    if (IFACE_OPTIONS.has(option)) return names.pattern(value);
    if (STRING_OPTIONS.has(option)) {
      strings++;
      return hostPattern ? value.replace(hostPattern, REDACTED_HOST) : value;
    }
    return freeText(option, value);
  });
  let nftables = nft && redactNftText(nft, (a) => names.pattern(a), freeText);
  if (strings)
    notes.push(
      `${strings} rule(s) match packet contents with -m string: kept (they decide what matches; only the host name is replaced), read them before sharing`,
    );

  // Free text of the messages: names, comments and the host's name, then addresses and MACs with the rest.
  const commentValues = [...texts].map(([k, v]) => [k.slice(k.indexOf(" ") + 1), v.trim()] as const);
  const words = (text: string): string => {
    let out = text;
    // A plain search first: a kube-proxy ruleset has thousands of comments, a message mentions few.
    for (const [from, to] of commentValues)
      if (from.trim().length >= 3 && out.includes(from))
        out = out.replace(new RegExp(`(?<!\\w)${escapeRegExp(from)}(?!\\w)`, "g"), to);
    if (hostPattern) out = out.replace(hostPattern, REDACTED_HOST);
    for (const [from, to] of names.entries())
      if (out.includes(from))
        out = out.replace(new RegExp(`(?<![\\w.@:-])${escapeRegExp(from)}(?![\\w@:-]|\\.\\w)`, "g"), to);
    return out;
  };
  const warnings = capture.warnings.map(words);
  const unread = capture.unread.map((u) => ({ ...u, why: words(u.why) }));

  // Addresses: observe every occurrence first (blocks depend on all of them), then map.
  const addresses = new AddressMap();
  const wide = new Set<string>();
  const observe = (text: string) =>
    void eachAddress(text, (a, p, raw) => {
      addresses.observe(a, p);
      if (p < WIDEST_MAPPED && p > 0 && !isKeptAddress(a)) wide.add(raw);
      return raw;
    });
  const hostTexts = [
    ...host.interfaces.map((i) => i.addr),
    ...host.routes.flatMap((r) => [r.dst, ...(r.via ? [r.via] : [])]),
    ...host.listen.flatMap((l) => (l.addr ? [l.addr] : [])),
  ];
  for (const t of [...hostTexts, ruleset, nftables, ...warnings, ...unread.map((u) => u.why)]) observe(t);
  const addr = (text: string) => eachAddress(text, (a, p) => formatIpv4(addresses.map(a, p)));
  const macs = new Map<string, string>();
  const mac = (text: string) =>
    text.replace(MAC_IN_TEXT, (m) => {
      const key = m.toLowerCase();
      if (!macs.has(key)) {
        const n = macs.size + 1;
        macs.set(key, `02:00:00:00:${hex(n >> 8)}:${hex(n & 255)}`);
      }
      return macs.get(key)!;
    });
  // IPv6 appears only in messages (the scenario is IPv4): each address becomes one of 2001:db8::/32's.
  const v6 = new Map<string, string>();
  const ipv6 = (text: string) =>
    text.replace(IPV6_IN_TEXT, (m) => {
      if (m === "::" || m === "::1" || MAC_ONLY.test(m)) return m;
      // A clock time (09:55:18) is not an address: an IPv6 address has "::", a hex letter or all eight groups.
      if (!m.includes("::") && !/[a-f]/i.test(m) && m.split(":").length < 8) return m;
      const key = m.toLowerCase();
      if (!v6.has(key)) v6.set(key, `2001:db8::${(v6.size + 1).toString(16)}`);
      return v6.get(key)!;
    });
  const all = (text: string) => mac(addr(text));
  ruleset = all(ruleset);
  nftables = all(ipv6(nftables));
  if (wide.size)
    notes.push(
      `prefixes wider than /${WIDEST_MAPPED} are kept as they are (they name no one's network): ${[...wide].join(", ")}`,
    );

  const redacted: Scenario = {
    ...scenario,
    name: "capture-redacted",
    description:
      "Captured by nfx capture --redact: public addresses are in documentation ranges, interfaces, comments, log prefixes, MAC addresses and the host name are placeholders. Add packets to see what the host does with them.",
    host: {
      ...host,
      interfaces: host.interfaces.map((i) => ({
        name: names.name(i.name),
        addr: all(i.addr),
        ...(i.mac ? { mac: mac(i.mac) } : {}),
      })),
      routes: host.routes.map((r) => ({
        ...r,
        dst: addr(r.dst),
        ...(r.via ? { via: addr(r.via) } : {}),
        ...(r.dev ? { dev: names.name(r.dev) } : {}),
      })),
      listen: host.listen.map((l) => ({ ...l, ...(l.addr ? { addr: addr(l.addr) } : {}) })),
      ...(host.sysctl ? { sysctl: redactSysctlNames(host.sysctl, (n) => names.name(n)) } : {}),
    },
    ruleset,
    ...(nftables ? { nftables } : {}),
  };
  const checked = validateScenario(redacted);
  if (!checked.ok)
    throw new Error(
      `the redacted scenario does not validate: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
    );
  return {
    scenario: checked.value,
    warnings: [...warnings.map((w) => all(ipv6(w))), ...notes],
    unread: unread.map((u) => ({ ...u, why: all(ipv6(u.why)) })),
    hostname: capture.hostname ? REDACTED_HOST : "",
    linkNames: capture.linkNames.map((n) => names.name(n)),
    redactAddresses: all,
    redactInterface: (name) => names.name(name),
  };
}

/** `net.ipv4.conf.eth0.rp_filter` -> `net.ipv4.conf.if0.rp_filter`; `all`, `default` and `lo` are kept. */
function redactSysctlNames(set: Readonly<Record<string, number>>, name: (n: string) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(set)) {
    const conf = parseConfSysctl(key);
    const keep = !conf || ["all", "default", "lo"].includes(conf.iface);
    out[keep ? key : `net.ipv4.conf.${name(conf.iface)}.${conf.key}`] = value;
  }
  return out;
}

function hostnamePattern(hostname: string): RegExp | null {
  const full = hostname.trim();
  if (!full) return null;
  const short = full.split(".")[0]!;
  const alternatives = [...new Set([full, short])].sort((a, b) => b.length - a.length).map(escape);
  return new RegExp(`(?<![\\w-])(?:${alternatives.join("|")})(?![\\w-])`, "gi");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function hex(n: number): string {
  return n.toString(16).padStart(2, "0");
}
