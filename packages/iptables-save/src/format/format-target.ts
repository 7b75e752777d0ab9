import { formatIpv4, type NatPortRange, type NatRange, type Target } from "@nfx/model";
import { formatNatPorts, hex, hex2 } from "../numbers";
import { quoteArg, saveString } from "./quote";

function natRange(r: NatRange): string {
  let out = "";
  if (r.addrFrom !== undefined) {
    out = formatIpv4(r.addrFrom);
    if (r.addrTo !== undefined && r.addrTo !== r.addrFrom) out += `-${formatIpv4(r.addrTo)}`;
  }
  if (r.ports) out += `:${formatNatPorts(r.ports)}`;
  return out;
}

function toPorts(ports: NatPortRange | undefined): string {
  return ports ? ` --to-ports ${formatNatPorts(ports)}` : "";
}

/** The `-j ...`/`-g ...` part of a rule as iptables-save prints it, with a leading space. */
export function formatTarget(t: Target): string {
  switch (t.kind) {
    case "jump":
      return ` -j ${t.chain}`;
    case "goto":
      return ` -g ${t.chain}`;
    case "REJECT":
      return ` -j REJECT --reject-with ${t.with}`;
    case "LOG": {
      const prefix = t.prefix !== undefined ? ` --log-prefix ${saveString(t.prefix)}` : "";
      const level = t.level !== undefined && t.level !== 4 ? ` --log-level ${t.level}` : "";
      return ` -j LOG${prefix}${level}${t.flags.map((f) => ` ${f}`).join("")}`;
    }
    case "NFLOG":
      return (
        ` -j NFLOG${t.prefix !== undefined ? ` --nflog-prefix ${saveString(t.prefix)}` : ""}` +
        `${t.group ? ` --nflog-group ${t.group}` : ""}${t.size !== undefined ? ` --nflog-size ${t.size}` : ""}` +
        `${t.threshold ? ` --nflog-threshold ${t.threshold}` : ""}`
      );
    case "MARK":
      return ` -j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case "CONNMARK":
      if (t.mode === "set") return ` -j CONNMARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
      return ` -j CONNMARK --${t.mode}-mark --nfmask ${hex(t.nfmask)} --ctmask ${hex(t.ctmask)}`;
    case "DNAT":
    case "SNAT":
      return (
        ` -j ${t.kind} --to-${t.kind === "DNAT" ? "destination" : "source"} ${natRange(t.to)}` +
        `${t.random ? " --random" : ""}${t.randomFully ? " --random-fully" : ""}${t.persistent ? " --persistent" : ""}`
      );
    case "MASQUERADE":
      return ` -j MASQUERADE${toPorts(t.ports)}${t.random ? " --random" : ""}${t.randomFully ? " --random-fully" : ""}`;
    case "REDIRECT":
      return ` -j REDIRECT${toPorts(t.ports)}${t.random ? " --random" : ""}`;
    case "CT":
      return (
        ` -j CT${t.notrack ? " --notrack" : ""}${t.extra.map((a) => ` ${quoteArg(a)}`).join("")}` +
        `${t.zone ? ` --zone ${t.zone}` : ""}`
      );
    case "TOS":
      return ` -j TOS --set-tos ${hex2(t.value)}/${hex2(t.mask)}`;
    case "TTL":
      return ` -j TTL --ttl-${t.op} ${t.value}`;
    case "DSCP":
      return ` -j DSCP --set-dscp ${hex2(t.dscp)}`;
    case "unsupported":
      return ` -j ${t.name}${t.args.map((a) => ` ${quoteArg(a)}`).join("")}`;
    default:
      return ` -j ${t.kind}`;
  }
}
