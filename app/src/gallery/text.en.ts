import type { LessonTexts } from "./text";

/** The lessons in English. Technical tokens (chains, targets, states, commands) stay as iptables prints them. */
export const LESSON_TEXT_EN: LessonTexts = {
  "three-paths": {
    title: "Three paths through the kernel",
    summary: "To the host, forwarded, or sent by a local process: which hooks and tables each packet crosses.",
    watch:
      "Which hooks light up for each packet. To the host: PREROUTING then INPUT. Forwarded: PREROUTING, FORWARD, POSTROUTING. From a local process: OUTPUT then POSTROUTING. Inside every hook the tables run in the same order: raw, mangle, nat, filter.",
    steps: [
      "Play packet 1, addressed to the router itself: PREROUTING, the routing decision says local, then INPUT. Its SYN-ACK answer (#1↩) starts at the local process and takes OUTPUT and POSTROUTING.",
      "Play packet 2, routed to the internet: PREROUTING, FORWARD, POSTROUTING. It never touches INPUT or OUTPUT.",
      "Play packet 3, sent by a process on the router: it starts at the output routing decision, then OUTPUT and POSTROUTING.",
      "Look at filter INPUT: only packet 1 entered it. A filter INPUT rule protects the router itself, never the traffic it forwards.",
    ],
  },
  "table-priority": {
    title: "Table order: raw > mangle > nat > filter",
    summary: "Each table has a job and a fixed place; each sees what the earlier ones did.",
    watch:
      "raw is for exempting packets from conntrack, mangle for marks and header fields, nat for rewriting addresses, filter for the verdict. Their order is fixed by priority: raw (−300), conntrack (−200), mangle (−150), nat DNAT (−100), filter (0). The trace of packet 1 follows exactly that order.",
    steps: [
      "Play packet 1 (to port 8080) through PREROUTING: raw logs it (conntrack has not run yet), mangle sets mark 0x1, nat REDIRECTs it to port 80.",
      "Look at filter INPUT: the packet arrives with port 80 and mark 0x1, the work of mangle and nat, which ran before filter.",
      "Play packet 2, sent straight to port 80: no table marked it, so the filter rule does not match and the policy DROP takes it.",
      "Change the filter rule to --dport 8080: now packet 1 is dropped too, because nat had already rewritten the port before filter saw it.",
    ],
  },
  "conntrack-states": {
    title: "conntrack states and the connection table",
    summary: "NEW, ESTABLISHED, RELATED, INVALID, one rule each, and conntrack -L read line by line.",
    watch:
      "FORWARD has one rule per state, so the rule number in each trace line names the state. In the conntrack -L tab each line is one connection: protocol, TCP state, the original tuple (src dst sport dport), the reply tuple the kernel expects, [UNREPLIED] until a reply is seen, [ASSURED] once the exchange is complete, and the connection mark.",
    steps: [
      "Play packet 1, the client's SYN: NEW, it passes rules 1-3 and matches rule 4.",
      "Play packet 2, the server's SYN-ACK: ESTABLISHED (rule 2). A reply was seen; for conntrack that is enough.",
      "Play packet 4, an ICMP port unreachable quoting the UDP flow of packet 3: RELATED (rule 3).",
      "Play packet 5, a SYN-ACK for a connection nobody opened: INVALID, dropped by rule 1. Then open conntrack -L: the TCP line is ESTABLISHED [ASSURED] after packet 6; the UDP line is still [UNREPLIED], since an ICMP error is not a reply.",
    ],
  },
  "stateful-firewall": {
    title: "A stateful host firewall",
    summary: "Policy DROP, answers allowed by state, only the services you offer opened.",
    watch:
      "One rule, -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT, admits every answer to traffic the host started itself; then you open only the services the host offers (here ssh and ping). The policy DROP catches everything else.",
    steps: [
      "Look at filter INPUT: policy DROP, then loopback, RELATED/ESTABLISHED, INVALID, new ssh, ping.",
      "Play packet 2: the DNS answer to the server's own query is accepted by rule 2, although no rule opens port 40000.",
      "Play packet 4: a connection to MySQL (3306) matches no rule; the policy drops it.",
      "Play packet 3 (ssh): rule 4 accepts it and the server's SYN-ACK leaves through OUTPUT.",
    ],
  },
  "ordering-mistake": {
    title: "The classic mistake: rule order",
    summary: "A DROP above the ESTABLISHED rule silently breaks every answer.",
    watch:
      "iptables reads a chain from the top and the first rule with a verdict wins. Here `-A INPUT -j DROP` was appended before the ESTABLISHED rule, so answers die although conntrack knows them. A catch-all DROP belongs at the end, or in the policy.",
    steps: [
      "Play packet 2: the DNS answer is ESTABLISHED, but rule 3 (-j DROP) matches first. Rule 4 is never reached.",
      "Play packet 4: the answer to the server's own ping dies the same way.",
      "Move the DROP below the ESTABLISHED rule: packets 2 and 4 are now accepted (by rule 3).",
      "Play packet 5: ssh worked all along, because its rule came before the DROP.",
    ],
  },
  "tcp-window-tracking": {
    title: "TCP window tracking: out of the window is INVALID",
    summary: "conntrack checks every TCP segment's sequence numbers; one far outside the window is INVALID.",
    watch:
      "With nf_conntrack_tcp_be_liberal=0, the kernel's default, conntrack follows the sequence numbers and windows both sides announce (tcp_in_window in nf_conntrack_proto_tcp.c). A segment outside the window is INVALID although its connection is ESTABLISHED, and the rule -m conntrack --ctstate INVALID -j DROP drops it. The conntrack step of its trace says it was the window.",
    steps: [
      "Play packet 2, the server's SYN-ACK: it acknowledges sequence number 1001 and offers a window of 4096 bytes. Conntrack records both for this connection.",
      "Play packet 4, the client's data at sequence number 1001, just where the server expects it: ESTABLISHED, forwarded.",
      "Play packet 5, data at sequence number 101006, about 100000 bytes beyond the window: conntrack calls it INVALID and filter FORWARD rule 1 drops it. The connection's entry stays ESTABLISHED [ASSURED] in conntrack -L.",
      "Set nf_conntrack_tcp_be_liberal=1 and packet 5 plays again: conntrack no longer checks the window, the packet is ESTABLISHED, rule 1 does not match and it is forwarded.",
    ],
  },
  "reject-vs-drop": {
    title: "REJECT versus DROP",
    summary: "What the sender sees: silence, a reset, or an ICMP error.",
    watch:
      "DROP discards the packet and says nothing: the client retransmits until it times out. REJECT discards it too, but the host answers. The answer is a new packet made by the kernel (#n↩): it starts at the output routing decision and goes through OUTPUT and POSTROUTING.",
    steps: [
      "Play packet 1 (port 23): dropped; nothing goes back. The client keeps resending its SYN for a long time.",
      "Play packet 2 (port 25): REJECT --reject-with tcp-reset sends a RST; the client's connect() fails at once with 'connection refused'.",
      "Play packet 3 (UDP 161): REJECT's default answer, an ICMP port unreachable.",
      "Play packet 4, to a closed port with no rule: the host's own stack sends the same RST. tcp-reset makes a port look closed; DROP makes it look absent.",
    ],
  },
  "notrack-raw": {
    title: "NOTRACK in raw: no conntrack, no NAT",
    summary: "iptables -t raw -A PREROUTING -d A.B.C.D -p tcp --dport 80 -j NOTRACK, and what it costs.",
    watch:
      "raw runs before conntrack. NOTRACK there makes the packet UNTRACKED: no connection entry, and therefore no NAT at all, since NAT is stored in the connection. conntrack -L lists only the tracked connection. NOTRACK saves table entries on busy servers, at the price of NAT and stateful rules.",
    steps: [
      "Play packet 1: raw PREROUTING's NOTRACK matches; conntrack says UNTRACKED and nat PREROUTING is skipped, so the DNAT rule for port 80 never runs. filter INPUT accepts it by --ctstate UNTRACKED and the router's own web server answers.",
      "Play packet 2 (port 8080): tracked, NEW, DNATed to 192.168.1.10:80 and forwarded.",
      "Look at raw OUTPUT: the answer to packet 1 is NOTRACKed too. Without this rule it would be the first packet of an unknown connection: INVALID.",
      "Delete the NOTRACK rule in raw PREROUTING: packet 1 is tracked and DNATed to the LAN server, like packet 2.",
    ],
  },
  "home-router-nat": {
    title: "A home router: MASQUERADE and SNAT",
    summary: "The LAN shares one public address; replies are un-NATed without any rule.",
    watch:
      "Only the first packet of a connection goes through the nat chains; the decision is stored in the connection. In conntrack -L the reply tuple has dst=203.0.113.1: that is how the answers are recognised and translated back, in PREROUTING, before FORWARD sees them.",
    steps: [
      "Play packet 1 from the LAN: FORWARD allows it, then nat POSTROUTING rule 1 (MASQUERADE) rewrites the source to 203.0.113.1, eth0's address. Port 50000 is kept because it is free.",
      "Play packet 2, the server's answer to 203.0.113.1:50000: no nat rule runs; conntrack rewrites the destination back to 192.168.1.10, so FORWARD sees the LAN address.",
      "Play packets 3 and 4: the guest network's DNS query is SNATed to the fixed address by rule 2, and its answer un-NATed the same way.",
      "Replace MASQUERADE with SNAT --to-source 203.0.113.1: the result is the same. MASQUERADE reads the interface's address for each new connection (for addresses that change); SNAT uses a fixed one.",
    ],
  },
  "conntrack-timeouts": {
    title: "Conntrack forgets: timeouts",
    summary: "A quiet UDP flow's entry expires, and its NAT binding goes with it.",
    watch:
      "Every conntrack entry lives only until its timeout runs out. For UDP the timeouts are nf_conntrack_udp_timeout and nf_conntrack_udp_timeout_stream (30 s and 120 s by default on this kernel); this scenario sets both to 3 s through its sysctls, and moves the clock between packets: packet 2 comes 2 s after packet 1, packet 3 5 s after packet 2. When the entry goes, everything it held goes with it: the state, and the NAT binding.",
    steps: [
      "Play packet 1, a DNS query from 192.168.1.10: NEW, FORWARD rule 2 accepts it and MASQUERADE rewrites its source to 203.0.113.1. The binding 192.168.1.10:40000 ↔ 203.0.113.1:40000 is kept in the conntrack entry.",
      "Play packet 2, the answer 2 s later, within the 3 s timeout: the entry translates it back to 192.168.1.10 without any nat rule, and FORWARD rule 1 (ESTABLISHED) lets it through.",
      "Play packet 3, the same answer 5 s later: the entry has expired, and the binding with it. The packet is NEW, nat PREROUTING sees it, and it is addressed to 203.0.113.1, the router itself: it goes to INPUT, no socket listens on port 40000, and the router answers ICMP port unreachable. 192.168.1.10 never sees it.",
      "Open conntrack -L: the query's entry is gone. The only line is packet 3's own entry, from 198.51.100.53 to 203.0.113.1, [UNREPLIED].",
    ],
  },
  "port-forward-dnat": {
    title: "A port forward with DNAT",
    summary: "Public port 8080 to a LAN server's port 80, and where filter sees the change.",
    watch:
      "DNAT in nat PREROUTING runs before the routing decision, so the packet is routed to the LAN, through FORWARD, not INPUT. Every later table sees the new address and port. The answer is translated back on its way out: the client only ever sees 203.0.113.1:8080.",
    steps: [
      "Play packet 1: nat PREROUTING rewrites 203.0.113.1:8080 to 192.168.1.10:80; the routing decision then says forward.",
      "Look at filter FORWARD: rule 3 allows --dport 80 to 192.168.1.10, the translated destination.",
      "Play packet 2, the server's SYN-ACK: its source is rewritten back to 203.0.113.1:8080. MASQUERADE does not run: it is a reply.",
      "Change rule 3 to --dport 8080, the public port: packet 1 no longer matches and the FORWARD policy drops it.",
    ],
  },
  "docker-published-port": {
    title: "Docker: published ports skip INPUT",
    summary: "Why INPUT rules (and ufw) do not protect docker run -p, and what DOCKER-USER is for.",
    watch:
      "Docker DNATs published ports in nat PREROUTING, before the routing decision. The packet is then for the container, so it is forwarded: it goes through FORWARD and never reaches filter INPUT, where ufw and most host firewalls put their rules. Rules for containers belong in DOCKER-USER, which FORWARD runs first and Docker never rewrites.",
    steps: [
      "Play packet 1 (to port 8080): DOCKER DNATs it to 172.17.0.2:80, the routing decision says forward, and FORWARD → DOCKER accepts it.",
      "Look at filter INPUT: the admin's DROP for port 8080 is there, and no packet ever reaches it.",
      "Play packet 2: the container's SYN-ACK is un-NATed to 10.0.0.1:8080 on its way out.",
      "Add a DROP to DOCKER-USER: packet 1 is dropped now. The rule matches port 80, the container's port: DOCKER-USER sees the packet after DNAT.",
    ],
  },
  "kube-clusterip": {
    title: "Kubernetes: a ClusterIP service",
    summary: "KUBE-SERVICES → KUBE-SVC-* → KUBE-SEP-*, and the masquerade mark 0x4000.",
    watch:
      "A ClusterIP is only a DNAT rule. kube-proxy (iptables mode) matches the ClusterIP and port in KUBE-SERVICES, picks an endpoint in KUBE-SVC-*, and DNATs in KUBE-SEP-*. Traffic that must be masqueraded gets mark 0x4000 (KUBE-MARK-MASQ); KUBE-POSTROUTING MASQUERADEs only marked packets.",
    steps: [
      "Play packet 1 from a pod: nat PREROUTING → KUBE-SERVICES → KUBE-SVC-WEB → KUBE-SEP-WEB1, DNAT to 10.244.1.5:8080. It leaves eth0 with the pod's own source: no mark, no masquerade.",
      "Play packet 2, the endpoint's answer: un-DNATed, the pod sees 10.96.0.10:80 answering.",
      "Play packet 3 from a process on the node: it goes through nat OUTPUT. Its source is outside the pod range, so KUBE-SVC-WEB rule 1 jumps to KUBE-MARK-MASQ, and KUBE-POSTROUTING MASQUERADEs it.",
      "Look at KUBE-SVC-WEB: with n endpoints it has one rule per endpoint with -m statistic --mode random --probability 1/n (the last rule takes the rest). This lesson has one endpoint, so the path is always the same.",
    ],
  },
  "kube-nodeport": {
    title: "Kubernetes: a NodePort",
    summary: "From outside to a pod through KUBE-NODEPORTS, KUBE-EXT-*, the mark and MASQUERADE.",
    watch:
      "A NodePort is matched by the last rule of KUBE-SERVICES (-m addrtype --dst-type LOCAL), so it works on every node address. External traffic is always marked for masquerade: the pod's answer must come back through this node to be un-NATed.",
    steps: [
      "Play packet 1: KUBE-SERVICES has no rule for 10.0.0.10:30080, so its last rule jumps to KUBE-NODEPORTS → KUBE-EXT-WEB, which marks it 0x4000 and continues to KUBE-SVC-WEB and the DNAT.",
      "Look at KUBE-FORWARD: the DNATed packet is forwarded and accepted because of the mark, not by any port rule.",
      "Look at KUBE-POSTROUTING: the mark is cleared and the packet MASQUERADEd to 10.244.0.1, so the pod answers to this node.",
      "Play packet 2, the pod's answer: both translations are undone and the client sees 10.0.0.10:30080 answering.",
    ],
  },
  "kube-ping-clusterip": {
    title: '"I can\'t ping my service IP"',
    summary: "Why a ClusterIP does not answer ping, while the service works.",
    watch:
      "kube-proxy in iptables mode DNATs only the service's protocol and port. A ClusterIP is on no interface and no host owns it, so an ICMP echo to it matches no rule and is routed like any unknown address: out to the default gateway, where nobody answers.",
    steps: [
      "Play packet 1, ping to 10.96.0.10: KUBE-SERVICES only matches tcp port 80, so nothing DNATs it; the routing decision forwards it to the default gateway. No answer: ping times out.",
      "Play packet 2, ping to the pod IP: routed to the other node, it works.",
      "Play packet 3, tcp to 10.96.0.10:80: DNATed as usual. The service works for its port; to test it, use curl or nc, not ping.",
      "In IPVS mode kube-proxy puts ClusterIPs on a dummy interface (kube-ipvs0), so there the node itself answers a ping. In iptables mode, as here, it does not.",
    ],
  },
  "accept-is-not-the-end": {
    title: "accept is not the end",
    summary: "iptables accepts SSH, a firewalld-like nftables chain on the same hook drops it.",
    watch:
      "INPUT has two base chains here: iptables' filter at priority 0, and the native inet fw input at filter + 10 (teal). They run in priority order, and an accept ends only its own base chain: the packet goes on to the next one, which can still drop it. A drop ends the packet at once. Which rule dropped my packet? Not one iptables -L shows.",
    steps: [
      "Play packet 1, SSH: filter INPUT rule 2 ACCEPTs it, then inet fw input (priority 10) has no rule for port 22 and its policy drops it.",
      "Play packet 2, HTTP: filter INPUT rule 3 accepts it, inet fw input rule 2 accepts it too, and it reaches the web server. Both chains had to agree.",
      "Open the Ruleset tab and switch to nftables: the native table, as nft list ruleset prints it. Adding tcp dport 22 accept there lets SSH in; no iptables rule can.",
    ],
  },
  "firewalld-and-docker": {
    title: "firewalld and Docker on one host",
    summary: "Docker publishes a port and accepts it; firewalld's own forward chain still rejects it.",
    watch:
      "FORWARD has two base chains: Docker's iptables-nft filter FORWARD at priority 0, and firewalld's inet firewalld filter_FORWARD at filter + 10. Docker's DNAT and its DOCKER chain accept the published port, but an accept ends only Docker's chain: firewalld's chain runs next and rejects new connections that do not come from docker0. Both chains must accept.",
    steps: [
      "Play packet 1, a client's SYN to the published port 8080: nat DOCKER DNATs it to 172.17.0.2:80, filter DOCKER rule 1 ACCEPTs it, then inet firewalld filter_FORWARD rule 4 rejects it. The client gets ICMP admin-prohibited (type 3 code 13).",
      "Play packet 2, the container's own SYN to the internet: Docker's FORWARD rule 4 accepts it, firewalld's rule 3 (iifname docker0) accepts it too, and nat POSTROUTING masquerades it to 10.0.0.1.",
      "Play packet 3, the answer: ESTABLISHED in both chains, un-masqueraded back to the container.",
      "The fix, as firewalld does it for published ports: accept connections that were DNATed (ct status dnat accept) in its forward chain. Packet 1 now reaches the container.",
    ],
  },
  "kube-proxy-nftables": {
    title: "kube-proxy's nftables mode",
    summary: "A ClusterIP in table ip kube-proxy: a verdict map, a service chain, numgen, an endpoint's DNAT.",
    watch:
      "No KUBE-SERVICES list to walk: nat-prerouting jumps to services, where one verdict map lookup (ClusterIP . protocol . port) goes straight to the service's chain, however many services there are. The service chain picks an endpoint with numgen and a verdict map; the endpoint chain DNATs. kube-proxy writes numgen random mod N; this lesson uses numgen inc mod 2 so the kernel's choice is repeatable.",
    steps: [
      "Play packet 1, a pod's SYN to 10.96.0.10:80: services rule 1 looks it up in @service-ips and goes to the service chain; its rule 1 marks for masquerade only sources outside 10.244.0.0/16, so not this pod; rule 2, numgen gives 0: the endpoint chain DNATs to 10.244.2.7:8080. In POSTROUTING, masquerading sees no 0x4000 mark and returns: the pod's address stays.",
      "Play packet 2, a second connection: numgen gives 1 this time, the other endpoint chain DNATs to 10.244.1.6:8080.",
      "Play packet 3, the first endpoint's SYN-ACK: no nat chain runs; conntrack alone turns its source back into 10.96.0.10:80.",
      "Play packet 4, the ClusterIP on port 443, a port the service does not have: no element of @service-ips matches, and filter-forward's cluster-ips-check rejects it (rule 1): the pod gets ICMP port unreachable at once. kube-proxy's iptables mode has no such rule.",
    ],
  },
  "nftables-home-router": {
    title: "An nftables home router",
    summary: "A whole router in two nftables tables: inet filter and ip nat masquerade, no iptables at all.",
    watch:
      "Only native chains here: inet filter's input, forward and output at priority filter, and ip nat's postrouting at srcnat. Nothing exists unless the ruleset declares it: no empty raw or mangle tables run. The policies drop; ct state established,related accept lets answers back in, and masquerade rewrites what leaves eth0.",
    steps: [
      "Play packet 1, a LAN client's SYN to the internet: forward rule 3 (iifname eth1 oifname eth0) accepts it, and nat postrouting masquerades it to 203.0.113.2, the address of eth0.",
      "Play packet 2, the server's answer: conntrack un-masquerades it to 192.168.1.10 in PREROUTING, before the routing decision, with no nat rule of its own; forward rule 1 accepts it as established and it leaves on eth1.",
      "Play packet 3, an unsolicited SSH SYN from the internet to the router: no input rule matches, so the input policy drops it. Silently: no answer goes back.",
      "Open SSH from the internet: add tcp dport 22 accept to the input chain (rule 6). Packet 3 is accepted and the router's SSH server answers SYN-ACK.",
    ],
  },
  "stateful-firewall-nft": {
    title: "The same firewall in nft",
    summary: "The stateful host firewall again, written in nftables: same rules, same verdicts, rule for rule.",
    watch:
      'Read it beside the lesson "A stateful host firewall". -i lo -j ACCEPT is iifname "lo" accept; -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT is ct state established,related accept; -p tcp --dport 22 with --ctstate NEW is tcp dport 22 ct state new accept; --icmp-type 8 is icmp type echo-request; :INPUT DROP is policy drop. iptables-restore-translate prints the same rules, each with a counter. A native table ip filter is the very table iptables-nft writes, so the trace names the same rules: filter:INPUT:rule:2.',
    steps: [
      "Play packet 2, the DNS answer: INPUT rule 2 (ct state established,related accept) accepts it, as in the iptables lesson.",
      "Play packet 4, MySQL: no rule matches, policy drop. Same fate, same place.",
      "Play packet 3, ssh: rule 4 accepts it and the SYN-ACK leaves through OUTPUT.",
      "One difference: the iptables lesson's packets also cross empty raw, mangle and nat chains, because iptables-save declares those tables. nft creates only what the ruleset declares: here one table, three chains.",
    ],
  },
};
