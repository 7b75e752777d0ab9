import type { EcnMatch } from "@nfx/model";
import { opt } from "../format/option";
import { type MatchModule, missing } from "../modules";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const TCP = 6;

export const ecnModule: MatchModule<EcnMatch> = {
  name: "ecn",
  options: ["--ecn-tcp-cwr", "--ecn-tcp-ece", "--ecn-ip-ect"],
  create: () => {
    const m: Mutable<EcnMatch> = { module: "ecn" };
    return {
      parse(option, invert, cur) {
        const key = option === "--ecn-tcp-cwr" ? "cwr" : option === "--ecn-tcp-ece" ? "ece" : "ipEct";
        if (m[key]) throw cur.error("duplicate-option", `ecn: option "${option}" can only be used once.`);
        if (key !== "ipEct") {
          m[key] = { value: true, invert };
          return;
        }
        const text = cur.value(option);
        const value = /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : Number.NaN;
        if (!(value >= 0 && value <= 3))
          throw cur.error("bad-value", `ecn: bad value for option "${option}", or out of range (0-3).`);
        m.ipEct = { value, invert };
      },
      finish(ctx, cur): EcnMatch {
        if (!m.ece && !m.cwr && !m.ipEct) throw missing("ECN match", "some option required", cur);
        if ((m.ece || m.cwr) && (ctx.proto !== TCP || ctx.protoInvert))
          throw cur.error(
            "proto-required",
            "RULE_APPEND failed (Invalid argument)",
            "the kernel's ecn match reads --ecn-tcp-ece and --ecn-tcp-cwr from the TCP header, so it needs -p tcp",
          );
        return m;
      },
    };
  },
  print(m) {
    // libxt_ecn.c ecn_save: ECE, CWR, then the IP field, whatever order they were written in.
    const flag = (name: string, n: { invert: boolean } | undefined) => (n ? `${n.invert ? " !" : ""} ${name}` : "");
    return ` -m ecn${flag("--ecn-tcp-ece", m.ece)}${flag("--ecn-tcp-cwr", m.cwr)}${opt("--ecn-ip-ect", m.ipEct, String)}`;
  },
};
