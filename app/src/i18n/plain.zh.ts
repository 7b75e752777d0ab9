import type { Match } from "@nfx/model";
import { NAMED_MODULES, named, type PlainWords, portRange } from "./plain-words";

const not = (invert: boolean) => (invert ? "非 " : "");
const flag = (name: string, n: { readonly invert: boolean } | undefined) =>
  n ? `${n.invert ? "无 " : ""}${name}` : null;
const ports = (m: Extract<Match, { module: "tcp" | "udp" }>) =>
  [
    m.sport && `源端口 ${not(m.sport.invert)}${portRange(m.sport.value)}`,
    m.dport && `目的端口 ${not(m.dport.invert)}${portRange(m.dport.value)}`,
  ]
    .filter(Boolean)
    .join("，");
const nat = (t: { readonly kind: "DNAT" | "SNAT" }) =>
  t.kind === "DNAT" ? "改写目的地址（DNAT）" : "改写源地址（SNAT）";

/** 用几个中文词概括一条规则：“tcp，目的端口 22，来自 10.0.0.0/8 → 接受”。技术词（协议、状态、目标名）保持原样。 */
export const plainZh: PlainWords = {
  proto: (name, n) => `${not(n)}${name}`,
  from: (cidr, n) => `来自 ${not(n)}${cidr}`,
  to: (cidr, n) => `发往 ${not(n)}${cidr}`,
  inOn: (iface, n) => `${n ? "不" : ""}从 ${iface} 进入`,
  outOn: (iface, n) => `${n ? "不" : ""}从 ${iface} 发出`,
  everyPacket: "所有数据包",
  rule: (parts, verdict) => `${parts.join("，")} → ${verdict}`,
  noTarget: "继续",
  match: {
    tcp: ports,
    udp: ports,
    multiport: (m) =>
      `${m.direction === "src" ? "源端口" : m.direction === "dst" ? "目的端口" : "源或目的端口"} ${not(m.ports.invert)}${m.ports.value.map(portRange).join("、")}`,
    conntrack: (m) => (m.state ? `连接${m.state.invert ? "不是" : "为"} ${m.state.value.join(" 或 ")}` : named(m)),
    state: (m) => `连接${m.state.invert ? "不是" : "为"} ${m.state.value.join(" 或 ")}`,
    comment: (m) => `（“${m.comment}”）`,
    statistic: (m) =>
      m.mode === "random" ? `概率 ${(m.probability * 100).toFixed(1)}%` : `每 ${m.every} 个数据包一次`,
    icmp: (m) => (m.type.value.type === "any" ? "任意 icmp" : `icmp 类型 ${m.type.value.type}`),
    pkttype: (m) => `${not(m.pktType.invert)}${m.pktType.value}`,
    ecn: (m) =>
      [flag("ECE", m.ece), flag("CWR", m.cwr), m.ipEct && `ECN 字段${m.ipEct.invert ? "不是" : "为"} ${m.ipEct.value}`]
        .filter(Boolean)
        .join("、"),
    ...NAMED_MODULES,
  },
  target: {
    ACCEPT: () => "接受",
    DROP: () => "丢弃",
    RETURN: () => "返回",
    REJECT: () => "拒绝",
    jump: (t) => `跳转到 ${t.chain} 并返回`,
    goto: (t) => `转到 ${t.chain}`,
    LOG: () => "记录日志",
    NFLOG: () => "记录日志（NFLOG）",
    TRACE: () => "跟踪",
    MARK: () => "设置标记",
    CONNMARK: () => "设置连接标记",
    DNAT: nat,
    SNAT: nat,
    MASQUERADE: () => "地址伪装（MASQUERADE）",
    REDIRECT: () => "重定向到本机（REDIRECT）",
    NOTRACK: () => "不跟踪连接（NOTRACK）",
    CT: () => "conntrack 设置（CT）",
    TOS: () => "设置 TOS",
    TTL: () => "设置 TTL",
    DSCP: () => "设置 DSCP",
    unsupported: (t) => t.name,
  },
};
