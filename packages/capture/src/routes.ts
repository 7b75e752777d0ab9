/** `ip -j route show table all` and `ip -j rule show`: the routing tables and the policy rules. */
import { parseJsonList } from "./links";

export interface RawRoute {
  /** `main`, `local`, `default` or a number, as ip prints it. */
  readonly table: string;
  /** unicast, local, broadcast, blackhole, unreachable, prohibit, throw, nat, multicast, anycast... */
  readonly type: string;
  /** `default` or a CIDR (a bare address is a /32). */
  readonly dst: string;
  readonly via?: string;
  readonly dev?: string;
  readonly protocol?: string;
  readonly scope?: string;
  readonly prefsrc?: string;
  readonly metric?: number;
  /** Further next hops of a multipath route, beyond the first (kept in `via`/`dev`). */
  readonly extraNexthops: number;
  readonly onlink: boolean;
}

export function parseRoutes(text: string): RawRoute[] {
  const list = parseJsonList(text, "ip -j route").filter((e) => !String((e as { dst?: unknown }).dst).includes(":"));
  return list.map((entry, k): RawRoute => {
    const r = entry as Record<string, unknown>;
    if (typeof r.dst !== "string") throw new Error(`ip -j route: entry ${k} has no dst`);
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    const hops = Array.isArray(r.nexthops) ? (r.nexthops as Record<string, unknown>[]) : [];
    const first = hops[0] ?? r;
    const flags = [...(Array.isArray(r.flags) ? r.flags : []), ...(Array.isArray(first.flags) ? first.flags : [])];
    const via = str(first.gateway);
    const dev = str(first.dev);
    const protocol = str(r.protocol);
    const scope = str(r.scope);
    const prefsrc = str(r.prefsrc);
    return {
      table: str(r.table) ?? "main",
      type: str(r.type) ?? "unicast",
      dst: r.dst,
      ...(via ? { via } : {}),
      ...(dev ? { dev } : {}),
      ...(protocol ? { protocol } : {}),
      ...(scope ? { scope } : {}),
      ...(prefsrc ? { prefsrc } : {}),
      ...(typeof r.metric === "number" ? { metric: r.metric } : {}),
      extraNexthops: Math.max(0, hops.length - 1),
      onlink: flags.includes("onlink"),
    };
  });
}

export interface RawRule {
  readonly priority: number;
  /** The table looked up (`main`, `local`, a number), absent for other actions. */
  readonly table?: string;
  /** `lookup`, or the action ip prints (`unreachable`, `prohibit`, `blackhole`, `goto`, `nop`). */
  readonly action: string;
  readonly fwmark?: string;
  readonly fwmask?: string;
  /** Selectors other than fwmark (from, to, iif, oif, not, uidrange, ipproto, ports, tos, l3mdev...), as text. */
  readonly otherSelectors: readonly string[];
  /** Text of the rule, as `ip rule` prints it, for messages. */
  readonly text: string;
}

/** Keys of `ip -j rule` that describe the rule without selecting packets. */
const NEUTRAL = new Set(["priority", "table", "action", "fwmark", "fwmask", "flags", "protocol"]);

export function parseRules(text: string): RawRule[] {
  return parseJsonList(text, "ip -j rule").map((entry, k): RawRule => {
    const r = entry as Record<string, unknown>;
    if (typeof r.priority !== "number") throw new Error(`ip -j rule: entry ${k} has no priority`);
    const other: string[] = [];
    for (const [key, value] of Object.entries(r)) {
      if (NEUTRAL.has(key)) continue;
      // "src": "all" with no srclen is the default "from all".
      if (key === "src" && value === "all") continue;
      if (key === "srclen" || key === "dstlen") continue;
      const len = key === "src" ? r.srclen : key === "dst" ? r.dstlen : undefined;
      const word = key === "src" ? "from" : key === "dst" ? "to" : key;
      other.push(`${word} ${value === null ? "" : String(value)}${len !== undefined ? `/${len}` : ""}`.trim());
    }
    const table = typeof r.table === "string" ? r.table : undefined;
    const fwmark = typeof r.fwmark === "string" ? r.fwmark : undefined;
    const fwmask = typeof r.fwmask === "string" ? r.fwmask : undefined;
    const action = typeof r.action === "string" ? r.action : table ? "lookup" : "nop";
    const negated = other.includes("not");
    const sel = [
      ...(negated ? ["not"] : []),
      ...other.filter((o) => o !== "not"),
      ...(fwmark ? [`fwmark ${fwmark}${fwmask ? `/${fwmask}` : ""}`] : []),
    ];
    return {
      priority: r.priority,
      ...(table ? { table } : {}),
      action,
      ...(fwmark ? { fwmark } : {}),
      ...(fwmask ? { fwmask } : {}),
      otherSelectors: other,
      text: `${r.priority}: ${sel.length ? sel.join(" ") : "from all"} ${action === "lookup" ? `lookup ${table}` : action}`,
    };
  });
}
