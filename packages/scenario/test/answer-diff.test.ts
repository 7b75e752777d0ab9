import { describe, expect, it } from "vitest";
import { type Answer, type AnswerPacket, answerDifferences } from "../src/index";

const reply = (egress: Partial<NonNullable<AnswerPacket["egress"]>>): Answer => ({
  packets: [
    {
      trace: ["raw:OUTPUT:policy:ACCEPT"],
      headers: ["icmp 10.0.0.1 > 10.0.0.2 type 0 code 0"],
      fate: "sent",
      egress: { dev: "eth0", header: "icmp 10.0.0.1 > 10.0.0.2 type 0 code 0", ttl: 64, tos: 0, ...egress },
    },
  ],
  responses: [],
  conntrack: [],
});

describe("answerDifferences and the ICMP details of an egress", () => {
  it("compares the echo id and sequence and an error's quoted header where the kernel recorded them", () => {
    expect(answerDifferences(reply({ icmp_id: 7, icmp_seq: 1 }), reply({ icmp_id: 7, icmp_seq: 1 }))).toEqual([]);
    const seq = answerDifferences(reply({ icmp_id: 7, icmp_seq: 1 }), reply({ icmp_id: 7, icmp_seq: 2 }));
    expect(seq.join("\n")).toContain('"icmp_seq":2');
    const inner = answerDifferences(
      reply({ inner: "udp 192.168.1.10:5000 > 198.51.100.20:33434" }),
      reply({ inner: "udp 10.0.0.1:5000 > 198.51.100.20:33434" }),
    );
    expect(inner).toHaveLength(1);
  });

  it("leaves them out where a golden recorded before the recorder kept them has none", () => {
    expect(
      answerDifferences(reply({}), reply({ icmp_id: 7, icmp_seq: 1, inner: "udp 1.2.3.4:1 > 5.6.7.8:2" })),
    ).toEqual([]);
  });

  it("still says when the engine lacks a detail the kernel recorded", () => {
    expect(answerDifferences(reply({ icmp_id: 7, icmp_seq: 1 }), reply({}))).toHaveLength(1);
  });
});
