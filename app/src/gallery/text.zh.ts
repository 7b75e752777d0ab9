import type { LessonTexts } from "./text";

/** 课程的简体中文文本。技术术语（链、目标、状态、命令）保持 iptables 的原样。 */
export const LESSON_TEXT_ZH: LessonTexts = {
  "three-paths": {
    title: "穿过内核的三条路径",
    summary: "发给本机、被转发、由本地进程发出：每个包经过哪些钩子和表。",
    watch:
      "注意每个包点亮了哪些钩子。发给本机：PREROUTING，然后 INPUT。转发：PREROUTING、FORWARD、POSTROUTING。本地进程发出：OUTPUT，然后 POSTROUTING。在每个钩子内，各表的顺序都一样：raw、mangle、nat、filter。",
    steps: [
      "播放数据包 1，它发给路由器本身：PREROUTING，路由决策判定为本机，然后 INPUT。它的 SYN-ACK 应答（#1↩）从本地进程出发，经过 OUTPUT 和 POSTROUTING。",
      "播放数据包 2，它被路由到互联网：PREROUTING、FORWARD、POSTROUTING。它从不经过 INPUT 或 OUTPUT。",
      "播放数据包 3，它由路由器上的进程发出：从输出路由决策开始，然后 OUTPUT 和 POSTROUTING。",
      "看看 filter INPUT：只有数据包 1 进入过它。filter INPUT 的规则保护的是路由器本身，从不管它转发的流量。",
    ],
  },
  "table-priority": {
    title: "表的顺序：raw > mangle > nat > filter",
    summary: "每个表各有职责、位置固定；每个表都能看到前面的表做了什么。",
    watch:
      "raw 用来让包免于 conntrack，mangle 用来改标记和头部字段，nat 用来改写地址，filter 用来做判决。它们的顺序由优先级决定：raw（−300）、conntrack（−200）、mangle（−150）、nat DNAT（−100）、filter（0）。数据包 1 的跟踪正好按这个顺序。",
    steps: [
      "播放数据包 1（到端口 8080），看它经过 PREROUTING：raw 记录日志（此时 conntrack 还没运行），mangle 设置标记 0x1，nat 把它 REDIRECT 到端口 80。",
      "看看 filter INPUT：包到达时已经是端口 80、标记 0x1，这是在 filter 之前运行的 mangle 和 nat 的结果。",
      "播放数据包 2，它直接发往端口 80：没有表给它打标记，所以 filter 规则不匹配，由策略 DROP 处理。",
      "把 filter 规则改成 --dport 8080：现在数据包 1 也被丢弃了，因为在 filter 看到它之前，nat 已经改写了端口。",
    ],
  },
  "conntrack-states": {
    title: "conntrack 状态与连接表",
    summary: "NEW、ESTABLISHED、RELATED、INVALID 各一条规则，并逐行读懂 conntrack -L。",
    watch:
      "FORWARD 中每个状态一条规则，所以跟踪行里的规则编号就代表状态。在 conntrack -L 标签页中，每行是一个连接：协议、TCP 状态、原方向元组（src dst sport dport）、内核期待的应答元组、收到应答前的 [UNREPLIED]、交换完成后的 [ASSURED]，以及连接标记。",
    steps: [
      "播放数据包 1，客户端的 SYN：NEW，它跳过规则 1-3，匹配规则 4。",
      "播放数据包 2，服务器的 SYN-ACK：ESTABLISHED（规则 2）。已经见到应答，对 conntrack 来说这就够了。",
      "播放数据包 4，一个引用数据包 3 的 UDP 流的 ICMP 端口不可达：RELATED（规则 3）。",
      "播放数据包 5，一个没人发起的连接的 SYN-ACK：INVALID，被规则 1 丢弃。然后打开 conntrack -L：数据包 6 之后 TCP 行是 ESTABLISHED [ASSURED]；UDP 行仍是 [UNREPLIED]，因为 ICMP 错误不算应答。",
    ],
  },
  "stateful-firewall": {
    title: "有状态的主机防火墙",
    summary: "策略 DROP，按状态放行应答，只开放你提供的服务。",
    watch:
      "一条规则 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT 就能放行本机自己发起的所有流量的应答；然后只开放本机提供的服务（这里是 ssh 和 ping）。其余的都由策略 DROP 处理。",
    steps: [
      "看看 filter INPUT：策略 DROP，然后是环回、RELATED/ESTABLISHED、INVALID、新的 ssh、ping。",
      "播放数据包 2：服务器自己发出的 DNS 查询的应答被规则 2 接受，尽管没有规则开放端口 40000。",
      "播放数据包 4：到 MySQL（3306）的连接没有规则匹配，被策略丢弃。",
      "播放数据包 3（ssh）：规则 4 接受它，服务器的 SYN-ACK 经 OUTPUT 发出。",
    ],
  },
  "ordering-mistake": {
    title: "经典错误：规则顺序",
    summary: "放在 ESTABLISHED 规则之上的 DROP 会悄悄断掉所有应答。",
    watch:
      "iptables 从上往下读一条链，第一条给出判决的规则生效。这里 `-A INPUT -j DROP` 被加在了 ESTABLISHED 规则之前，所以即使 conntrack 认得这些应答，它们也被丢弃。兜底的 DROP 应该放在最后，或者用策略。",
    steps: [
      "播放数据包 2：DNS 应答是 ESTABLISHED，但规则 3（-j DROP）先匹配了。规则 4 永远轮不到。",
      "播放数据包 4：服务器自己 ping 的应答也以同样方式被丢弃。",
      "把 DROP 移到 ESTABLISHED 规则下面：数据包 2 和 4 现在被接受了（由规则 3）。",
      "播放数据包 5：ssh 一直是通的，因为它的规则在 DROP 之前。",
    ],
  },
  "tcp-window-tracking": {
    title: "TCP 窗口跟踪：窗口之外即 INVALID",
    summary: "conntrack 检查每个 TCP 段的序列号；远在窗口之外的段是 INVALID。",
    watch:
      "在 nf_conntrack_tcp_be_liberal=0（内核默认值）时，conntrack 跟踪双方通告的序列号和窗口（nf_conntrack_proto_tcp.c 中的 tcp_in_window）。窗口之外的段是 INVALID，即使它所属的连接是 ESTABLISHED；规则 -m conntrack --ctstate INVALID -j DROP 会丢弃它。它的跟踪中 conntrack 那一步会说明原因是窗口。",
    steps: [
      "播放数据包 2，服务器的 SYN-ACK：它确认序列号 1001，并通告 4096 字节的窗口。conntrack 为这个连接记下这两者。",
      "播放数据包 4，客户端在序列号 1001 处的数据，正是服务器期待的位置：ESTABLISHED，被转发。",
      "播放数据包 5，序列号 101006 处的数据，超出窗口约 100000 字节：conntrack 判定它为 INVALID，filter FORWARD 规则 1 丢弃它。在 conntrack -L 中，该连接的表项仍是 ESTABLISHED [ASSURED]。",
      "设置 nf_conntrack_tcp_be_liberal=1，数据包 5 会再播放一次：conntrack 不再检查窗口，数据包是 ESTABLISHED，规则 1 不匹配，它被转发。",
    ],
  },
  "reject-vs-drop": {
    title: "REJECT 与 DROP",
    summary: "发送方看到什么：沉默、一个复位，还是一个 ICMP 错误。",
    watch:
      "DROP 丢弃数据包且不作任何回应：客户端不断重传直到超时。REJECT 也丢弃它，但主机会回应。这个回应是内核新生成的包（#n↩）：它从输出路由决策开始，经过 OUTPUT 和 POSTROUTING。",
    steps: [
      "播放数据包 1（端口 23）：被丢弃，没有任何回应。客户端会在很长时间里不断重发 SYN。",
      "播放数据包 2（端口 25）：REJECT --reject-with tcp-reset 发回一个 RST；客户端的 connect() 立即以“connection refused”失败。",
      "播放数据包 3（UDP 161）：REJECT 的默认回应，ICMP 端口不可达。",
      "播放数据包 4，它发往一个没有规则的关闭端口：主机自己的协议栈发回同样的 RST。tcp-reset 让端口看起来是关闭的；DROP 让它看起来不存在。",
    ],
  },
  "notrack-raw": {
    title: "raw 中的 NOTRACK：没有 conntrack，也没有 NAT",
    summary: "iptables -t raw -A PREROUTING -d A.B.C.D -p tcp --dport 80 -j NOTRACK，以及它的代价。",
    watch:
      "raw 在 conntrack 之前运行。在那里 NOTRACK 会让包变成 UNTRACKED：没有连接表项，因此也完全没有 NAT，因为 NAT 是记在连接里的。conntrack -L 只列出被跟踪的连接。NOTRACK 能为繁忙的服务器节省表项，代价是失去 NAT 和有状态规则。",
    steps: [
      "播放数据包 1：raw PREROUTING 的 NOTRACK 匹配；conntrack 显示 UNTRACKED，nat PREROUTING 被整个跳过，所以端口 80 的 DNAT 规则从未运行。filter INPUT 按 --ctstate UNTRACKED 接受它，由路由器自己的 Web 服务器应答。",
      "播放数据包 2（端口 8080）：被跟踪，NEW，DNAT 到 192.168.1.10:80 并被转发。",
      "看看 raw OUTPUT：对数据包 1 的应答也被 NOTRACK。没有这条规则，它会是一个未知连接的第一个包：INVALID。",
      "删除 raw PREROUTING 中的 NOTRACK 规则：数据包 1 会被跟踪并 DNAT 到局域网服务器，和数据包 2 一样。",
    ],
  },
  "home-router-nat": {
    title: "家用路由器：MASQUERADE 与 SNAT",
    summary: "局域网共享一个公网地址；应答不需要任何规则就被反向转换。",
    watch:
      "只有连接的第一个包经过 nat 链；决定被记在连接里。在 conntrack -L 中，应答元组的 dst=203.0.113.1：内核正是靠它识别应答，并在 PREROUTING 中、在 FORWARD 看到之前把它们转换回来。",
    steps: [
      "播放来自局域网的数据包 1：FORWARD 放行它，然后 nat POSTROUTING 规则 1（MASQUERADE）把源地址改写为 eth0 的地址 203.0.113.1。端口 50000 空闲，所以保持不变。",
      "播放数据包 2，服务器对 203.0.113.1:50000 的应答：没有 nat 规则运行；conntrack 把目的地址改回 192.168.1.10，所以 FORWARD 看到的是局域网地址。",
      "播放数据包 3 和 4：访客网络的 DNS 查询被规则 2 SNAT 到固定地址，它的应答也同样被反向转换。",
      "把 MASQUERADE 换成 SNAT --to-source 203.0.113.1：结果一样。MASQUERADE 为每个新连接读取接口的地址（适合会变的地址）；SNAT 使用固定地址。",
    ],
  },
  "conntrack-timeouts": {
    title: "conntrack 会遗忘：超时",
    summary: "安静的 UDP 流的表项会过期，它的 NAT 绑定也随之消失。",
    watch:
      "每个 conntrack 表项只存活到它的超时用完为止。UDP 的超时是 nf_conntrack_udp_timeout 和 nf_conntrack_udp_timeout_stream（在这个内核上默认为 30 秒和 120 秒）；本场景通过 sysctl 把两者都设为 3 秒，并在数据包之间推进时钟：数据包 2 在数据包 1 之后 2 秒到达，数据包 3 在数据包 2 之后 5 秒到达。表项消失时，它保存的一切都随之消失：状态，以及 NAT 绑定。",
    steps: [
      "播放数据包 1，来自 192.168.1.10 的 DNS 查询：NEW，FORWARD 规则 2 接受它，MASQUERADE 把源地址改写为 203.0.113.1。绑定 192.168.1.10:40000 ↔ 203.0.113.1:40000 保存在 conntrack 表项中。",
      "播放数据包 2，2 秒后的应答，仍在 3 秒超时之内：表项不经任何 nat 规则就把它转换回 192.168.1.10，FORWARD 规则 1（ESTABLISHED）放行它。",
      "播放数据包 3，5 秒后的同一个应答：表项已经过期，绑定也随之消失。数据包是 NEW，nat PREROUTING 看到它；它的目的地址 203.0.113.1 是路由器自己：它进入 INPUT，端口 40000 上没有套接字，路由器回应 ICMP 端口不可达。192.168.1.10 永远看不到它。",
      "打开 conntrack -L：查询的表项已经不见了。唯一的一行是数据包 3 自己的表项，从 198.51.100.53 到 203.0.113.1，[UNREPLIED]。",
    ],
  },
  "port-forward-dnat": {
    title: "用 DNAT 做端口转发",
    summary: "公网端口 8080 转到局域网服务器的 80 端口，以及 filter 在哪里看到这个变化。",
    watch:
      "nat PREROUTING 中的 DNAT 在路由决策之前运行，所以包被路由到局域网，经过 FORWARD 而不是 INPUT。之后的每个表看到的都是新的地址和端口。应答在出去的路上被转换回来：客户端始终只看到 203.0.113.1:8080。",
    steps: [
      "播放数据包 1：nat PREROUTING 把 203.0.113.1:8080 改写为 192.168.1.10:80；随后路由决策判定为转发。",
      "看看 filter FORWARD：规则 3 放行发往 192.168.1.10 的 --dport 80，也就是转换后的目的地。",
      "播放数据包 2，服务器的 SYN-ACK：它的源被改回 203.0.113.1:8080。MASQUERADE 不会运行：这是一个应答。",
      "把规则 3 改成 --dport 8080，也就是公网端口：数据包 1 不再匹配，被 FORWARD 策略丢弃。",
    ],
  },
  "docker-published-port": {
    title: "Docker：发布的端口绕过 INPUT",
    summary: "为什么 INPUT 规则（以及 ufw）保护不了 docker run -p，以及 DOCKER-USER 的用途。",
    watch:
      "Docker 在 nat PREROUTING 中、路由决策之前对发布的端口做 DNAT。于是包的目的地变成了容器，它被转发：经过 FORWARD，从不到达 filter INPUT，而 ufw 和大多数主机防火墙把规则放在那里。针对容器的规则应该放在 DOCKER-USER 中，FORWARD 最先运行它，而 Docker 从不改写它。",
    steps: [
      "播放数据包 1（到端口 8080）：DOCKER 把它 DNAT 到 172.17.0.2:80，路由决策判定为转发，FORWARD → DOCKER 接受它。",
      "看看 filter INPUT：管理员针对端口 8080 的 DROP 就在那里，但没有任何包到达它。",
      "播放数据包 2：容器的 SYN-ACK 在出去时被反向转换为 10.0.0.1:8080。",
      "在 DOCKER-USER 中加一条 DROP：现在数据包 1 被丢弃了。这条规则匹配的是端口 80，即容器的端口：DOCKER-USER 看到的是 DNAT 之后的包。",
    ],
  },
  "kube-clusterip": {
    title: "Kubernetes：ClusterIP 服务",
    summary: "KUBE-SERVICES → KUBE-SVC-* → KUBE-SEP-*，以及伪装标记 0x4000。",
    watch:
      "ClusterIP 只是一条 DNAT 规则。kube-proxy（iptables 模式）在 KUBE-SERVICES 中匹配 ClusterIP 和端口，在 KUBE-SVC-* 中选择一个端点，在 KUBE-SEP-* 中做 DNAT。需要伪装的流量会被打上标记 0x4000（KUBE-MARK-MASQ）；KUBE-POSTROUTING 只对有标记的包做 MASQUERADE。",
    steps: [
      "播放来自 Pod 的数据包 1：nat PREROUTING → KUBE-SERVICES → KUBE-SVC-WEB → KUBE-SEP-WEB1，DNAT 到 10.244.1.5:8080。它以 Pod 自己的源地址从 eth0 发出：没有标记，没有伪装。",
      "播放数据包 2，端点的应答：被反向 DNAT，Pod 看到的是 10.96.0.10:80 在应答。",
      "播放来自节点上进程的数据包 3：它经过 nat OUTPUT。它的源地址不在 Pod 网段内，所以 KUBE-SVC-WEB 的规则 1 跳到 KUBE-MARK-MASQ，KUBE-POSTROUTING 对它做 MASQUERADE。",
      "看看 KUBE-SVC-WEB：有 n 个端点时，每个端点一条带 -m statistic --mode random --probability 1/n 的规则（最后一条接住其余的）。本课只有一个端点，所以路径总是相同的。",
    ],
  },
  "kube-nodeport": {
    title: "Kubernetes：NodePort",
    summary: "从集群外经 KUBE-NODEPORTS、KUBE-EXT-*、标记和 MASQUERADE 到达 Pod。",
    watch:
      "NodePort 由 KUBE-SERVICES 的最后一条规则（-m addrtype --dst-type LOCAL）匹配，所以在节点的每个地址上都有效。外部流量总会被标记为需要伪装：Pod 的应答必须经由这个节点返回，才能被反向转换。",
    steps: [
      "播放数据包 1：KUBE-SERVICES 中没有针对 10.0.0.10:30080 的规则，所以最后一条规则跳到 KUBE-NODEPORTS → KUBE-EXT-WEB，它打上标记 0x4000，再继续到 KUBE-SVC-WEB 和 DNAT。",
      "看看 KUBE-FORWARD：DNAT 之后的包被转发，因为有标记而被接受，而不是因为某条端口规则。",
      "看看 KUBE-POSTROUTING：标记被清除，包被 MASQUERADE 为 10.244.0.1，所以 Pod 会应答给这个节点。",
      "播放数据包 2，Pod 的应答：两次转换都被撤销，客户端看到的是 10.0.0.10:30080 在应答。",
    ],
  },
  "kube-ping-clusterip": {
    title: "“我 ping 不通我的服务 IP”",
    summary: "为什么 ClusterIP 不响应 ping，而服务却是好的。",
    watch:
      "iptables 模式的 kube-proxy 只对服务的协议和端口做 DNAT。ClusterIP 不在任何接口上，也没有主机拥有它，所以发往它的 ICMP echo 不匹配任何规则，像任何未知地址一样被路由：发往默认网关，没有人应答。",
    steps: [
      "播放数据包 1，ping 10.96.0.10：KUBE-SERVICES 只匹配 tcp 端口 80，所以没有 DNAT；路由决策把它转发到默认网关。没有应答：ping 超时。",
      "播放数据包 2，ping Pod 的 IP：被路由到另一个节点，可以通。",
      "播放数据包 3，tcp 到 10.96.0.10:80：照常 DNAT。服务在它的端口上是好的；要测试它，请用 curl 或 nc，而不是 ping。",
      "在 IPVS 模式下，kube-proxy 把 ClusterIP 放在一个虚拟接口（kube-ipvs0）上，所以那里节点本身会响应 ping。在 iptables 模式下，比如这里，则不会。",
    ],
  },
  "accept-is-not-the-end": {
    title: "accept 并不是终点",
    summary: "iptables 接受了 SSH，同一钩子上一条类似 firewalld 的 nftables 链却把它丢弃。",
    watch:
      "这里 INPUT 有两条基础链：iptables 的 filter（优先级 0），以及原生的 inet fw input（filter + 10，青色）。它们按优先级依次运行，而 accept 只结束它自己的基础链：数据包继续进入下一条链，那里仍然可能被丢弃。drop 则立即结束这个数据包。是哪条规则丢弃了我的包？不是 iptables -L 能显示的那条。",
    steps: [
      "播放数据包 1（SSH）：filter INPUT 第 2 条规则 ACCEPT 它，随后 inet fw input（优先级 10）没有针对 22 端口的规则，它的策略把包丢弃。",
      "播放数据包 2（HTTP）：filter INPUT 第 3 条规则接受它，inet fw input 第 2 条规则也接受它，它到达了 Web 服务器。两条链都必须同意。",
      "打开“规则集”标签并切换到 nftables：这就是 nft list ruleset 打印的原生表。在那里加上 tcp dport 22 accept 就能放行 SSH；任何 iptables 规则都做不到。",
    ],
  },
  "firewalld-and-docker": {
    title: "同一主机上的 firewalld 与 Docker",
    summary: "Docker 发布了一个端口并接受它；firewalld 自己的 forward 链仍然拒绝它。",
    watch:
      "FORWARD 有两条基础链：Docker 通过 iptables-nft 写的 filter FORWARD（优先级 0），以及 firewalld 的 inet firewalld filter_FORWARD（filter + 10）。Docker 的 DNAT 和 DOCKER 链接受了发布的端口，但 accept 只结束 Docker 的那条链：接着运行的是 firewalld 的链，它拒绝不是来自 docker0 的新连接。两条链都必须接受。",
    steps: [
      "播放数据包 1，客户端发往发布端口 8080 的 SYN：nat DOCKER 把它 DNAT 到 172.17.0.2:80，filter DOCKER 第 1 条规则 ACCEPT 它，随后 inet firewalld filter_FORWARD 第 4 条规则拒绝它。客户端收到 ICMP admin-prohibited（类型 3 代码 13）。",
      "播放数据包 2，容器自己发往互联网的 SYN：Docker 的 FORWARD 第 4 条规则接受它，firewalld 的第 3 条规则（iifname docker0）也接受它，nat POSTROUTING 把它伪装成 10.0.0.1。",
      "播放数据包 3，应答：在两条链中都是 ESTABLISHED，解除伪装后回到容器。",
      "修复方法，和 firewalld 对发布端口的做法一样：在它的 forward 链中接受做过 DNAT 的连接（ct status dnat accept）。数据包 1 现在到达了容器。",
    ],
  },
  "kube-proxy-nftables": {
    title: "kube-proxy 的 nftables 模式",
    summary: "table ip kube-proxy 中的一个 ClusterIP：判决映射、服务链、numgen、端点的 DNAT。",
    watch:
      "这里没有要逐条走过的 KUBE-SERVICES 列表：nat-prerouting 跳到 services，在那里一次判决映射查找（ClusterIP . 协议 . 端口）直接进入该服务的链，无论有多少个服务。服务链用 numgen 和一个判决映射选出端点；端点链做 DNAT。kube-proxy 写的是 numgen random mod N；本课使用 numgen inc mod 2，好让内核的选择可以重现。",
    steps: [
      "播放数据包 1，Pod 发往 10.96.0.10:80 的 SYN：services 第 1 条规则在 @service-ips 中查到它，进入服务链；服务链第 1 条规则只为 10.244.0.0/16 以外的源地址打伪装标记，这个 Pod 不算；第 2 条规则，numgen 给出 0：端点链把它 DNAT 到 10.244.2.7:8080。在 POSTROUTING 中，masquerading 没有看到 0x4000 标记就返回：Pod 的地址保持不变。",
      "播放数据包 2，第二个连接：这次 numgen 给出 1，另一条端点链把它 DNAT 到 10.244.1.6:8080。",
      "播放数据包 3，第一个端点的 SYN-ACK：没有任何 nat 链运行；仅靠 conntrack 就把它的源地址改回 10.96.0.10:80。",
      "播放数据包 4，发往 ClusterIP 的 443 端口，服务没有这个端口：@service-ips 中没有匹配的元素，filter-forward 的 cluster-ips-check 拒绝了它（第 1 条规则）：Pod 立即收到 ICMP 端口不可达。kube-proxy 的 iptables 模式没有这样的规则。",
    ],
  },
  "nftables-home-router": {
    title: "一台 nftables 家用路由器",
    summary: "用两个 nftables 表搭出整台路由器：inet filter 和 ip nat masquerade，完全没有 iptables。",
    watch:
      "这里只有原生链：inet filter 的 input、forward、output（优先级 filter），以及 ip nat 的 postrouting（srcnat）。规则集没有声明的东西就不存在：没有空的 raw 或 mangle 表在运行。策略是丢弃；ct state established,related accept 放行回来的应答，masquerade 改写从 eth0 出去的包。",
    steps: [
      "播放数据包 1，局域网客户端发往互联网的 SYN：forward 第 3 条规则（iifname eth1 oifname eth0）接受它，nat postrouting 把它伪装成 eth0 的地址 203.0.113.2。",
      "播放数据包 2，服务器的应答：conntrack 在 PREROUTING 中、路由决策之前把它解除伪装改回 192.168.1.10，不需要任何 nat 规则；forward 第 1 条规则把它作为 established 接受，它从 eth1 离开。",
      "播放数据包 3，来自互联网、发往路由器的不请自来的 SSH SYN：没有 input 规则匹配，input 的策略把它丢弃。悄无声息：没有任何应答返回。",
      "从互联网开放 SSH：在 input 链中加上 tcp dport 22 accept（第 6 条规则）。数据包 3 被接受，路由器的 SSH 服务器应答 SYN-ACK。",
    ],
  },
  "stateful-firewall-nft": {
    title: "同一个防火墙，用 nft 写",
    summary: "再看一遍有状态的主机防火墙，这次用 nftables 写：规则相同，判决相同，一条对一条。",
    watch:
      '请对照课程“有状态的主机防火墙”来读。-i lo -j ACCEPT 就是 iifname "lo" accept；-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT 就是 ct state established,related accept；-p tcp --dport 22 加上 --ctstate NEW 就是 tcp dport 22 ct state new accept；--icmp-type 8 就是 icmp type echo-request；:INPUT DROP 就是 policy drop。iptables-restore-translate 打印的也正是这些规则，每条带一个 counter。原生的 table ip filter 就是 iptables-nft 写的那张表，所以跟踪里的规则名称也相同：filter:INPUT:rule:2。',
    steps: [
      "播放数据包 2，DNS 应答：INPUT 第 2 条规则（ct state established,related accept）接受它，和 iptables 课程中一样。",
      "播放数据包 4，MySQL：没有规则匹配，policy drop。同样的结局，同样的位置。",
      "播放数据包 3，ssh：第 4 条规则接受它，SYN-ACK 经 OUTPUT 离开。",
      "一个不同之处：iptables 课程中的数据包还会经过空的 raw、mangle 和 nat 链，因为 iptables-save 声明了这些表。nft 只创建规则集声明的东西：这里是一张表、三条链。",
    ],
  },
};
