import type { LogTarget, NflogTarget } from "@nfx/model";
import { saveString } from "../format/quote";
import { noInvert, type TargetModule } from "../modules";
import { expectNumber } from "../numbers";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Syslog level names as `libxt_LOG.c` reads them. */
const LEVELS: Readonly<Record<string, number>> = {
  emerg: 0,
  panic: 0,
  alert: 1,
  crit: 2,
  error: 3,
  err: 3,
  warning: 4,
  warn: 4,
  notice: 5,
  info: 6,
  debug: 7,
};

/** The LOG flags in the order iptables-save prints them (their bit order). */
export const LOG_FLAGS = [
  "--log-tcp-sequence",
  "--log-tcp-options",
  "--log-ip-options",
  "--log-uid",
  "--log-macdecode",
] as const;

export const logTarget: TargetModule<LogTarget> = {
  name: "LOG",
  options: ["--log-prefix", "--log-level", ...LOG_FLAGS],
  create: () => {
    const t: Mutable<LogTarget> = { kind: "LOG", flags: [] };
    const flags = new Set<string>();
    return {
      parse(option, invert, cur) {
        noInvert("LOG", option, invert, cur);
        if (option === "--log-prefix") {
          const prefix = cur.value(option);
          if (prefix.length > 29) throw cur.error("bad-value", "Maximum prefix length 29 for --log-prefix");
          t.prefix = prefix;
        } else if (option === "--log-level") {
          const text = cur.value(option);
          t.level = LEVELS[text.toLowerCase()] ?? expectNumber(text, 0, 7, "log level", cur.column());
        } else {
          flags.add(option);
        }
      },
      finish(): LogTarget {
        if (flags.size > 0) t.flags = LOG_FLAGS.filter((f) => flags.has(f));
        return t;
      },
    };
  },
  print(t) {
    const prefix = t.prefix !== undefined ? ` --log-prefix ${saveString(t.prefix)}` : "";
    const level = t.level !== undefined && t.level !== 4 ? ` --log-level ${t.level}` : "";
    return ` -j LOG${prefix}${level}${t.flags.map((f) => ` ${f}`).join("")}`;
  },
};

export const nflogTarget: TargetModule<NflogTarget> = {
  name: "NFLOG",
  options: ["--nflog-group", "--nflog-prefix", "--nflog-range", "--nflog-size", "--nflog-threshold"],
  create: () => {
    const t: Mutable<NflogTarget> = { kind: "NFLOG" };
    return {
      parse(option, invert, cur) {
        noInvert("NFLOG", option, invert, cur);
        const text = cur.value(option);
        const column = cur.column();
        switch (option) {
          case "--nflog-group":
            t.group = expectNumber(text, 0, 65535, "--nflog-group", column);
            break;
          case "--nflog-prefix":
            // iptables-nft accepts any length and keeps what the nft log prefix holds: 127 characters.
            t.prefix = text.slice(0, 127);
            break;
          case "--nflog-range":
            t.range = expectNumber(text, 0, 0xffffffff, "--nflog-range", column);
            break;
          case "--nflog-size":
            t.size = expectNumber(text, 0, 0xffffffff, "--nflog-size", column);
            break;
          default:
            t.threshold = expectNumber(text, 0, 65535, "--nflog-threshold", column);
        }
      },
      finish: () => t,
    };
  },
  // iptables-save leaves out a group or threshold of 0 and never prints --nflog-range.
  print: (t) =>
    ` -j NFLOG${t.prefix !== undefined ? ` --nflog-prefix ${saveString(t.prefix)}` : ""}` +
    `${t.group ? ` --nflog-group ${t.group}` : ""}${t.size !== undefined ? ` --nflog-size ${t.size}` : ""}` +
    `${t.threshold ? ` --nflog-threshold ${t.threshold}` : ""}`,
};
