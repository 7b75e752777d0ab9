/**
 * Routing tables and policy rules -> scenario routes. A scenario has the main table plus, per fwmark, a table
 * looked up before it (`ScenarioRoute.mark`); the local table is derived from the interfaces' addresses and the
 * connected routes from their prefixes, as the kernel derives them.
 */
import { parseIpv4, prefixMask } from "@nfx/model";
import type { ScenarioRoute } from "@nfx/scenario";
import { parseRoutes, parseRules, type RawRoute, type RawRule } from "./routes";

const TYPES = new Set(["unicast", "blackhole", "unreachable", "prohibit"]);
/** The rules every Linux host has: local, main, default. */
const STANDARD = new Map([
  [0, "local"],
  [32766, "main"],
  [32767, "default"],
]);

export function captureRoutes(
  routeText: string,
  ruleText: string,
  interfaces: readonly { name: string; addr: string }[],
  /** Every IPv4 address of every link, also those left out of the scenario (their local routes are expected). */
  addresses: ReadonlySet<string>,
  warn: (m: string) => void,
): ScenarioRoute[] {
  const routes = routeText ? safe(() => parseRoutes(routeText), warn) : [];
  const rules = ruleText ? safe(() => parseRules(ruleText), warn) : [];
  const devs = new Set(interfaces.map((i) => i.name));
  const connected = new Set(interfaces.map((i) => `${i.name} ${network(i.addr)}`));

  const byTable = new Map<string, RawRoute[]>();
  for (const r of routes) {
    if (!byTable.has(r.table)) byTable.set(r.table, []);
    byTable.get(r.table)!.push(r);
  }
  for (const r of byTable.get("local") ?? []) {
    if (r.type === "broadcast") continue;
    const addr = r.dst.split("/")[0]!;
    if (r.type === "local" && (addresses.has(addr) || addr.startsWith("127."))) continue;
    warn(`local table: "${describe(r)}" is not derived from an interface address; not in the scenario`);
  }

  const out: Candidate[] = [];
  const used = new Set(["local", "main", "default"]);
  const sorted = [...rules].sort((a, b) => a.priority - b.priority);
  for (const rule of sorted) {
    if (
      STANDARD.get(rule.priority) === rule.table &&
      rule.action === "lookup" &&
      !rule.otherSelectors.length &&
      !rule.fwmark
    )
      continue;
    const why = ruleProblem(rule);
    if (why) {
      warn(`policy rule "${rule.text}" is not in the scenario: ${why}`);
      continue;
    }
    const table = rule.table!;
    const mark = rule.fwmask && rule.fwmask !== "0xffffffff" ? `${rule.fwmark}/${rule.fwmask}` : rule.fwmark!;
    used.add(table);
    for (const r of byTable.get(table) ?? []) {
      const route = toScenarioRoute(r, devs, warn, `table ${table}`, mark);
      if (route) out.push(route);
    }
  }
  const main = (byTable.get("main") ?? []).filter((r) => !isConnected(r, connected));
  for (const r of main) {
    const route = toScenarioRoute(r, devs, warn, "main table", undefined);
    if (route) out.push(route);
  }
  for (const [table, list] of byTable) {
    if (used.has(table) && table !== "default") continue;
    if (list.length)
      warn(`routing table ${table} (${list.length} route(s)) is not looked up by an fwmark rule; not in the scenario`);
  }
  return dedupe(out, warn);
}

function ruleProblem(rule: RawRule): string | null {
  if (rule.action !== "lookup") return `the action "${rule.action}" is not modelled (only lookups by fwmark)`;
  if (rule.otherSelectors.includes("not"))
    return "it selects the packets without that mark (not), which is not modelled";
  if (rule.otherSelectors.length)
    return `it uses ${rule.otherSelectors.join(", ")} (only a plain fwmark lookup is modelled)`;
  if (!rule.fwmark) return "it selects every packet (only lookups by fwmark are modelled)";
  if (rule.table === "local" || rule.table === "main" || rule.table === "default")
    return `it looks up the ${rule.table} table again`;
  if (rule.priority >= 32766) return "it comes after the main table (fwmark tables are looked up before it)";
  return null;
}

type RouteType = NonNullable<ScenarioRoute["type"]>;
const isRouteType = (t: string): t is RouteType => TYPES.has(t);

interface Candidate {
  readonly route: ScenarioRoute;
  /** The kernel's preference among routes to one destination; the scenario keeps only the best. */
  readonly metric: number;
}

function toScenarioRoute(
  r: RawRoute,
  devs: ReadonlySet<string>,
  warn: (m: string) => void,
  where: string,
  mark: string | undefined,
): Candidate | null {
  const text = describe(r);
  const type = r.type;
  if (!isRouteType(type)) {
    warn(`${where}: "${text}": routes of type ${type} are not modelled; left out`);
    return null;
  }
  if (type === "unicast" && r.dev && !devs.has(r.dev)) {
    warn(`${where}: "${text}": its device is not in the scenario; left out`);
    return null;
  }
  if (type === "unicast" && !r.dev && !r.via) return null;
  if (r.extraNexthops) warn(`${where}: "${text}": multipath; only the first next hop is kept`);
  if (r.onlink)
    warn(`${where}: "${text}": onlink is not modelled (the engine uses the device; nfx record cannot rebuild it)`);
  const dst = r.dst === "default" ? "0.0.0.0/0" : r.dst.includes("/") ? r.dst : `${r.dst}/32`;
  const route: ScenarioRoute = {
    dst,
    ...(r.via ? { via: r.via } : {}),
    ...(r.dev && type === "unicast" ? { dev: r.dev } : {}),
    ...(type === "unicast" ? {} : { type }),
    ...(mark ? { mark } : {}),
  };
  return { route, metric: r.metric ?? 0 };
}

/** Keeps the lowest metric of routes to one destination in one table: the scenario has no metric. */
function dedupe(candidates: readonly Candidate[], warn: (m: string) => void): ScenarioRoute[] {
  const best = new Map<string, Candidate>();
  for (const c of candidates) {
    const key = `${c.route.mark ?? ""} ${c.route.dst}`;
    const had = best.get(key);
    if (!had) {
      best.set(key, c);
      continue;
    }
    const [keep, drop] = c.metric < had.metric ? [c, had] : [had, c];
    const r = c.route;
    warn(
      `two routes to ${r.dst}${r.mark ? ` (mark ${r.mark})` : ""}: the one with the lower metric is kept, not the one via ${drop.route.via ?? drop.route.dev ?? drop.route.type}`,
    );
    best.set(key, keep);
  }
  return [...best.values()].map((c) => c.route);
}

function isConnected(r: RawRoute, connected: ReadonlySet<string>): boolean {
  return r.protocol === "kernel" && r.scope === "link" && r.type === "unicast" && connected.has(`${r.dev} ${r.dst}`);
}

function network(cidr: string): string {
  const [a, p] = cidr.split("/");
  const prefix = Number(p);
  const addr = parseIpv4(a!)!;
  const net = (addr & prefixMask(prefix)) >>> 0;
  return `${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.${net & 255}/${prefix}`;
}

function describe(r: RawRoute): string {
  return [
    r.type === "unicast" ? "" : r.type,
    r.dst,
    r.via ? `via ${r.via}` : "",
    r.dev ? `dev ${r.dev}` : "",
    r.metric === undefined ? "" : `metric ${r.metric}`,
  ]
    .filter(Boolean)
    .join(" ");
}

function safe<T>(f: () => T[], warn: (m: string) => void): T[] {
  try {
    return f();
  } catch (e) {
    warn(`${(e as Error).message}; left out`);
    return [];
  }
}
