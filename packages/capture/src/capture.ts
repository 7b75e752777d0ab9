/**
 * The live host -> a scenario: reads through a `HostReader`, keeps what the scenario format can say, and says
 * in words what it read but cannot represent yet (warnings) and what it could not read at all (unread).
 */
import { parseRuleset } from "@nfx/iptables-save";
import type { Scenario, ScenarioHost } from "@nfx/scenario";
import { validateScenario } from "@nfx/scenario";
import { type Link, parseLinks } from "./links";
import { parseListeners } from "./listeners";
import { nativeNftables } from "./nft-tables";
import { COMMANDS, type HostReader, type Source } from "./reader";
import { captureRoutes } from "./routing";
import { readSysctls } from "./sysctls";

export interface Unread {
  readonly source: Source;
  /** The command line or file, as a person would type it. */
  readonly what: string;
  readonly why: string;
  /** What the scenario lacks because of it. */
  readonly consequence: string;
}

export interface Capture {
  readonly scenario: Scenario;
  readonly warnings: readonly string[];
  readonly unread: readonly Unread[];
  /** The host's name as `uname -n` gave it (empty when unread); redaction replaces it. */
  readonly hostname: string;
  /** Every link name seen, also those left out of the scenario; redaction replaces them. */
  readonly linkNames: readonly string[];
}

/** Scenario interfaces are at most this many (`validateScenario`). */
const MAX_INTERFACES = 30;
const IFACE = /^[A-Za-z0-9_.@:-]{1,15}$/;

export function captureHost(reader: HostReader): Capture {
  const warnings: string[] = [];
  const unread: Unread[] = [];
  const warn = (m: string) => void warnings.push(m);
  /**
   * The text of `source`, or null; a failure is recorded as unread with `consequence`, except the absence of
   * what a normal host may lack (`absentIsNormal`: a module not loaded, nft not installed).
   */
  const read = (source: Source, consequence: string, absentIsNormal = false): string | null => {
    const r = reader.read(source);
    if (r.ok) return r.text;
    if (r.absent && absentIsNormal) return null;
    const what = source.startsWith("sysctl:")
      ? `/proc/sys/${source.slice("sysctl:".length)}`
      : COMMANDS[source as keyof typeof COMMANDS].join(" ");
    unread.push({ source, what, why: r.why.trim().split("\n")[0] ?? "", consequence });
    return null;
  };
  const parse = <T>(what: string, text: string | null, f: (t: string) => T, empty: T): T => {
    if (text === null) return empty;
    try {
      return f(text);
    } catch (e) {
      warn(`${what}: could not be understood, left out: ${(e as Error).message}`);
      return empty;
    }
  };

  const hostname = (read("hostname", "the scenario is not named after the host") ?? "").trim();
  const links = parse("ip -j addr", read("ip-addr", "the scenario has no interfaces"), parseLinks, []);
  const interfaces = chooseInterfaces(links, warn);

  const addresses = new Set(links.flatMap((l) => l.v4.map((a) => a.addr)));
  const routing = captureRoutes(
    read("ip-route", "the scenario has no routes") ?? "",
    read("ip-rule", "policy rules (fwmark) are not in the scenario") ?? "",
    interfaces,
    addresses,
    warn,
  );

  const listen = chooseListeners(
    parse("ss", read("ss", "the scenario has no listening sockets"), parseListeners, []),
    interfaces,
    warn,
  );

  const sysctls = readSysctls(
    interfaces.map((i) => i.name),
    read,
    warn,
  );

  const saved = read("iptables-save", "the scenario has an empty ruleset (every chain ACCEPTs)");
  const ruleset = saved ?? "";
  if (/^# Warning: iptables-legacy tables present/m.test(ruleset)) {
    warn("iptables-legacy tables are present as well; only the nf_tables ones are captured (see iptables-legacy-save)");
  }
  // iptables-save unread: every table is taken as native, so that none is lost (and none is counted twice).
  const nft = read("nft-ruleset", "native nftables tables, if any, are not in the scenario", true);
  const nftables = nft === null ? "" : nativeNftables(nft, ruleset, warn);
  if (nft === null)
    for (const m of ruleset.matchAll(/^# Table `(.+)' is incompatible/gm))
      warn(
        `iptables-save cannot print table ${m[1]} (it holds native nftables rules) and nft was not read: not captured`,
      );
  for (const d of parseRuleset(ruleset).diagnostics) {
    warn(`ruleset line ${d.line}: ${d.severity}: ${d.message} [${d.code}]`);
  }

  const host: ScenarioHost = {
    interfaces,
    routes: routing,
    // The scenario type's older spelling, kept equal to the sysctl; `captureDocument` leaves it out of the file.
    ip_forward: sysctls.sysctl["net.ipv4.ip_forward"] === 1,
    listen,
    conntrack: sysctls.conntrackOn ? "on" : "auto",
    ...(Object.keys(sysctls.sysctl).length ? { sysctl: sysctls.sysctl } : {}),
  };
  const draft = {
    version: 1,
    name: hostname ? `capture-${hostname}` : "capture",
    description: `Captured from ${hostname || "a host"} by nfx capture. Add packets to see what the host does with them.`,
    host,
    ruleset,
    ...(nftables ? { nftables } : {}),
    packets: [],
  };
  const checked = validateScenario(draft);
  if (!checked.ok) {
    // Everything above is built to validate; a failure here is a bug in the capture, not in the host.
    throw new Error(
      `the captured scenario does not validate: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
    );
  }
  return { scenario: checked.value, warnings, unread, hostname, linkNames: links.map((l) => l.name) };
}

function chooseInterfaces(links: readonly Link[], warn: (m: string) => void): ScenarioHost["interfaces"][number][] {
  const out: ScenarioHost["interfaces"][number][] = [];
  const noAddress: string[] = [];
  let v6 = 0;
  for (const link of links) {
    v6 += link.v6;
    if (link.loopback) {
      const extra = link.v4.filter((a) => !(a.addr === "127.0.0.1" && a.prefix === 8));
      if (extra.length)
        warn(
          `${link.name} has ${extra.map((a) => `${a.addr}/${a.prefix}`).join(", ")}: addresses on the loopback device are not in the scenario (only 127.0.0.0/8 is local there)`,
        );
      continue;
    }
    if (link.v4.length === 0) {
      noAddress.push(link.name);
      continue;
    }
    if (!link.up) {
      warn(
        `${link.name} is down: left out with its addresses ${link.v4.map((a) => `${a.addr}/${a.prefix}`).join(", ")}`,
      );
      continue;
    }
    if (!IFACE.test(link.name) || link.name === "local") {
      warn(`${link.name}: a name the scenario format cannot hold; left out`);
      continue;
    }
    if (out.length >= MAX_INTERFACES) {
      warn(`${link.name}: a scenario has at most ${MAX_INTERFACES} interfaces; left out`);
      continue;
    }
    const [first, ...more] = link.v4;
    if (more.length)
      warn(
        `${link.name} has more IPv4 addresses (${more.map((a) => `${a.addr}/${a.prefix}`).join(", ")}): a scenario interface has one, ${first!.addr}/${first!.prefix} is kept`,
      );
    out.push({ name: link.name, addr: `${first!.addr}/${first!.prefix}`, ...(link.mac ? { mac: link.mac } : {}) });
  }
  if (noAddress.length)
    warn(
      `left out ${noAddress.length} link(s) without an IPv4 address (bridge ports, veths of containers...): ${noAddress.join(", ")}`,
    );
  if (v6) warn(`IPv6 is not simulated: ${v6} IPv6 address(es), IPv6 routes and ip6tables are not captured`);
  return out;
}

function chooseListeners(
  raw: ReturnType<typeof parseListeners>,
  interfaces: readonly { name: string; addr: string }[],
  warn: (m: string) => void,
): ScenarioHost["listen"][number][] {
  const local = new Set(interfaces.map((i) => i.addr.split("/")[0]));
  const out: ScenarioHost["listen"][number][] = [];
  const seen = new Set<string>();
  const v6only: string[] = [];
  for (const l of raw) {
    if (l.v6only) {
      v6only.push(l.text);
      continue;
    }
    if (l.addr !== undefined && !local.has(l.addr) && !l.addr.startsWith("127.")) {
      warn(`${l.text}: bound to an address no captured interface has; left out`);
      continue;
    }
    if (l.device) warn(`${l.text}: bound to device ${l.device}; the scenario listener takes it from every device`);
    const key = `${l.proto} ${l.addr ?? "*"} ${l.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ proto: l.proto, port: l.port, ...(l.addr === undefined ? {} : { addr: l.addr }) });
  }
  if (v6only.length) warn(`IPv6-only sockets are not simulated: ${v6only.join(", ")}`);
  return out;
}

/**
 * The scenario as `nfx capture` writes it: the host's sysctls only in `host.sysctl`, without the older
 * `ip_forward` and `tcp_loose` fields that the scenario type still carries (validation derives them again).
 */
export function captureDocument(scenario: Scenario): unknown {
  const { ip_forward: _forward, tcp_loose: _loose, ...host } = scenario.host;
  return { ...scenario, host };
}
