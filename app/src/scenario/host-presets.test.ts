import { describe, expect, it } from "vitest";
import { en } from "../i18n/en";
import { hostPresets } from "./host-presets";

describe("hostPresets of a captured host", () => {
  const host = {
    interfaces: [
      { name: "enp3s0", addr: "85.214.10.1/24" },
      { name: "br-lan", addr: "192.168.7.1/24" },
    ],
    routes: [],
    ip_forward: true,
    listen: [{ proto: "tcp" as const, port: 8443 }],
    conntrack: "auto" as const,
  };

  it("sends into each interface from a neighbour on its subnet, to a port the host listens on", () => {
    const p = hostPresets(host);
    expect(p.map((x) => x.label(en))).toEqual(["In on enp3s0", "In on br-lan", "From this host", "enp3s0 → br-lan"]);
    // 85.214.10.1 is the host itself: its neighbour is .2.
    expect(p[0]!.packet).toMatchObject({ from: "enp3s0", src: "85.214.10.2", dst: "85.214.10.1", dport: 8443 });
    expect(p[3]!.packet).toMatchObject({ from: "enp3s0", src: "85.214.10.2", dst: "192.168.7.2" });
  });

  it("offers no forwarded packet when the host does not forward", () => {
    expect(hostPresets({ ...host, ip_forward: false }).map((x) => x.id)).not.toContain("host-through");
  });
});
