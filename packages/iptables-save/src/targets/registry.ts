import type { TargetModule } from "../modules";
import { acceptTarget, dropTarget, notrackTarget, rejectTarget, returnTarget, traceTarget } from "./basic";
import { logTarget, nflogTarget } from "./log";
import { ctTarget, dscpTarget, tosTarget, ttlTarget } from "./mangle";
import { connmarkTarget, markTarget } from "./mark";
import { dnatTarget, masqueradeTarget, redirectTarget, snatTarget } from "./nat";

/** Every target the model represents, by `-j` name. */
export const TARGET_MODULES: ReadonlyMap<string, TargetModule> = new Map(
  [
    acceptTarget,
    dropTarget,
    returnTarget,
    traceTarget,
    notrackTarget,
    rejectTarget,
    logTarget,
    nflogTarget,
    markTarget,
    connmarkTarget,
    dnatTarget,
    snatTarget,
    masqueradeTarget,
    redirectTarget,
    ctTarget,
    tosTarget,
    ttlTarget,
    dscpTarget,
  ].map((t) => [t.name, t]),
);

/**
 * Extension targets iptables ships that the model does not represent. They are kept as UnsupportedTarget;
 * any other all-caps name that is not a chain is only treated as one when it has options.
 */
export const KNOWN_EXTENSION_TARGETS: ReadonlySet<string> = new Set([
  "AUDIT",
  "CHECKSUM",
  "CLASSIFY",
  "CLUSTERIP",
  "CONNSECMARK",
  "ECN",
  "HL",
  "HMARK",
  "IDLETIMER",
  "LED",
  "NETMAP",
  "NFQUEUE",
  "QUEUE",
  "RATEEST",
  "SECMARK",
  "SET",
  "SYNPROXY",
  "TCPMSS",
  "TCPOPTSTRIP",
  "TEE",
  "TPROXY",
  "ULOG",
  "SAME",
  "MIRROR",
  "IPMARK",
  "DELUDE",
  "TARPIT",
  "CHAOS",
  "LOGMARK",
  "SYSRQ",
]);
