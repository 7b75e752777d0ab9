import { compileRuleset, HeaderSieve, interfaceBit, sieveMatch, skbFromSpec, walkMatch } from "@nfx/engine/internal";
import { parseRuleset } from "@nfx/iptables-save";
import { toPacketSpec, validateScenario } from "@nfx/scenario";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const IFACES = ["eth0", "eth1", "eth2"];
const index = new Map([["lo", 0], ...IFACES.map((name, i) => [name, i + 1] as const)]);

/** A small address space, so that random rules and packets often agree on some fields and not others. */
const addr = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([a, b]) => `10.0.${a}.${b}`);
const not = fc.constantFrom("", "! ");
const cidr = fc.tuple(not, addr, fc.constantFrom(0, 8, 16, 24, 30, 32)).map(([n, a, m]) => ({ n, text: `${a}/${m}` }));
const port = fc.integer({ min: 1, max: 6 });
const ports = fc.oneof(
  port.map(String),
  fc.tuple(port, port).map(([a, b]) => `${Math.min(a, b)}:${Math.max(a, b)}`),
);

const rule = fc
  .record({
    src: fc.option(cidr),
    dst: fc.option(cidr),
    in: fc.option(fc.tuple(not, fc.constantFrom("eth0", "eth1", "eth+"))),
    proto: fc.option(fc.tuple(not, fc.constantFrom("tcp", "udp", "icmp"))),
    sport: fc.option(fc.tuple(not, ports)),
    dport: fc.option(fc.tuple(not, ports)),
    mark: fc.boolean(),
  })
  .map((r) => {
    const parts = ["-A INPUT"];
    if (r.src) parts.push(`${r.src.n}-s ${r.src.text}`);
    if (r.dst) parts.push(`${r.dst.n}-d ${r.dst.text}`);
    if (r.in) parts.push(`${r.in[0]}-i ${r.in[1]}`);
    // Port tests need `-p tcp|udp` without `!`; other rules keep their random protocol.
    const portProto = (r.sport || r.dport) && (!r.proto || r.proto[0] || r.proto[1] === "icmp") ? "tcp" : null;
    if (portProto) parts.push(`-p ${portProto}`);
    else if (r.proto) parts.push(`${r.proto[0]}-p ${r.proto[1]}`);
    const p = portProto ?? r.proto?.[1];
    if ((r.sport || r.dport) && (p === "tcp" || p === "udp")) {
      parts.push(`-m ${p}`);
      if (r.sport) parts.push(`${r.sport[0]}--sport ${r.sport[1]}`);
      if (r.dport) parts.push(`${r.dport[0]}--dport ${r.dport[1]}`);
    }
    if (r.mark) parts.push("-m mark --mark 0x1");
    parts.push("-j ACCEPT");
    return parts.join(" ");
  });

const packet = fc.record({
  from: fc.constantFrom(...IFACES),
  proto: fc.constantFrom("tcp", "udp", "icmp"),
  src: addr,
  dst: addr,
  sport: port,
  dport: port,
  mark: fc.constantFrom(0, 1),
});

describe("a long chain's header sieve finds the rule the rule-by-rule walk finds", () => {
  it("for random chains of 130-300 rules and random packets, from any starting rule", () => {
    fc.assert(
      fc.property(
        fc.array(rule, { minLength: 130, maxLength: 300 }),
        fc.array(fc.tuple(packet, fc.nat()), { minLength: 1, maxLength: 20 }),
        (rules, packets) => {
          const parsed = parseRuleset(`*filter\n:INPUT ACCEPT [0:0]\n${rules.join("\n")}\nCOMMIT\n`);
          expect(parsed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
          const chain = compileRuleset(parsed.ruleset, index).base("filter", "INPUT")!;
          const sieve = new HeaderSieve(chain.layout);
          const env = {} as Parameters<typeof walkMatch>[3];
          for (const [p, at] of packets) {
            const skb = skbOf(p);
            const start = at % chain.n;
            const inBit = interfaceBit(index, p.from);
            const outBit = interfaceBit(index, null);
            let i = start;
            // Every match from `start` on, in order, as a chain walked after CONTINUE rules would find them.
            for (;;) {
              const expected = walkMatch(chain, i, skb, env, inBit, outBit);
              expect(sieveMatch(sieve, chain, i, skb, env, inBit, outBit)).toBe(expected);
              if (expected >= chain.n) break;
              i = expected + 1;
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("asked in turn for packets that differ in one field, from any starting rule", () => {
    // The sieve keeps the candidates of the last packet it was asked about: each answer must be the new packet's.
    const field = fc.constantFrom("from", "proto", "src", "dst", "sport", "dport");
    fc.assert(
      fc.property(
        fc.array(rule, { minLength: 400, maxLength: 800 }),
        packet,
        fc.array(fc.tuple(field, packet), { minLength: 1, maxLength: 3 }),
        // Mostly from the first rule, so that packets meet the sieve at the same place often.
        fc.array(fc.tuple(fc.nat(3), fc.oneof(fc.constant(0), fc.nat())), { minLength: 2, maxLength: 30 }),
        (rules, first, changes, asks) => {
          const parsed = parseRuleset(`*filter\n:INPUT ACCEPT [0:0]\n${rules.join("\n")}\nCOMMIT\n`);
          const chain = compileRuleset(parsed.ruleset, index).base("filter", "INPUT")!;
          const sieve = new HeaderSieve(chain.layout);
          const env = {} as Parameters<typeof walkMatch>[3];
          const pool = [first, ...changes.map(([f, other]) => ({ ...first, [f]: other[f] }))].map(skbOf);
          for (const [which, at] of asks) {
            const skb = pool[which % pool.length]!;
            const start = at % chain.n;
            const inBit = interfaceBit(index, skb.inIface);
            const outBit = interfaceBit(index, null);
            expect(sieveMatch(sieve, chain, start, skb, env, inBit, outBit)).toBe(
              walkMatch(chain, start, skb, env, inBit, outBit),
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** The packet as the engine sees it arrive on its interface. */
function skbOf(p: typeof packet extends fc.Arbitrary<infer P> ? P : never) {
  const { mark, ...json } = p;
  const v = validateScenario({
    host: { interfaces: IFACES.map((name, i) => ({ name, addr: `10.9.${i}.1/24` })) },
    ruleset: "",
    packets: [{ ...json, mark, ...(json.proto === "icmp" ? { sport: undefined, dport: undefined, type: 8 } : {}) }],
  });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const skb = skbFromSpec(toPacketSpec(v.value.packets[0]!), 0);
  skb.inIface = p.from;
  return skb;
}
