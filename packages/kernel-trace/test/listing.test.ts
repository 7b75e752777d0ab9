import { describe, expect, it } from "vitest";
import { listIptablesSave, listNft } from "../src/index";

describe("listNft", () => {
  it("numbers each chain's rules, joining a rule nft wrapped over lines, skipping sets, maps and declarations", () => {
    const text = `table inet fw { # handle 7
\tset blocked { # handle 2
\t\ttype ipv4_addr
\t\tflags interval
\t\telements = { 192.0.2.0/24,
\t\t\t     198.51.100.0/24 }
\t}

\tchain input { # handle 1
\t\ttype filter hook input priority filter; policy drop;
\t\tcomment "the host's own"
\t\tip saddr @blocked counter packets 3 bytes 180 drop # handle 4
\t\ttcp dport { 22, 80,
\t\t\t     443 } accept # handle 5
\t\tiifname "lo" accept # handle 6
\t}

\tchain empty { # handle 3
\t}
}
table ip nat { # handle 9
\tchain POSTROUTING { # handle 1
\t\ttype nat hook postrouting priority srcnat; policy accept;
\t\tmasquerade # handle 2
\t}
}
`;
    const l = listNft(text);
    expect(l.get("inet fw")?.get("input")).toEqual([
      { position: 1, handle: 4, text: "ip saddr @blocked drop" },
      { position: 2, handle: 5, text: "tcp dport { 22, 80, 443 } accept" },
      { position: 3, handle: 6, text: 'iifname "lo" accept' },
    ]);
    expect(l.get("inet fw")?.get("empty")).toEqual([]);
    expect([...(l.get("inet fw")?.keys() ?? [])]).toEqual(["input", "empty"]);
    expect(l.get("nat")?.get("POSTROUTING")).toEqual([{ position: 1, handle: 2, text: "masquerade" }]);
  });
});

describe("listIptablesSave", () => {
  it("numbers the -A lines per table and chain, counters left out, declared empty chains known", () => {
    const l = listIptablesSave(
      "*filter\n:INPUT DROP [0:0]\n:LOG_DROP - [0:0]\n[3:180] -A INPUT -p tcp -j ACCEPT\n-A INPUT -j LOG_DROP\nCOMMIT\n",
    );
    expect(l.get("filter")?.get("INPUT")).toEqual([
      { position: 1, text: "-A INPUT -p tcp -j ACCEPT" },
      { position: 2, text: "-A INPUT -j LOG_DROP" },
    ]);
    expect(l.get("filter")?.get("LOG_DROP")).toEqual([]);
  });
});
