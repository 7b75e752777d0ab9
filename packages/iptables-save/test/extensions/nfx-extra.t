# Not iptables' file: the project's own lines in the same format, for the kinds of rule issue 12 lists that
# 1.8.9's files do not test (open and empty ranges, NAT port syntax, -i +, icmp-type any, NFLOG, owner).
# Their truth is this machine's iptables 1.8.9 (nf_tables), recorded in machine.json like the others.
:INPUT
-p tcp --sport :;-p tcp -m tcp;OK
-p tcp ! --sport : -j ACCEPT;-p tcp -j ACCEPT;OK
-p tcp --sport 5:;-p tcp -m tcp --sport 5:65535;OK
-p tcp --sport :5;-p tcp -m tcp --sport 0:5;OK
-p tcp --dport 0:65535;-p tcp -m tcp;OK
-p tcp ! --dport 0:65535 -j ACCEPT;-p tcp -j ACCEPT;OK
-p tcp --sport 4:3;;FAIL
-p udp ! --dport : -j ACCEPT;-p udp -j ACCEPT;OK
-p tcp -m multiport --dports 5:;;FAIL
-p tcp -m multiport --dports 4:3;;FAIL
-m conntrack --ctorigsrcport 5:;-m conntrack --ctorigsrcport 5:65535;OK
-m conntrack --ctorigsrcport 4:3;=;OK
-m conntrack --ctproto 0;=;OK
-m conntrack ! --ctproto 0;=;OK
-m conntrack --ctexpire 5:;-m conntrack --ctexpire 5:4294967295;OK
-m conntrack --ctexpire :5;-m conntrack --ctexpire 0:5;OK
-m conntrack --ctexpire 5:5;-m conntrack --ctexpire 5;OK
-m conntrack --ctexpire 010;-m conntrack --ctexpire 8;OK
-m conntrack --ctstate NEW --ctdir REPLY ! --ctexpire 3;-m conntrack --ctstate NEW ! --ctexpire 3 --ctdir REPLY;OK
-m conntrack --ctexpire 20:10;=;OK
-i + -j ACCEPT;-j ACCEPT;OK
-i eth+ -j ACCEPT;=;OK
! -i + -j ACCEPT;=;OK
-m length --length 4:3;=;OK
-m length --length :;-m length --length 0:65535;OK
-m length ! --length 5:;-m length ! --length 5:65535;OK
-p icmp --icmp-type 255/0:255;-p icmp -m icmp --icmp-type any;OK
-p icmp --icmp-type 255;-p icmp -m icmp --icmp-type any;OK
-p icmp --icmp-type 8/0:255;-p icmp -m icmp --icmp-type 8;OK
-j NFLOG --nflog-threshold 0;-j NFLOG;OK
-j NFLOG --nflog-threshold 65536;;FAIL
-j NFLOG --nflog-group 3 --nflog-threshold 2 --nflog-size 4;-j NFLOG --nflog-group 3 --nflog-size 4 --nflog-threshold 2;OK
-j NFLOG --nflog-prefix xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx;-j NFLOG --nflog-prefix xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx;OK
-m addrtype --limit-iface-in;;FAIL
-m dscp --dscp 1 --dscp 2;;FAIL
:OUTPUT
-m owner --gid-owner 0-10 --suppl-groups;=;OK
-m owner ! --gid-owner 0-10 --suppl-groups;=;OK
-m owner --uid-owner 0 --suppl-groups;;FAIL
-m owner --uid-owner 5-;;FAIL
-m owner --uid-owner 10-5;;FAIL
*nat
:PREROUTING
-p tcp -j DNAT --to-destination 1.1.1.1:10-20/0x10;-p tcp -j DNAT --to-destination 1.1.1.1:10-20/16;OK
-p tcp -j DNAT --to-destination 1.1.1.1:010-20;-p tcp -j DNAT --to-destination 1.1.1.1:8-20;OK
-p tcp -j DNAT --to-destination 1.1.1.1:20-10;;FAIL
-p tcp -j DNAT --to-destination 1.1.1.1:10:20;;FAIL
-p tcp -j DNAT --to-destination 1.1.1.1:10-10/5;-p tcp -j DNAT --to-destination 1.1.1.1:10/5;OK
-p tcp -j DNAT --to-destination :10-20/5;=;OK
-p tcp -j DNAT --to-destination 1.1.1.1:-20;;FAIL
-p tcp -j DNAT --to-destination 1.1.1.1:10-;;FAIL
-p tcp -j REDIRECT --to-ports 10:20;;FAIL
-p tcp -j REDIRECT --to-ports 0x10-20;-p tcp -j REDIRECT --to-ports 16-20;OK
:POSTROUTING
-p tcp -j MASQUERADE --to-ports 10-20/5;-p tcp -j MASQUERADE --to-ports 10-20/0;OK
-p tcp -j SNAT --to-source 1.1.1.1:10-20/5;-p tcp -j SNAT --to-source 1.1.1.1:10-20/0;OK
