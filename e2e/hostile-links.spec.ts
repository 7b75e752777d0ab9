import { expect, type Page, test } from "@playwright/test";
import { deflateSync, strToU8 } from "fflate";
import { openApp, waitIdle } from "./helpers";

/**
 * The two link shapes that made the decoder throw (issue 14): opened at boot and pasted into a running tab,
 * each must give the located message, no page error, and leave the work and a loadable page behind.
 */

const scenario = {
  version: 1,
  host: { interfaces: [{ name: "eth0", addr: "10.0.0.1/24" }], routes: [], ip_forward: false, listen: [] },
  ruleset: "",
  packets: [{ from: "eth0", proto: "icmp", src: "10.0.0.2", dst: "10.0.0.1", type: 8 }],
};
const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
/** Built as text: a list nested 20,000 deep cannot go through JSON.stringify. */
const asLink = (json: string) => `s1.${Buffer.from(deflateSync(strToU8(json), { level: 9 })).toString("base64url")}`;
const scenarioJson = JSON.stringify(scenario);
const LINKS: [string, string, RegExp][] = [
  [
    "a field with a non-callable toString",
    asLink(`{"format":1,"scenario":${scenarioJson.replace('"dst":"10.0.0.1"', '"dst":{"toString":1}')}}`),
    /packets\[0\]\.dst: an object is not an IPv4 address/,
  ],
  [
    "a list nested 20,000 deep",
    asLink(`{"format":1,"scenario":${scenarioJson.replace(/^\{/, `{"x":${deep},`)}}`),
    /x(\[0\]){15}: nested more than 16 levels/,
  ],
];

const packets = (page: Page) => page.getByRole("list", { name: "Packets in this scenario" }).getByRole("listitem");
const notice = (page: Page) => page.getByTestId("share-notice");

for (const [what, fragment, message] of LINKS) {
  test(`a link with ${what} says where, at boot and pasted, and the page still reloads`, async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await openApp(page);
    const before = await packets(page).count();
    await page.goto(`/?motion=off#${fragment}`);
    await waitIdle(page);
    await expect(notice(page)).toContainText(message);
    await expect(packets(page)).toHaveCount(before);
    await page.evaluate((h) => {
      location.hash = h;
    }, fragment);
    await expect(notice(page)).toContainText(message);
    await page.reload();
    await waitIdle(page);
    await expect(packets(page)).toHaveCount(before);
    expect(errors).toEqual([]);
  });
}
