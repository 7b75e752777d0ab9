// What `npm test` needs from the system, and how it gets it: as root it installs Debian's packages itself,
// otherwise it says exactly what to install.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const NEEDS = [
  { what: "chromium", pkg: "chromium", present: () => existsSync("/usr/bin/chromium") },
  { what: "iptables", pkg: "iptables", present: () => existsSync("/usr/sbin/iptables-restore") },
  { what: "nftables", pkg: "nftables", present: () => existsSync("/usr/sbin/nft") },
  { what: "conntrack", pkg: "conntrack", present: () => existsSync("/usr/sbin/conntrack") },
  // The recorder's packet agent runs on Debian's own python3, which the machine may lack.
  { what: "python3", pkg: "python3", present: () => existsSync("/usr/bin/python3") },
  // Chinese text in screenshots of the zh interface; without it Chromium draws empty boxes.
  {
    what: "cjk-font",
    pkg: "fonts-wqy-microhei",
    present: () => existsSync("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
  },
  { what: "iproute2", pkg: "iproute2", present: () => existsSync("/usr/sbin/ip") || existsSync("/sbin/ip") },
];

export function ensureSystemPackages() {
  let missing = NEEDS.filter((n) => !n.present());
  if (missing.length && process.getuid?.() === 0) {
    const pkgs = missing.map((n) => n.pkg);
    process.stdout.write(`installing Debian packages: ${pkgs.join(" ")}\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...pkgs], { stdio: "inherit", env });
    missing = NEEDS.filter((n) => !n.present());
  }
  if (missing.length) {
    process.stdout.write(
      `missing system packages: ${missing.map((n) => n.pkg).join(" ")}\n` +
        `install them with: sudo apt-get install -y ${missing.map((n) => n.pkg).join(" ")}\n`,
    );
  }
  const has = (what) => !missing.some((n) => n.what === what);
  return {
    chromium: has("chromium"),
    kernelTools: ["iptables", "nftables", "conntrack", "python3", "iproute2"].every(has),
  };
}
