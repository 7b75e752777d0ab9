import { expect, type Page, test } from "@playwright/test";
import { deflateSync, strToU8 } from "fflate";
import { dismissTour, openApp, waitIdle } from "./helpers";

/**
 * Chinese everywhere (issue 11, item 7): with lang=zh every word a learner reads or hears is Chinese, except the
 * technical tokens that stay as they are in any language: iptables and nft names, chain names (any capitals),
 * protocols, interfaces and addresses (anything with a digit), and code (rules, trace lines, /proc lines).
 */
const ALLOWED = new Set(
  (
    "raw mangle nat filter security conntrack iptables nft nftables ip ip6 tcp udp icmp sctp ct " +
    "lo src dst sport dport mark zone use ipv4 ipv6 sshd web nginx selinux tos ttl netfilter explorer linux " +
    "english ms dnat snat masquerade redirect reject accept drop policy jump goto log notrack trace proc net " +
    "nf_conntrack nf_conntrack_max kernel pkts bytes syn ack fin rst psh urg ssh ping ctrl shift alt esc " +
    "iptables-nft iptables-legacy iptables-save iptables-restore multiport iprange connmark addrtype limit " +
    "length owner pkttype statistic comment ecn state mac dscp"
  ).split(" "),
);

/** Words with a lower-case letter that are not on the list: what a Chinese reader would meet in English. */
async function englishWords(page: Page, root: string, userText: ReadonlySet<string> = new Set()): Promise<string[]> {
  const found = await page.evaluate((root) => {
    const out: string[] = [];
    const skip = "code, pre, kbd, samp, textarea, input, .cm-editor, [data-code], [translate=no]";
    for (const top of Array.from(document.querySelectorAll(root))) {
      const walker = document.createTreeWalker(top, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest(skip) || !n.textContent?.trim()) continue;
        if (el.closest("svg") ? el.closest("[visibility=hidden]") : !el.checkVisibility()) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        out.push(`${n.textContent.trim()}`);
      }
      for (const el of Array.from(top.querySelectorAll("[aria-label], [title], [aria-description]"))) {
        if (el.closest(skip)) continue;
        for (const a of ["aria-label", "title", "aria-description"]) {
          const v = el.getAttribute(a);
          if (v) out.push(`${v}`);
        }
      }
    }
    return out;
  }, root);
  const bad = new Set<string>();
  for (const text of found)
    for (const word of text.match(/[A-Za-z][A-Za-z_'-]*[A-Za-z]|[A-Za-z]/g) ?? []) {
      const plain = word.toLowerCase();
      if (word === word.toUpperCase() || ALLOWED.has(plain) || userText.has(word)) continue;
      // Part of an address, interface, file or option (eth0, --dport, rules.v4): code, not prose.
      if (new RegExp(`[0-9=.-]${word}|${word}[0-9=.]`).test(text)) continue;
      bad.add(`${word}  ← "${text.slice(0, 80)}"`);
    }
  return [...bad];
}

test("every step of the default scenario, and every panel after it, in Chinese has no English words", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, "lang=zh");
  await dismissTour(page);
  const bad = new Set<string>();
  // Each step has its own narration, verdict badge and token: read them all, to the last one.
  const forward = page.getByRole("button", { name: "前进一步" });
  for (let i = 0; i < 200 && (await forward.isEnabled()); i++) {
    for (const w of await englishWords(page, "[data-testid=narration], .token-layer")) bad.add(w);
    await forward.click();
  }
  await page.locator(".node[data-node='in.filter']").click();
  for (const tab of ["跟踪", "conntrack -L", "计数器", "规则集"]) {
    await page.getByRole("tab", { name: tab, exact: true }).click();
    for (const w of await englishWords(page, "body")) bad.add(w);
  }
  expect([...bad]).toEqual([]);
});

/** An nft-only host: its native base chains are drawn as cells, and its packet runs through them. */
const NFT_ONLY = {
  format: 1,
  scenario: {
    version: 1,
    host: {
      interfaces: [{ name: "eth0", addr: "203.0.113.1/24" }],
      routes: [{ dst: "0.0.0.0/0", via: "203.0.113.254", dev: "eth0" }],
      listen: [{ proto: "tcp", port: 22 }],
    },
    nftables: `table inet fw {
\tchain input {
\t\ttype filter hook input priority filter + 10; policy accept;
\t\tct state established,related accept
\t\tip saddr 198.51.100.0/24 tcp dport 22 drop
\t}
\tchain raw_pre {
\t\ttype filter hook prerouting priority raw + 10; policy accept;
\t}
}
`,
    packets: [{ from: "eth0", proto: "tcp", src: "198.51.100.7", dst: "203.0.113.1", sport: 40000, dport: 22 }],
  },
  lang: "zh",
};
/** The ruleset's own names (family, table, chains): the user's text, shown as written in any language. */
const NFT_NAMES = new Set(["inet", "fw", "input", "raw_pre"]);

test("native nftables cells and their steps in Chinese have no English words but the ruleset's own names", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const link = `s1.${Buffer.from(deflateSync(strToU8(JSON.stringify(NFT_ONLY)), { level: 9 })).toString("base64url")}`;
  await page.goto(`/?motion=off#${link}`);
  await waitIdle(page);
  const native = page.locator('g.node[data-node="nft.in.inet fw input"]');
  await expect(native).toBeVisible();
  const bad = new Set<string>();
  for (const w of await englishWords(page, "[data-testid=diagram]", NFT_NAMES)) bad.add(w);
  const forward = page.getByRole("button", { name: "前进一步" });
  for (let i = 0; i < 200 && (await forward.isEnabled()); i++) {
    for (const w of await englishWords(page, "[data-testid=narration], .token-layer", NFT_NAMES)) bad.add(w);
    await forward.click();
  }
  await native.click();
  for (const tab of ["跟踪", "计数器", "规则集"]) {
    await page.getByRole("tab", { name: tab, exact: true }).click();
    for (const w of await englishWords(page, "body", NFT_NAMES)) bad.add(w);
  }
  expect([...bad]).toEqual([]);
});
