import type { ConntrackAction, FieldChange, ResponseOrigin, RoutingDecision } from "@nfx/engine";
import { type AnswerFacts, type ConditionWords, conditionWords, type Strings, targetWords } from "./en";
import { nftZh } from "./nft.zh";
import { plainZh } from "./plain.zh";

const ICMP_UNREACH_ZH: Readonly<Record<number, string>> = {
  0: "网络不可达",
  1: "主机不可达",
  2: "协议不可达",
  3: "端口不可达",
  9: "网络被禁止",
  10: "主机被禁止",
  13: "管理上禁止",
};

/** 30 -> "30 秒", 300 -> "5 分钟", 7200 -> "2 小时". */
function clockZh(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} 小时`;
  if (seconds % 60 === 0) return `${seconds / 60} 分钟`;
  return `${seconds} 秒`;
}

/** The routing decision's short label, for the verdict pill. */
const ROUTE_ZH: Readonly<Record<RoutingDecision, string>> = {
  local: "本机",
  forward: "转发",
  output: "发出",
  reroute: "重新路由",
  "no-route": "无路由",
  blackhole: "黑洞路由",
  unreachable: "不可达",
  "forwarding-disabled": "未开启转发",
  martian: "火星包",
  "martian-destination": "火星目的地址",
  "rp-filter": "反向路径过滤",
  "ttl-exceeded": "TTL 耗尽",
  "not-joined": "未加入的组播组",
};

const TCP_FLAGS_ZH: Readonly<Record<string, string>> = { SA: "SYN-ACK", A: "ACK", R: "RST", RA: "RST", FA: "FIN-ACK" };
const ORIGIN_ZH: Readonly<Record<ResponseOrigin, string>> = {
  "local-stack": "本机协议栈发出",
  reject: "REJECT 规则发出",
  routing: "路由发出",
};

/** An answer in words, from its facts: who made it and what it is ("本机协议栈发出 TCP SYN-ACK"). */
function answerZh(a: AnswerFacts): string {
  let what: string;
  // Flag letters come in bit order (F S R P A U E C): "SA" is a SYN-ACK.
  if (a.proto === "tcp") what = `TCP ${TCP_FLAGS_ZH[a.flags] ?? a.flags}`;
  else if (a.proto === "udp") what = "UDP 数据报";
  else if (a.icmp?.type === 0) what = "ICMP 回显应答";
  else if (a.icmp?.type === 3) what = `ICMP ${ICMP_UNREACH_ZH[a.icmp.code] ?? "目的不可达"}`;
  else if (a.icmp?.type === 11) what = "ICMP 超时（TTL 耗尽）";
  else what = a.icmp ? `ICMP（类型 ${a.icmp.type}，代码 ${a.icmp.code}）` : "ICMP";
  return `${ORIGIN_ZH[a.origin]}的 ${what}`;
}

const NO_CONN = "数据包没有连接";

/** 有状态条件取决于什么，以及这一次的结果。 */
function stateZh(c: ConditionWords): string {
  const on = c.state?.on;
  const what =
    on === undefined
      ? "取决于规则的状态"
      : on.kind === "random"
        ? `随机抽取，成立的概率为 ${on.probability}`
        : on.kind === "nth"
          ? `规则的计数器：到达该规则的每 ${on.every} 个数据包中的一个`
          : on.kind === "limit"
            ? `规则的令牌桶：最多 ${on.burst} 个数据包，每 ${on.unit} 补充 ${on.count} 个`
            : "连接的剩余存活时间，随时钟变化";
  const known = c.state?.known ?? null;
  if (known === "pinned") return `${what}；已固定：你选择了它${c.held ? "匹配" : "不匹配"}`;
  if (known === "outcome") return `${what}；这一次它${c.held ? "匹配了" : "没有匹配"}`;
  return `${what}；由引擎判定`;
}

const FIELD_ZH: Readonly<Record<FieldChange["field"], string>> = {
  mark: "数据包标记",
  ctMark: "连接标记",
  tos: "TOS 字节",
  ttl: "TTL",
  ctinfo: "conntrack 状态",
};

function changesZh(changes: readonly FieldChange[]): string {
  return changes
    .map((c) =>
      c.before === c.after ? `${FIELD_ZH[c.field]}保持 ${c.after}` : `${FIELD_ZH[c.field]} ${c.before} → ${c.after}`,
    )
    .join("，");
}
const NO_SOCKET = "数据包不是本机程序的套接字发出的";

/**
 * Simplified Chinese, the same shape as `en` (the type checker keeps them in step). Technical tokens stay as
 * they are: table and chain names, targets, conntrack states, iptables commands, trace lines.
 */

/**
 * A count in this language's digits, through one formatter: the open progress is worded ten times a second,
 * and `toLocaleString` builds a formatter at every call (2 ms each, profiled).
 */
const counter = new Intl.NumberFormat("zh-CN");
const count = (n: number) => counter.format(n);

export const zh: Strings = {
  app: {
    title: "Netfilter Explorer",
    tagline: "一步一步看 Linux netfilter（iptables）如何处理一个数据包",
    themeLight: "浅色主题",
    themeDark: "深色主题",
    motionOn: "动画：开",
    motionOff: "无动画",
    motionReduced: "减少动态效果（系统设置）：令牌直接跳转，不自动播放",
    reset: "重置场景",
    skipToComposer: "跳到“发送数据包”",
    panelsShow: "显示面板",
    panelsHide: "隐藏面板",
    panels: "面板：发送、规则、跟踪",
    details: "详情",
    panes: "显示一个面板",
    paneSend: "发送",
    more: "更多",
    present: "演示",
    presentExit: "退出演示（f）",
    help: "键盘快捷键",
    helpClose: "关闭",
    shortcuts: [
      ["空格", "播放或暂停"],
      ["← →", "后退或前进一步"],
      ["f", "演示模式：只显示流向图、当前说明和播放栏"],
      ["?", "本列表"],
      ["Esc", "关闭本列表，退出演示模式"],
      ["Ctrl+Z、Ctrl+Shift+Z", "撤销或重做规则编辑"],
    ],
  },
  diagram: {
    label: "Netfilter 数据包流向图",
    notDeclared: "未声明",
    notDeclaredWhy: (table: string, hook: string) =>
      `规则集没有声明 ${table} ${hook}。在 iptables-nft 中，未声明的链并不存在，数据包经过这里时不做任何检查。`,
    rules: (n: number) => `${n} 条规则`,
    policy: (p: string) => `策略 ${p}`,
    priority: (p: string) => `优先级 ${p}`,
    packets: (n: number) => `${n} 个包`,
    conntrackLookup: "conntrack",
    conntrackConfirm: "ct 确认",
    ctStep: { lookup: "查找", confirm: "确认" },
    prioLast: "最后",
    routingIn: "路由决策",
    routingOut: "路由决策",
    reroute: "重新路由？",
    ifIn: "入接口",
    ifOut: "出接口",
    local: "本地进程（套接字：sshd、Web 服务器…）",
    gen: "内核生成的包",
    edgeLocal: "本机",
    edgeForward: "转发",
    edgeLoopback: "环回：OUT=lo 再以 IN=lo 进入",
    pathIncoming: "进入本机",
    pathForwarded: "转发",
    pathOutgoing: "本机发出",
    modeCaption: "iptables-nft：INPUT 中 security 在 nat 之后运行",
    zoomIn: "放大",
    zoomOut: "缩小",
    zoomFit: "适应",
    legend: "图例",
    legendDecision: "决策",
    legendConntrack: "conntrack",
    legendGhost: "未声明",
    legendTables: {
      raw: "跳过 conntrack",
      mangle: "标记、TOS、TTL",
      nat: "改写地址",
      filter: "放行或丢弃",
      security: "SELinux 标签",
    },
  },
  names: {
    table: (table, hook) => `${table} ${hook}`,
    conntrack: (hook) => `conntrack 查找 ${hook}`,
    confirm: (hook) => `conntrack 确认 ${hook}`,
    routingIn: "路由决策",
    routingOut: "路由决策 OUTPUT",
    reroute: "重新路由检查",
    ifIn: "入接口",
    ifOut: "出接口",
    local: "本地进程",
    gen: "内核生成的包",
    merge: "转发流量与本机流量在此汇合",
    hook: (hook) => `${hook} 钩子`,
    playback: "播放控制",
  },
  help: {
    table: {
      raw: "raw 最先运行，在 conntrack 之前：它的规则可以让数据包免于连接跟踪（NOTRACK）。",
      mangle: "mangle 修改 TOS、TTL、防火墙标记（mark）等字段，之后的路由和规则可以用到它们。",
      nat: "nat 改写地址和端口（DNAT、SNAT、MASQUERADE）。它的规则只对连接的第一个包运行，之后的包沿用已建立的映射。",
      filter: "filter 决定数据包能否通过：ACCEPT、DROP 或 REJECT。这就是大多数人所说的防火墙。",
      security: "security 在 filter 之后施加 SELinux 标签（强制访问控制）。很少有规则集用到它。",
    },
    hook: {
      PREROUTING: "PREROUTING 对每个从接口到达的包运行，在路由决策之前。这里的 DNAT 可以改变它的去向。",
      INPUT: "INPUT 对发给本机的包运行，就在本地套接字接收它们之前。",
      FORWARD: "FORWARD 对本机从一个接口路由到另一个接口的包运行。",
      OUTPUT: "OUTPUT 对本地进程（或内核）发出的包运行，紧接在选定路由之后。",
      POSTROUTING: "POSTROUTING 对每个即将从接口发出的包运行。SNAT 和 MASQUERADE 在这里进行。",
    },
    order:
      "同一个钩子内，各表按优先级顺序运行：raw（−300）、conntrack（−200）、mangle（−150）、nat DNAT（−100）、filter（0）、security、nat SNAT（+100）。",
    ctLookup:
      "conntrack 在连接表中查找这个包：NEW（第一个包）、ESTABLISHED（双向都见过）、RELATED（ICMP 错误或辅助连接）、INVALID 或 UNTRACKED。",
    ctConfirm: "conntrack 确认：新连接直到这里、在最后才进入连接表。在此之前被丢弃的包不会留下表项。",
    routingIn: "输入路由决策：（可能已 DNAT 的）目的地址是本机（上行到 INPUT）还是别处（FORWARD）？",
    routingOut: "输出路由决策在 OUTPUT 运行之前选定源地址和出接口。",
    reroute: "如果 mangle 或 nat OUTPUT 改变了标记或目的地址，会重新查路由。",
    ifIn: "数据包从网络（eth0、eth1）到达，或从环回（lo）回来的地方。",
    ifOut: "数据包从路由选定的接口离开的地方。",
    local: "本机上的程序：接收 INPUT 包、发送 OUTPUT 包的套接字。",
    gen: "内核自己生成的包：REJECT 的 RST 或 ICMP 应答、ICMP 错误。它们从输出路由决策开始。",
    merge: "转发的包和本机生成的包在这里汇合，一起经过 POSTROUTING。",
    ctStates: {
      NEW: "NEW：conntrack 之前没见过的连接的第一个包。",
      ESTABLISHED: "ESTABLISHED：conntrack 已经见过两个方向的包。",
      RELATED: "RELATED：与已有连接相关的新流，例如关于它的 ICMP 错误。",
      INVALID: "INVALID：conntrack 无法归类（raw 表总是看到这个状态，因为查找还没发生）。",
      UNTRACKED: "UNTRACKED：raw 中的 NOTRACK 让它免于连接跟踪。",
    },
  },
  plain: plainZh,
  explain: {
    why: conditionWords({
      src: (c) => (c.plain ? `${c.packet} 在其中` : `${c.packet} 不在其中`),
      dst: (c) => (c.plain ? `${c.packet} 在其中` : `${c.packet} 不在其中`),
      in: (c) => (c.packet === null ? "此处数据包没有入接口" : `数据包从 ${c.packet} 进入`),
      out: (c) => (c.packet === null ? "数据包还没有出接口" : `数据包经 ${c.packet} 发出`),
      proto: (c) => `数据包是 ${c.packet}`,
      fragment: () => "数据包不是分片（内核在进入任何链之前已重组分片）",
      "ports.proto": (c) => `数据包是 ${c.packet}；-m ${c.rule} 只检查 ${c.rule} 数据包`,
      "ports.sport": (c) => `源端口是 ${c.packet}`,
      "ports.dport": (c) => `目的端口是 ${c.packet}`,
      "tcp.flags": (c) => `数据包的 TCP 标志是 ${c.packet || "无"}`,
      "tcp.option": () => "数据包不带 TCP 选项",
      "icmp.proto": (c) => `数据包是 ${c.packet}；-m icmp 只检查 icmp 数据包`,
      "icmp.type": (c) => {
        const [type, code] = (c.packet ?? "").split("/");
        return `ICMP 类型是 ${type}（代码 ${code}）`;
      },
      "multiport.proto": (c) => `数据包是 ${c.packet}；-m multiport 只检查 tcp 和 udp 数据包`,
      "multiport.ports": (c) => `数据包的端口是 ${(c.packet ?? "").split(",").join(", ")}`,
      "iprange.src": (c) => (c.plain ? `${c.packet} 在范围内` : `${c.packet} 不在范围内`),
      "iprange.dst": (c) => (c.plain ? `${c.packet} 在范围内` : `${c.packet} 不在范围内`),
      "ct.state": (c) => `conntrack 认为是 ${c.packet}`,
      "ct.status": (c) => (c.packet === null ? NO_CONN : `连接状态位是 ${c.packet}`),
      "ct.dir": (c) => (c.packet === null ? NO_CONN : `数据包的方向是 ${c.packet}`),
      "ct.proto": (c) => (c.packet === null ? NO_CONN : `连接的协议是 ${c.packet}`),
      "ct.expire": (c) => (c.packet === null ? NO_CONN : `连接还有 ${c.packet} 秒超时`),
      "ct.origsrc": (c) => (c.packet === null ? NO_CONN : `连接的原始源地址是 ${c.packet}`),
      "ct.origdst": (c) => (c.packet === null ? NO_CONN : `连接的原始目的地址是 ${c.packet}`),
      "ct.replsrc": (c) => (c.packet === null ? NO_CONN : `连接的应答源地址是 ${c.packet}`),
      "ct.repldst": (c) => (c.packet === null ? NO_CONN : `连接的应答目的地址是 ${c.packet}`),
      "ct.origsrcport": (c) => (c.packet === null ? NO_CONN : `连接的原始源端口是 ${c.packet}`),
      "ct.origdstport": (c) => (c.packet === null ? NO_CONN : `连接的原始目的端口是 ${c.packet}`),
      "ct.replsrcport": (c) => (c.packet === null ? NO_CONN : `连接的应答源端口是 ${c.packet}`),
      "ct.repldstport": (c) => (c.packet === null ? NO_CONN : `连接的应答目的端口是 ${c.packet}`),
      mark: (c) => `数据包标记是 ${c.packet}`,
      connmark: (c) => (c.packet === null ? "数据包没有连接，所以没有连接标记" : `连接标记是 ${c.packet}`),
      "addrtype.src": (c) => `源地址的类型是 ${c.packet}`,
      "addrtype.dst": (c) => `目的地址的类型是 ${c.packet}`,
      statistic: stateZh,
      limit: stateZh,
      length: (c) => `数据包长 ${c.packet} 字节`,
      ttl: (c) => `TTL 是 ${c.packet}`,
      tos: (c) => `TOS 字节是 ${c.packet}`,
      dscp: (c) => `DSCP 是 ${c.packet}`,
      mac: (c) => (c.packet === null ? "数据包没有源 MAC：它不是从网线上来的" : `源 MAC 是 ${c.packet}`),
      "owner.uid": (c) => (c.packet === null ? NO_SOCKET : `发送程序的 uid 是 ${c.packet}`),
      "owner.gid": (c) => (c.packet === null ? NO_SOCKET : `发送程序的 gid 是 ${c.packet}`),
      "owner.socket": (c) =>
        c.packet === null
          ? NO_SOCKET
          : c.packet === "kernel"
            ? "数据包由内核自己的控制套接字发出（它没有 uid 和 gid）"
            : "数据包由本机程序的套接字发出",
      pkttype: (c) => `链路层把数据包寻址为 ${c.packet}`,
      "ecn.ece": (c) =>
        c.packet === null ? "数据包不是 TCP" : c.plain ? "数据包的 ECE 标志已置位" : "数据包的 ECE 标志未置位",
      "ecn.cwr": (c) =>
        c.packet === null ? "数据包不是 TCP" : c.plain ? "数据包的 CWR 标志已置位" : "数据包的 CWR 标志未置位",
      "ecn.ect": (c) => `IP 头的 ECN 字段是 ${c.packet}`,
      unsupported: (c) => `浏览器不模拟 -m ${c.rule}；该规则按不匹配处理`,
    }),
    target: targetWords({
      accept: () => "接受：数据包离开这个链和表",
      drop: () => "丢弃：不发送任何回应",
      return: () => "返回到跳转过来的链（在内置链中：执行其策略）",
      jump: (e) => `跳转到 ${e.chain}；RETURN 后回到这条规则之后`,
      goto: (e) => `转到 ${e.chain}，不再回到这里`,
      reject: (e) => `拒绝：丢弃，并选定回应（${e.with}）`,
      nat: (e) => `${e.manip}：为连接建立地址转换`,
      set: (e) => `设置${changesZh(e.changes)}；下一条规则看到修改后的值`,
      "no-connection": () => "数据包没有连接，所以什么也没有改变",
      untrack: (e) => `使数据包不受连接跟踪：${changesZh(e.changes)}`,
      zone: (e) => (e.zone === null ? "设置了本工具不模拟的 conntrack 选项" : `把数据包放入 conntrack 区域 ${e.zone}`),
      log: (e) =>
        `${e.group === null ? "记录数据包日志" : `把数据包日志发送到 netlink 组 ${e.group}`}${e.prefix ? `，前缀“${e.prefix}”` : ""}，然后继续`,
      trace: () => "开启跟踪（本工具本来就跟踪每个数据包）",
      continue: () => "没有目标：规则只计数，数据包继续到下一条规则",
      unsupported: (e) => `本工具不模拟 ${e.name}；规则继续到下一条`,
    }),
    noMissFound: "没有找到不满足的条件",
    matched: "匹配：所有条件都成立",
    passed: "跳过",
  },
  playback: {
    play: "播放",
    playPacket: (n) => `播放 #${n}`,
    playAll: "全部播放",
    prevPacket: "上一个数据包",
    nextPacket: "下一个数据包",
    pause: "暂停",
    stepBack: "后退一步",
    stepForward: "前进一步",
    toStart: "第一步",
    toVerdict: "跳到判决",
    speed: "速度",
    position: (i, n) => (n === 0 ? "没有步骤" : `第 ${i + 1} 步，共 ${n} 步`),
    empty: "发送一个数据包，看看它的路径。",
  },
  composer: {
    title: "发送数据包",
    from: "来自",
    fromLocal: "本地进程",
    proto: "协议",
    src: "源地址",
    dst: "目的地址",
    sport: "源端口",
    dport: "目的端口",
    flags: "TCP 标志",
    icmpType: "ICMP 类型",
    send: "发送",
    presets: "预设",
    presetSyn: "到 ssh 的 SYN",
    presetReply: "一个应答",
    presetPing: "Ping",
    presetForward: "转发的流",
    presetPortForward: "端口转发",
    lessonPreset: (n, p) => `同 #${n}：${p.proto} → ${p.dst}${p.dport ? `:${p.dport}` : ""}`,
    invalid: "请检查标出的字段。",
    packets: "本场景中的数据包",
    remove: (n) => `删除数据包 ${n}`,
    play: (n) => `播放数据包 ${n}`,
    noPackets: "还没有数据包。",
    hostPresetIn: (iface: string) => `从 ${iface} 进入`,
    hostPresetOut: "由本机发出",
    hostPresetThrough: (a: string, b: string) => `${a} → ${b}`,
  },
  panels: {
    trace: "跟踪",
    conntrack: "conntrack -L",
    counters: "计数器",
    rules: "规则",
    ruleset: "规则集",
    traceEmpty: "还没有跟踪记录：发送一个数据包吧。",
    conntrackEmpty: "连接表是空的。",
    conntrackAfter: "所有包之后",
    conntrackThis: "这个包的表项",
    clock: (seconds) => (seconds === 0 ? "时钟：最后一个包的时刻" : `时钟：最后一个包之后 ${clockZh(seconds)}`),
    clockAdd: (seconds) => `+${clockZh(seconds)}`,
    clockReset: "回到最后一个包",
    clockHint: "表项按内核默认超时过期（ESTABLISHED 5 天，UDP 30 秒，ICMP 30 秒……）。",
    procTitle: "/proc/net/nf_conntrack",
    conntrackLTitle: "conntrack -L",
    conntrackTimedOut: "所有表项都已超时：连接表是空的。",
    procField: {
      l3: "三层协议名",
      l3num: "三层协议号（2：AF_INET）",
      l4: "四层协议名",
      l4num: "四层协议号（6：tcp，17：udp，1：icmp）",
      timeout: "表项超时前剩余的秒数",
      state: "conntrack 跟踪的 TCP 状态",
      src: "这个方向的源地址",
      dst: "这个方向的目的地址",
      sport: "这个方向的源端口",
      dport: "这个方向的目的端口",
      type: "ICMP 类型",
      code: "ICMP 代码",
      id: "ICMP 标识符",
      packets: "这个方向见过的包数（nf_conntrack_acct）",
      bytes: "这个方向见过的字节数（nf_conntrack_acct）",
      unreplied: "应答方向还没有见过任何包",
      assured: "两个方向都见过并被保留：提前丢弃（early drop）不会驱逐 ASSURED 表项",
      mark: "连接标记（CONNMARK）",
      zone: "conntrack 区域（zone）",
      use: "引用计数：连接表一份，读取者一份",
      first: "原始方向（第一个包走的方向）",
      second: "应答方向（应答包的样子）",
    },
    countersPolicy: (p) => `策略 ${p}`,
    countersChain: (table, chain, policy, pk, b) =>
      `链 ${chain}（${table}${policy ? `，策略 ${policy}，${pk} 个包，${b} 字节` : ""}）`,
    rulesNone: "点击图中的一个单元格查看它的规则。",
    rulesNotDeclared: "规则集没有声明这条链：在 iptables-nft 中它不存在，数据包直接跳过。",
    rulesEmpty: "没有规则：每个包都按策略处理。",
    ruleMatched: "匹配",
    rulePassed: "跳过",
    ruleCurrent: "当前规则",
    policyLine: (p) => `策略 ${p}：没有规则匹配`,
    rulesetApply: "输入时图会随之更新。",
    diagnostics: "问题",
    headers: { pkts: "包数", bytes: "字节", target: "目标", rule: "规则" },
  },
  sim: {
    busy: "计算中…",
    timeout: "计算时间过长，已被停止。引擎已重启；你的场景没有改变。",
    crashed: "引擎意外停止，已重启；你的场景没有改变。",
    invalid: "场景无效：",
    failed: (m) => `引擎出错：${m}`,
    dismiss: "关闭",
  },
  step: {
    start: (from) => (from === "local" ? "本地进程发送这个包。" : `数据包从 ${from} 到达。`),
    // The engine's reason is English: the answer is said from its facts (who made it, what packet it is).
    startResponse: (_reason, answer) => `本机应答：${answerZh(answer)}。`,
    chainRule: (table, hook, chain, rule, verdict) =>
      `${table} ${hook}${chain !== hook ? `（链 ${chain}）` : ""}：第 ${rule} 条规则匹配，${verdictWords(verdict)}。`,
    chainPolicy: (table, hook, verdict) =>
      `${table} ${hook}：没有规则匹配，策略${verdict === "DROP" ? "丢弃这个包" : "让它继续"}。`,
    conntrack: (action) =>
      (
        ({
          new: "conntrack：一个新连接（尚未确认）。",
          found: "conntrack：属于一个已知连接。",
          related: "conntrack：与一个已知连接相关。",
          invalid: "conntrack：INVALID，不属于任何连接。",
          untracked: "conntrack：不跟踪（NOTRACK）。",
          confirmed: "conntrack：连接已确认，进入连接表。",
          skipped: "conntrack：跳过（这个包已经带着它的表项）。",
          deleted: "conntrack：表项被删除。",
          expired: "conntrack：在这个包到达之前表项已超时，已被删除。",
          "early-drop": "conntrack：连接表已满，一个尚未 ASSURED 的连接被驱逐以腾出空间。",
          "table-full": "conntrack：连接表已满且所有表项都已 ASSURED：table full, dropping packet（丢弃）。",
          "out-of-window":
            "conntrack：因 TCP 窗口而判为 INVALID：这个报文段超出了对端允许的窗口，或确认了从未发出的数据（tcp_in_window；nf_conntrack_tcp_be_liberal=1 会放行）。",
        }) satisfies Record<ConntrackAction, string>
      )[action],
    nat: (manip, from, to) => `${manip} 把 ${from} 改写为 ${to}。`,
    // The engine's detail text is English; its decision code is not, so each decision is said in Chinese here.
    routing: (decision, _detail, dev) => {
      const said: Record<RoutingDecision, string> = {
        local: "目的地址是本机，交给 INPUT",
        forward: `转发，从 ${dev ?? ""} 发出`,
        output: `本机发出的包，从 ${dev ?? ""} 发出`,
        reroute: `OUTPUT 改了标记或目的地址，重新路由，改从 ${dev ?? ""} 发出`,
        "no-route": "没有到目的地址的路由",
        blackhole: "黑洞路由，静默丢弃",
        unreachable: "不可达路由",
        "forwarding-disabled": "不是发给本机的包，而 ip_forward 为 0：静默丢弃",
        martian: "火星源地址（本机的地址、0.0.0.0、组播、广播或回环地址）：静默丢弃",
        "martian-destination": "目的地址在 127.0.0.0/8 而包来自网线，route_localnet 为 0：静默丢弃",
        "rp-filter": "反向路径过滤（rp_filter）拒绝了这个源地址：静默丢弃",
        "not-joined": "本机没有加入这个组播组（也不做组播路由）：丢弃",
        "ttl-exceeded": "TTL 已耗尽，不能转发",
      };
      return `路由：${said[decision]}。`;
    },
    loopback: "数据包从 lo 发出，又以 IN=lo 回来。",
    response: (_reason, answer) => (answer ? `本机将会应答：${answerZh(answer)}。` : "本机将会应答。"),
    // The engine's details here are English sentences; the frames around this one say what happened.
    deliver: () => "交给本地进程。",
    egress: (dev) => `从 ${dev} 发出。`,
    drop: () => "数据包在这里被丢弃。",
    rejectRule: (table, hook, chain, rule, answer) =>
      `${table} ${hook}${chain !== hook ? `（链 ${chain}）` : ""}：第 ${rule} 条规则匹配，REJECT：拒绝这个包，并回送 ${answer}。`,
    rejected: (answer, sent) =>
      sent ? `已拒绝：数据包被丢弃，已回送 ${answer}。` : `已拒绝：数据包被丢弃，未能回送 ${answer}。`,
    warning: (m) => `警告：${m}`,
    log: (line) => `LOG：${line}`,
  },
  narrate: (tag, text) => `数据包 ${tag}：${text}`,
  verdict: {
    accept: "ACCEPT",
    drop: "DROP",
    reject: "REJECT",
    delivered: "已送达",
    sent: (dev) => `发出 ${dev}`,
    rejected: "已拒绝",
    rule: (verdict, n) => `${verdict} · 第 ${n} 条`,
    policy: (verdict) => `策略 ${verdict}`,
    route: (decision) => ROUTE_ZH[decision],
    fate: { local: "送达本机", forwarded: "已转发", sent: "已发出", dropped: "已丢弃" },
  },
  reject: {
    rst: "RST",
    icmp: (type, code) => `ICMP ${ICMP_UNREACH_ZH[code] ?? "目的不可达"}（类型 ${type}，代码 ${code}）`,
    fate: (answer, sent) => (sent ? `已拒绝：已回送 ${answer}` : `已拒绝：未回送 ${answer}`),
  },
  lang: {
    label: "语言",
    names: { en: "English", zh: "中文" },
  },
  share: {
    button: "分享",
    title: "分享这个视图",
    intro: "链接里包含整个场景和播放位置。任何人打开它都会看到完全相同的视图。",
    link: "链接",
    length: (n) => `${n} 个字符`,
    copy: "复制链接",
    copied: "已复制到剪贴板。",
    copyFailed: "无法复制：请自己选中链接并复制。",
    includeLang: "包含我的语言",
    tooLong: (n, max) => `这个场景生成的链接有 ${n} 个字符，超过链接可携带的 ${max} 个字符。请改为保存为文件。`,
    heldTooLarge: (mb) =>
      `这个场景的规则集有 ${mb} MB，太大，无法放进链接（链接最多携带几百 KB）。请改为保存为文件；该文件可用“打开文件”打开。`,
    saveFailed: "无法生成文件。请在引擎空闲后重试。",
    close: "关闭",
    linkError: "无法打开这个链接；你的工作没有改变。",
    errors: {
      "not-a-link": "这不是场景链接。",
      damaged: "链接已损坏或被截断。",
      "too-large": "链接太大。",
      "newer-version": "链接来自更新的版本。",
      "invalid-scenario": "链接中的场景无效。",
    },
    dismiss: "关闭",
  },
  replay: {
    tab: "内核跟踪",
    intro:
      "重放真实主机的跟踪：粘贴 nft monitor trace（或 xtables-monitor --trace）的输出；若跟踪按句柄指称规则，请在前面附上 nft -a list ruleset。其中的数据包会替换本场景的数据包（可撤销），并逐个与模拟比较。",
    label: "跟踪文本",
    replay: "重放",
    noTrace: "这段文本中没有 nft monitor trace 或 xtables-monitor --trace 的输出行。",
    reading: "正在对照规则集读取跟踪……",
    failed: (why: string) => `无法对照规则集读取这段跟踪：${why}`,
    read: (format: string, n: number) => `按 ${format} 读取：${n} 个数据包。`,
    notes: (n: number) => `关于文本的 ${n} 条说明`,
    noteAt: (line: number, text: string) => (line ? `第 ${line} 行：${text}` : text),
    noteWords: {
      unreadableLine: (tool: string) => `${tool} 不会这样输出这一行：已略过`,
      notATraceLine: (format: string) => `不是跟踪行（${format}）：已略过`,
      mixedFormats: "文本混有 nft monitor trace 和 xtables-monitor 的行：两者都按跟踪 id 读取",
      noPacketLine: (id: string) => `跟踪 ${id} 缺少开头的数据包行（上面被截掉了？）：数据包未知`,
      packetWithoutInterface: "数据包行没有给出接口：不知道数据包从哪里来",
      packetNotIpv4: "数据包行没有 IPv4 地址：无法模拟",
      protocolNotSimulated: (proto: string) => `协议 ${proto}：本工具只模拟 tcp、udp 和 icmp`,
      familyNotSimulated: (family: string) => `${family} 表不作模拟：其事件已略过`,
      chainNotInScenario: (table: string, chain: string) => `${table} ${chain} 不在场景的规则集中：其事件已略过`,
      ruleNotFound: (table: string, chain: string, handle: number | null) =>
        `${table} ${chain} 的规则${handle === null ? "" : `（句柄 ${handle}）`}不在规则集中：${
          handle === null
            ? "请用 nft -a monitor trace 获取句柄，或在跟踪前粘贴 nft -a list ruleset"
            : "请在跟踪前粘贴 nft -a list ruleset"
        }`,
    },
    packet: (n: number, header: string, from: string) =>
      `数据包 ${n}：${header}，${from === "local" ? "由本机发出" : `从 ${from} 进入`}`,
    unknownPacket: (n: number) => `数据包 ${n}：跟踪中没有它的内容`,
    line: (n: number) => `第 ${n} 行`,
    engineSaid: "模拟",
    ends: "到此结束",
    same: (n: number) => `模拟与内核一致：${n} 步，规则和判决相同。`,
    differs: (step: number, kernel: string, engine: string) =>
      `第一个差异在第 ${step} 步：内核 ${kernel}，模拟 ${engine}。`,
    skipped: (n: number) => `（内核开始跟踪的链之前，模拟的前 ${n} 步不作比较。）`,
    notCompared: "未比较：跟踪中没有这个数据包。",
    waiting: "正在模拟跟踪中的数据包…",
    play: (n: number) => `播放数据包 ${n}`,
    showRule: "在规则面板中显示这条链",
  },
  files: {
    save: "保存为文件",
    open: "打开文件",
    openLabel: "打开场景文件（.json），或把文件拖放到页面上",
    notJson: (m) => `这个文件不是 JSON：${m}`,
    invalid: (name) => `${name} 不是有效的场景；没有做任何改动：`,
    opened: (name) => `已打开 ${name}。`,
  },
  persist: {
    rulesetLost: (name, mb) =>
      `保存的工作中的规则集（${name}，${mb} MB）没有恢复：浏览器存储中没有它的文件。数据包和主机已恢复；请重新打开该文件以取回规则。`,
    restored: "已从本浏览器恢复你上次的场景。",
    held: {
      timeout: (seconds: string) => `计算这个场景用时超过 ${seconds} 秒，已被停止。`,
      crashed: (message: string) => `计算这个场景使引擎停止了（${message}）。`,
      stopped: "你停止了这个场景的计算。",
      kept: (name: string) => `“${name}”已保存为草稿，不会自动运行，重新加载后也不会。现在显示的是你之前的工作。`,
      openAnyway: "仍然打开",
      goBack: "回到之前的工作",
      download: "下载它",
    },
    running: "正在计算，不限时间…",
    stop: "停止",
    failure: {
      quota: "无法保存你的工作：浏览器为本站提供的存储空间已满。",
      unavailable: "无法保存你的工作：这个浏览器窗口不允许网站存储（隐私模式或网站数据被阻止）。",
      error: (message: string) => `无法保存你的工作（${message}）。`,
      keep: "在关闭这个标签页之前，它仍然保留在这里：请下载以保留它。",
      download: "下载场景",
      downloadDraft: "下载规则集文本",
      retry: "重新保存",
    },
    otherTab: (time: string) =>
      `这份工作也在另一个标签页中打开，那个标签页在 ${time} 保存了它自己的修改。每个标签页保留各自的工作：重新加载这个标签页会保留这里的工作，新标签页会打开最后保存的那一份。`,
    draftRestored:
      "你的规则集文本已按离开时的样子恢复。它有错误，所以没有应用：正在使用的是最后一份没有错误的规则。请查看“规则集”标签页。",
    dismiss: "关闭",
  },
  rules: {
    toolbar: "规则集",
    undo: "撤销",
    redo: "重做",
    open: "打开文件…",
    download: "下载 rules.v4",
    copyCommands: "复制为命令",
    copyRule: "复制",
    copied: "已复制到剪贴板",
    downloaded: "已保存 rules.v4",
    addRule: "添加规则",
    insertAbove: "在上方插入",
    delete: "删除",
    moveUp: "上移",
    moveDown: "下移",
    drag: "拖动以调整顺序，或选中后按 Alt+↑ / Alt+↓",
    newChain: "新建链",
    newChainPrompt: "新链的名称",
    rename: "重命名",
    renamePrompt: (c: string) => `${c} 的新名称`,
    deleteChain: "删除链",
    policy: "策略",
    table: "表",
    chain: "链",
    manyChains: (n: number) => `共 ${n} 条链：其余的请在下方按名称查找`,
    search: "查找规则：地址、端口、链、注释",
    findChain: "查找链：名称、服务、注释",
    chainHits: (shown: number, total: number) =>
      total === 0 ? "没有匹配的链。" : shown < total ? `${total} 条链匹配；前 ${shown} 条：` : `${total} 条链匹配：`,
    searchHits: (shown: number, total: number) =>
      total === 0
        ? "没有匹配的规则。"
        : shown < total
          ? `${total.toLocaleString("zh-CN")} 条规则匹配；前 ${shown} 条：`
          : `${total} 条规则匹配：`,
    rules: (n: number) => `${n} 条规则`,
    loading: "加载中…",
    dropHere: "拖放一个 iptables-save 文件或 iptables 命令脚本",
    opening: {
      bar: (name: string) => `正在打开 ${name}`,
      starting: (name: string) => `正在打开 ${name}…`,
      reading: (name: string, mb: string, totalMb: string, rules: number) =>
        `正在读取 ${name}：${mb} / ${totalMb} MB，已读到 ${count(rules)} 条规则`,
      parsing: (name: string, rules: number) => `正在解析 ${name}：${count(rules)} 条规则；完成之前仍使用当前规则`,
      cancel: "取消",
      tooLarge: (name: string, mb: string, limitMb: string) =>
        `${name} 有 ${mb} MB，而本工具最多打开 ${limitMb} MB 的规则集文件：它把规则集保存为一个文本，浏览器无法生成更长的文本。请一次保存一个表（iptables-save -t nat）再打开。`,
      failed: (name: string, message: string) => `无法打开 ${name}：${message}`,
    },
    draftErrors: (n: number, source: "editor" | "import") =>
      `${source === "import" ? "导入的文本" : "你的文本"}有 ${n} 个错误；在它能被解析之前，正在使用的规则保持不变。请在“规则集”标签页中修正。`,
    discard: "放弃",
    validating: (percent: number) => `正在检查规则集… ${percent}%`,
    kernelRefuses: (n: number) =>
      `iptables-restore 会拒绝这个规则集：有 ${n} 个错误，内核会保留原有的规则。下面的模拟跳过了出错的行，因此不是内核会做的事。请在“规则集”标签页中修正。`,
    refused: "被拒绝：",
    counters: (p: number, b: number) => `${p} 个包，${b} 字节`,
    diagnostic: (line: number, column: number, message: string) => `第 ${line} 行第 ${column} 列：${message}`,
    kube: {
      title: "Kubernetes 服务（kube-proxy，iptables 模式）",
      search: "按名称、集群 IP 或节点端口查找服务",
      count: (from: number, to: number, total: number) =>
        total === 0
          ? "没有匹配的服务。"
          : to - from + 1 === total
            ? `${total.toLocaleString("zh-CN")} 个服务。`
            : `第 ${from.toLocaleString("zh-CN")}–${to.toLocaleString("zh-CN")} 个服务，共 ${total.toLocaleString("zh-CN")} 个。`,
      endpoints: (n: number) => `${n} 个端点`,
      previous: "上一页",
      next: "下一页",
      open: "规则",
      openHint: (chain: string) => `显示 ${chain} 的规则`,
      nodePort: "节点端口",
      service: "Kubernetes 服务",
      clusterIp: "集群 IP",
      endpoint: "端点",
      written: "--probability",
      effective: "实际份额",
      pin: "固定",
      pinNone: "随机（与 kube-proxy 相同）",
      pinned: "已固定：每个新连接都选这个端点。",
    },
    form: {
      title: (chain: string) => `在 ${chain} 中新建规则`,
      position: "位置",
      proto: "协议",
      any: "任意",
      src: "源地址",
      dst: "目的地址",
      inIface: "入接口",
      outIface: "出接口",
      sport: "源端口",
      dport: "目的端口",
      ctstate: "连接状态",
      pktType: "数据包类型（链路层）",
      ecn: "ECN",
      ecnFlagHint: "TCP 标志必须置位（需要协议 tcp）",
      ecnField: "IP 头 ECN 字段",
      comment: "注释",
      target: "目标",
      toDest: "改写为（地址[:端口]）",
      toPorts: "改写为端口",
      rejectWith: "拒绝方式",
      logPrefix: "日志前缀",
      mark: "标记值",
      jumpTo: "链",
      jumpOption: "跳转到链",
      add: "添加",
      cancel: "取消",
      command: "命令",
      notHere: "此处不允许",
      placement: (c) => {
        const p = c.problem;
        if (p.kind === "nat-drop") return "“nat”表不用于过滤，因此不允许使用 DROP。";
        if (p.kind === "wrong-table") return `${c.kind} 只能用于 ${p.only} 表，不能用于 ${c.table}。`;
        const via = c.reached ? "（这个链从那里被跳转到）" : "";
        return `${c.kind} 只能用于 ${p.only.join(" 和 ")}，不能用于 ${c.refused.join("、")}${via}。`;
      },
      cidrHint: "IPv4 地址或 CIDR，`!` 表示取反",
      ifaceHint: "最多 15 个字符；末尾的 `+` 匹配前缀",
      portHint: "一个端口、范围 1000:2000 或列表 22,80,443",
    },
    text: {
      large: (mb: string) => `这个规则集有 ${mb} MB。它的规则已列在规则面板中；以文本打开需要几秒钟。`,
      openLarge: "以文本打开",
      held: (name, mb, rules) =>
        `${name}：${mb} MB，${rules} 条规则，保存在引擎中。规则面板可以列出、搜索和编辑它；本页不保留它的文本副本。`,
      heldDownload: (name) => `下载 ${name}`,
      heldLoad: "载入编辑器",
      heldLoadCost: "载入后整个文本也会留在本页中，编辑器需要几秒钟构建。",
      heldLoading: "正在读取文件…",
      label: "规则集（iptables-save）",
      loading: "正在加载编辑器…",
      checking: "检查中…",
      applied: "已应用：图中显示的就是这些规则。",
      errors: (n: number) => `${n} 个错误：尚未应用。`,
    },
  },
  undo: {
    reset: "场景已重置为默认场景。",
    removed: (n) => `已删除数据包 ${n}。`,
    undo: "撤销",
    confirmTitle: "重置场景？",
    confirmText: "你的规则和数据包将被默认场景取代。重置之后可以立即撤销。",
    confirmYes: "重置",
    cancel: "取消",
  },
  tour: {
    title: "欢迎使用 Netfilter Explorer",
    diagram:
      "图中是 Linux 内核的数据包路径：五个钩子（PREROUTING、INPUT、FORWARD、OUTPUT、POSTROUTING），以及按运行顺序排列的表。发送或播放一个数据包，看它如何移动。",
    lessons: "刚接触 netfilter？右上角的“课程”会打开用于教学的场景，并附有可以尝试的步骤。",
    router: "默认场景是一台路由器：eth0（203.0.113.1）面向互联网（WAN），eth1（192.168.1.1）面向局域网（LAN）。",
    dismiss: "知道了",
  },
  nft: nftZh,
  gallery: {
    button: "课程",
    title: "课程：会讲课的场景",
    intro: "每节课打开一个场景，数据包已经准备好可以播放；课程说明要注意什么，并给出几个可以动手尝试的步骤。",
    open: "打开",
    close: "关闭",
    watch: "注意观察",
    steps: "试一试",
    doIt: "执行",
    hide: "隐藏课程",
    show: "显示课程",
    lesson: "课程",
    file: (name) => `场景文件：${name}.scenario.json`,
  },
};

function verdictWords(v: string): string {
  if (v === "ACCEPT") return "ACCEPT：这个表处理完毕，进入下一个";
  if (v === "DROP") return "DROP：数据包被丢弃";
  if (v === "CONTINUE") return "该目标不结束链，继续匹配";
  if (v === "RETURN") return "RETURN 回到调用它的链";
  if (v.startsWith("JUMP:")) return `跳转到链 ${v.slice(5)}`;
  if (v.startsWith("GOTO:")) return `转到链 ${v.slice(5)}`;
  return v;
}
