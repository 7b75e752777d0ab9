import { GLOBAL_SYSCTL_DEFAULTS } from "@nfx/model";
import { describe, expect, it } from "vitest";
import { MACHINE_WIDE, sysctlPlan } from "../src/sysctl";

const host = {
  interfaces: [{ name: "eth0", addr: "10.0.0.1/24" }],
  routes: [],
  ip_forward: false,
  listen: [],
  conntrack: "on" as const,
};

describe("the recorder's sysctls", () => {
  it("pins every sysctl the engine honours, at the kernel's default when the scenario leaves it out", () => {
    const plan = sysctlPlan(host);
    const all = new Map([...plan.beforeInterfaces, ...plan.afterInterfaces]);
    for (const key of ["rp_filter", "route_localnet", "accept_local"]) {
      for (const iface of ["all", "default", "lo"]) expect(all.get(`net.ipv4.conf.${iface}.${key}`)).toBe(0);
    }
    for (const [name, value] of Object.entries(GLOBAL_SYSCTL_DEFAULTS)) {
      if (name !== MACHINE_WIDE) expect(all.get(name)).toBe(value);
    }
    expect(all.has(MACHINE_WIDE)).toBe(false);
    expect(plan.conntrackMax).toBe(GLOBAL_SYSCTL_DEFAULTS[MACHINE_WIDE]);
  });

  it("writes tcp_loose as the scenario says (it was always 1) and per-interface values once the interface exists", () => {
    const plan = sysctlPlan({
      ...host,
      tcp_loose: false,
      sysctl: { "net.ipv4.conf.eth0.rp_filter": 2, "net.ipv4.conf.default.rp_filter": 1 },
    });
    expect(plan.afterInterfaces).toContainEqual(["net.netfilter.nf_conntrack_tcp_loose", 0]);
    expect(plan.afterInterfaces).toContainEqual(["net.ipv4.conf.eth0.rp_filter", 2]);
    expect(plan.beforeInterfaces).toContainEqual(["net.ipv4.conf.default.rp_filter", 1]);
    // lo existed before default was written, so it is given default's value explicitly.
    expect(plan.beforeInterfaces).toContainEqual(["net.ipv4.conf.lo.rp_filter", 1]);
  });
});
