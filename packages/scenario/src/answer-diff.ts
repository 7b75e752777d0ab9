import type { Answer, AnswerEgress, AnswerPacket } from "./answer-json";

/** The ICMP details of an egress, in a fixed order; only those `kernel` recorded, when given. */
function icmpFields(eg: AnswerEgress, kernel?: AnswerEgress | null) {
  const keep = (k: "icmp_id" | "icmp_seq" | "inner") => eg[k] !== undefined && (!kernel || kernel[k] !== undefined);
  return {
    ...(keep("icmp_id") ? { icmp_id: eg.icmp_id } : {}),
    ...(keep("icmp_seq") ? { icmp_seq: eg.icmp_seq } : {}),
    ...(keep("inner") ? { inner: eg.inner } : {}),
  };
}

/**
 * The fields a conformance comparison looks at, as the kernel recorded them. Given the kernel's own entry, the
 * engine's ICMP details (echo id and sequence, an error's quoted header) are compared only where the kernel's
 * recording has them: goldens recorded before the recorder kept them still compare on the rest.
 */
export function comparable(p: AnswerPacket & { after_packet?: number }, kernel?: AnswerPacket) {
  const eg = p.egress;
  const egress = eg
    ? {
        dev: eg.dev,
        header: eg.header,
        ...(eg.flags ? { flags: eg.flags } : {}),
        ...icmpFields(eg, kernel === undefined ? undefined : kernel.egress),
      }
    : null;
  return {
    trace: p.trace,
    headers: p.headers,
    fate: p.fate,
    egress,
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
      const e = es[i]
        ? comparable(es[i]!, ks[i] ?? { trace: [], headers: [], fate: "dropped", egress: null })
        : undefined;
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
