import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { dismissTour, openApp } from "./helpers";

/** Buttons, selects, tabs and diagram cells smaller than 24x24 CSS px (WCAG 2.5.8), by name and size. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const sel = "button, select, [role=tab], [role=button], summary, input[type=checkbox], input[type=radio]";
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      if (!el.checkVisibility()) continue;
      // A checkbox inside its label: the label is what one clicks.
      const target = el instanceof HTMLInputElement ? (el.closest("label") ?? el) : el;
      const r = target.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.width < 24 || r.height < 24) {
        const name = el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 30) ?? el.tagName;
        out.push(`${name}: ${r.width.toFixed(1)}x${r.height.toFixed(1)}`);
      }
    }
    return out;
  });
}

async function axeTargetSize(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withRules(["target-size"]).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
])
  test(`every target is at least 24x24 px at ${viewport.width}x${viewport.height}, with the rules panel open`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await openApp(page);
    await dismissTour(page);
    // By keyboard: on a phone the cell may be panned out of view.
    await page.locator(".node[data-node='in.filter']").focus();
    await page.keyboard.press("Enter");
    // A phone shows one panel at a time: the rules are behind the switch.
    const rules = page.getByRole("group", { name: "Show one panel" }).getByRole("button", { name: "Rules" });
    if (await rules.isVisible()) await rules.click();
    await expect(page.getByTestId("policy")).toBeVisible();
    expect(await smallTargets(page)).toEqual([]);
    expect(await axeTargetSize(page)).toEqual([]);
  });

test("a control reached by Tab shows a ring of at least 2 px that contrasts 3:1 with what is behind it", async ({
  page,
}) => {
  await openApp(page);
  await dismissTour(page);
  await page.locator("h1").click(); // Tab from the top of the page
  const rings: string[] = [];
  // A header button and a diagram cell: an HTML outline and the SVG ring.
  for (const name of ["Lessons", "filter INPUT"]) {
    let found = false;
    for (let i = 0; i < 120 && !found; i++) {
      await page.keyboard.press("Tab");
      found = await page.evaluate((n) => {
        const el = document.activeElement;
        return !!el && (el.getAttribute("aria-label") === n || el.textContent?.trim() === n);
      }, name);
    }
    expect(found, `Tab reaches ${name}`).toBe(true);
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | SVGGElement;
      const svgRing = el.querySelector<SVGGraphicsElement>(":scope > .focus-ring");
      const cs = getComputedStyle(svgRing ?? el);
      const scale = svgRing ? Math.hypot(svgRing.getScreenCTM()!.a, svgRing.getScreenCTM()!.b) : 1;
      const width = svgRing ? Number.parseFloat(cs.strokeWidth) * scale : Number.parseFloat(cs.outlineWidth);
      const colour = svgRing ? cs.stroke : cs.outlineColor;
      const shown = svgRing ? cs.stroke !== "none" : cs.outlineStyle !== "none";
      // What the ring is drawn on: the nearest box with a background colour.
      let bg = "rgb(255, 255, 255)";
      for (let p: Element | null = el.parentElement; p; p = p.parentElement) {
        const c = getComputedStyle(p).backgroundColor;
        if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") {
          bg = c;
          break;
        }
      }
      return { width, colour, shown, bg };
    });
    const contrast = ratio(ring.colour, ring.bg);
    if (!ring.shown || ring.width < 2 || contrast < 3)
      rings.push(`${name}: ${JSON.stringify(ring)} ${contrast.toFixed(2)}:1`);
  }
  expect(rings).toEqual([]);
});

/** WCAG contrast ratio of two CSS rgb() colours. */
function ratio(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? ["0", "0", "0"]).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
