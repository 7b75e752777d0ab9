import type { NftStrings } from "./nft.en";

/** 议题 10：原生 nftables 规则集（文本视图、规则面板、示意图）。 */
export const nftZh: NftStrings = {
  mode: {
    label: "规则集",
    iptables: "iptables-save",
    nft: "nftables",
  },
  text: {
    label: "规则集（nftables）",
    empty: "这个场景没有原生 nftables 规则集。可以直接输入，或粘贴 `nft list ruleset` 的输出。",
    applied: (tables: number, rules: number) => `已应用：${tables} 个表，${rules} 条规则。`,
    json: "按 `nft -j list ruleset` 的 JSON 读取。",
    pasted: "这段文本是 nftables（`nft list ruleset` 的输出格式），已放入 nftables 文本。",
    discard: "放弃这些修改",
  },
  rules: {
    title: "原生 nftables",
    none: "没有原生 nftables 表。",
    notSimulated: "保留并显示，但不模拟（IPv4 流量经过 ip 和 inet 表）",
    regular: "普通链：只能通过 jump 或 goto 进入",
    base: (type: string, hook: string, priority: string, policy: string) =>
      `type ${type} hook ${hook} priority ${priority}; policy ${policy};`,
    rules: (n: number) => `${n} 条规则`,
    sets: (n: number) => `${n} 个命名集合或映射`,
    hits: (n: number) => `${n} 个数据包`,
    search: "在 nftables 规则中查找",
    found: (n: number) => `找到 ${n} 条规则`,
    notFound: "没有包含该内容的 nftables 规则。",
  },
  kube: {
    title: "Kubernetes 服务（kube-proxy，nftables 模式）",
    numgen: (mode: string, mod: number, chain: string, position: number) =>
      `numgen ${mode} mod ${mod}，${chain} 的第 ${position} 条规则`,
    values: "numgen 取值",
    noEndpoints: (verdict: "reject" | "drop") =>
      `没有端点：kube-proxy ${verdict === "reject" ? "拒绝" : "丢弃"}到它的新连接。`,
    pinned: "已固定：numgen 取这个端点的值，每个新连接都选这个端点。",
  },
  explain: {
    holds: "成立",
    fails: "不成立",
    unknown: "取决于该步骤未保存的状态，或未被模拟",
    packet: (value: string | null) => (value === null ? "数据包没有该值" : `数据包的值为 ${value}`),
    passed: "跳过：有一项测试不成立",
    matched: "匹配：所有测试都成立",
  },
  step: {
    rule: (table: string, chain: string, rule: number, verdict: string) =>
      `${table} ${chain}：第 ${rule} 条规则匹配，${verdictWords(verdict)}。`,
    policy: (table: string, chain: string, verdict: string) =>
      `${table} ${chain}：没有规则匹配，策略${verdict === "DROP" ? "丢弃这个包" : "接受它，同一钩子上的下一条基础链仍会看到它"}。`,
  },
  diagram: {
    legend: "nftables 基础链 · 族 表，优先级",
    cell: (chain: string, type: string) => `${chain} · ${type}`,
    title: (priority: number, type: string) => `原生 nftables 基础链，类型 ${type}，优先级 ${priority}`,
    help: (family: string, table: string, chain: string, priority: number) =>
      `表 ${family} ${table} 的原生 nftables 基础链 ${chain}，优先级 ${priority}。同一钩子上的单元沿数据包方向运行，优先级低的先运行。它的 accept 只结束这条链：同一钩子上后面的链仍然可以丢弃数据包。`,
  },
};

function verdictWords(v: string): string {
  if (v === "ACCEPT") return "accept：这条基础链处理完毕，同一钩子上的下一条基础链仍会看到这个包";
  if (v === "DROP") return "drop：数据包被丢弃";
  if (v === "CONTINUE") return "该规则不结束链，继续匹配";
  if (v === "RETURN") return "返回调用它的链";
  if (v.startsWith("JUMP:")) return `跳转到链 ${v.slice(5)}`;
  if (v.startsWith("GOTO:")) return `转到链 ${v.slice(5)}`;
  return v;
}
