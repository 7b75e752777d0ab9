import type { TargetKind, TargetOf } from "@nfx/model";
import type { TargetModule } from "../modules";
import { acceptTarget, dropTarget, notrackTarget, rejectTarget, returnTarget, traceTarget } from "./basic";
import { logTarget, nflogTarget } from "./log";
import { ctTarget, dscpTarget, tosTarget, ttlTarget } from "./mangle";
import { connmarkTarget, markTarget } from "./mark";
import { dnatTarget, masqueradeTarget, redirectTarget, snatTarget } from "./nat";

/** The kinds `-j NAME` names by a module; `jump`, `goto` and `unsupported` are a chain's or an unknown name. */
export type ModuleTargetKind = Exclude<TargetKind, "jump" | "goto" | "unsupported">;

/** Every target the model represents, by kind: a kind missing here is a compile error. */
export const TARGET_MODULE_BY_KIND: { readonly [K in ModuleTargetKind]: TargetModule<TargetOf<K>> } = {
  ACCEPT: acceptTarget,
  DROP: dropTarget,
  RETURN: returnTarget,
  TRACE: traceTarget,
  NOTRACK: notrackTarget,
  REJECT: rejectTarget,
  LOG: logTarget,
  NFLOG: nflogTarget,
  MARK: markTarget,
  CONNMARK: connmarkTarget,
  DNAT: dnatTarget,
  SNAT: snatTarget,
  MASQUERADE: masqueradeTarget,
  REDIRECT: redirectTarget,
  CT: ctTarget,
  TOS: tosTarget,
  TTL: ttlTarget,
  DSCP: dscpTarget,
};

/** The same modules by `-j` name, for the parser. */
export const TARGET_MODULES: ReadonlyMap<string, TargetModule> = new Map(
  Object.values(TARGET_MODULE_BY_KIND).map((t: TargetModule) => [t.name, t]),
);

/** The `-j` names of the modelled targets, for a highlighter or a completion list. */
export const TARGET_NAMES: readonly string[] = [...TARGET_MODULES.keys()];

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
