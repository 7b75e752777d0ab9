import type { ScenarioPacket } from "@nfx/scenario";
import type { Strings } from "../i18n";

interface Preset {
  readonly id: string;
  /** The label, in the reader's language. */
  readonly label: (t: Strings) => string;
  readonly packet: ScenarioPacket;
}

/** Quick packets for the default router; they still work (or show why not) on any scenario. */
export const PRESETS: readonly Preset[] = [
  {
    id: "syn",
    label: (t) => t.composer.presetSyn,
    packet: {
      from: "eth0",
      proto: "tcp",
      src: "198.51.100.20",
      sport: 40100,
      dst: "203.0.113.1",
      dport: 22,
      flags: "S",
    },
  },
  {
    id: "reply",
    label: (t) => t.composer.presetReply,
    packet: {
      from: "eth0",
      proto: "tcp",
      src: "198.51.100.80",
      sport: 443,
      dst: "203.0.113.1",
      dport: 50000,
      flags: "SA",
      ack: "auto",
    },
  },
  {
    id: "ping",
    label: (t) => t.composer.presetPing,
    packet: { from: "eth1", proto: "icmp", src: "192.168.1.10", dst: "192.168.1.1", type: 8, code: 0 },
  },
  {
    id: "forward",
    label: (t) => t.composer.presetForward,
    packet: { from: "eth1", proto: "udp", src: "192.168.1.11", sport: 5353, dst: "198.51.100.53", dport: 53 },
  },
  {
    id: "portfwd",
    label: (t) => t.composer.presetPortForward,
    packet: {
      from: "eth0",
      proto: "tcp",
      src: "198.51.100.30",
      sport: 41000,
      dst: "203.0.113.1",
      dport: 8080,
      flags: "S",
    },
  },
];
