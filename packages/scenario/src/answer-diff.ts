import type { Answer, AnswerPacket } from "./answer-json";

/** The fields a conformance comparison looks at, as the kernel recorded them. */
export function comparable(p: AnswerPacket & { after_packet?: number }) {
  const eg = p.egress;
  return {
    trace: p.trace,
    headers: p.headers,
    fate: p.fate,
    egress: eg ? { dev: eg.dev, header: eg.header, ...(eg.flags ? { flags: eg.flags } : {}) } : null,
    ...(p.after_packet === undefined ? {} : { after_packet: p.after_packet }),
  };
}

/** Lines describing where the engine differs from the kernel, kernel's line beside the engine's; empty when they agree. */
export function answerDifferences(kernel: Answer, engine: Answer): string[] {
  const out: string[] = [];
  const side = (what: string, k: unknown, e: unknown) => {
    out.push(`${what}\n  kernel: ${JSON.stringify(k)}\n  engine: ${JSON.stringify(e)}`);
  };
  const list = (what: string, ks: readonly AnswerPacket[], es: readonly AnswerPacket[]) => {
    const n = Math.max(ks.length, es.length);
    for (let i = 0; i < n; i++) {
      const k = ks[i] ? comparable(ks[i]!) : undefined;
      const e = es[i] ? comparable(es[i]!) : undefined;
      if (JSON.stringify(k) !== JSON.stringify(e)) side(`${what} ${i + 1}`, k, e);
    }
  };
  list("packet", kernel.packets, engine.packets);
  list("response", kernel.responses, engine.responses);
  const kc = [...kernel.conntrack].sort();
  const ec = [...engine.conntrack].sort();
  if (JSON.stringify(kc) !== JSON.stringify(ec)) side("conntrack", kc, ec);
  return out;
}
