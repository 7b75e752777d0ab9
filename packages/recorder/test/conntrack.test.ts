import { describe, expect, it } from "vitest";
import { normaliseConntrack, normaliseConntrackLine } from "../src/conntrack";
import { fixture } from "./fixtures";

describe("conntrack -L normalisation", () => {
  it("drops the protocol number, the timeout and use=", () => {
    expect(
      normaliseConntrackLine(
        "tcp      6 58 SYN_RECV src=10.0.0.2 dst=10.0.0.1 sport=40001 dport=22 src=10.0.0.1 dst=10.0.0.2 sport=22 dport=40001 mark=0 use=3",
      ),
    ).toBe(
      "tcp SYN_RECV src=10.0.0.2 dst=10.0.0.1 sport=40001 dport=22 src=10.0.0.1 dst=10.0.0.2 sport=22 dport=40001 mark=0",
    );
  });

  it("keeps ICMP ids and flags, skips the summary line, sorts", () => {
    expect(normaliseConntrack(fixture("conntrack-L.txt"))).toEqual([
      "icmp src=127.0.0.1 dst=127.0.0.1 type=8 code=0 id=1 src=127.0.0.1 dst=127.0.0.1 type=0 code=0 id=1 mark=0",
      "udp src=127.0.0.1 dst=127.0.0.1 sport=40000 dport=5000 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 sport=5000 dport=40000 mark=0",
    ]);
  });
});
