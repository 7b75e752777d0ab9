import { expect, type Page, test } from "@playwright/test";
import { dismissTour, openApp } from "./helpers";
import { measureDiagram } from "./layout-measure";

/** Issue 11's four widths: desktop, a projector, a small laptop, a phone. */
/** `text`: the smallest diagram text at the default fit, in CSS px (issue 11: 12 at 1280x720, 11 at 1024x768). */
const WIDTHS = [
  { w: 1440, h: 900, share: 0.6, text: 12 },
  { w: 1280, h: 720, share: 0.6, text: 12 },
  { w: 1024, h: 768, share: 0.5, text: 11 },
  { w: 390, h: 844, share: 0.4, text: 0 },
] as const;

interface Box {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Diagram nodes (cells, shapes) and the zoom controls as they are on screen, clipped to the diagram. */
async function boxes(page: Page): Promise<{ nodes: Box[]; controls: Box[] }> {
  return page.evaluate(() => {
    const toBox = (name: string, r: DOMRect) => ({ name, x: r.x, y: r.y, w: r.width, h: r.height });
    const nodes = Array.from(document.querySelectorAll<SVGGElement>("[data-testid=diagram] .node[data-node]")).map(
      (g) =>
        toBox(
          g.dataset.node ?? "",
          (g.querySelector(":scope > :not(.focus-ring)") as SVGGraphicsElement).getBoundingClientRect(),
        ),
    );
    const controls = Array.from(document.querySelectorAll<HTMLElement>(".zoom-controls button")).map((b) =>
      toBox(b.textContent ?? "", b.getBoundingClientRect()),
    );
    return { nodes, controls };
  });
}

for (const { w, h, share, text } of WIDTHS) {
  test.describe(`${w}x${h}`, () => {
    test.use({ viewport: { width: w, height: h } });

    test("the diagram comes first, nothing scrolls sideways, controls cover no node", async ({ page }) => {
      await openApp(page);
      // The first-open tour shares the screen with the diagram: it never pushes it below the fold.
      const withTour = await measureDiagram(page);
      expect(withTour.bottom, "diagram bottom with the tour open").toBeLessThanOrEqual(h + 0.5);
      await dismissTour(page);
      // The diagram re-fits to its grown box on the next resize observation.
      if (text) await expect.poll(async () => (await measureDiagram(page)).smallest).toBeGreaterThanOrEqual(text);
      const m = await measureDiagram(page);
      expect(m.share, `diagram height share at ${w}x${h}`).toBeGreaterThanOrEqual(share);
      if (text)
        expect(m.smallest, `smallest diagram text at ${w}x${h}: "${m.smallestText}"`).toBeGreaterThanOrEqual(text);
      expect(m.scrollX, "horizontal scroll").toBeLessThanOrEqual(0);
      const { nodes, controls } = await boxes(page);
      expect(nodes.length).toBeGreaterThan(20);
      for (const c of controls) for (const n of nodes) expect(overlap(c, n), `${c.name} covers ${n.name}`).toBe(false);
      for (let i = 0; i < nodes.length; i++)
        for (let j = i + 1; j < nodes.length; j++)
          expect(overlap(nodes[i]!, nodes[j]!), `${nodes[i]!.name} overlaps ${nodes[j]!.name}`).toBe(false);
    });

    if (w >= 1024)
      test("the header is one line, in English and in Chinese", async ({ page }) => {
        for (const lang of ["en", "zh"]) {
          await openApp(page, `lang=${lang}`);
          const header = page.locator("header.topbar");
          const box = (await header.boundingBox())!;
          expect(box.height, `${lang} header height`).toBeLessThanOrEqual(56);
          const over = await header.evaluate((el) => el.scrollWidth - el.clientWidth);
          expect(over, `${lang} header overflow`).toBeLessThanOrEqual(0);
        }
      });
  });
}

test("the panels' sheet closes and opens, and is remembered; closed, the diagram grows", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  const before = (await measureDiagram(page)).height;
  await page.getByRole("button", { name: "Hide panels" }).click();
  await expect(page.getByRole("heading", { name: "Send a packet" })).toBeHidden();
  expect((await measureDiagram(page)).height).toBeGreaterThan(before);
  // Remembered: the next visit opens with the panels closed.
  await page.reload();
  await expect(page.getByRole("button", { name: "Show panels" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Send a packet" })).toBeHidden();
  await page.getByRole("button", { name: "Show panels" }).click();
  await expect(page.getByRole("heading", { name: "Send a packet" })).toBeVisible();
});

test("f presents the diagram, the sentence and the playback bar alone; Esc leaves", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await page.locator("body").press("f");
  await expect(page.locator("header.topbar")).toBeHidden();
  await expect(page.getByTestId("play-all")).toBeVisible();
  const m = await measureDiagram(page);
  expect(m.share).toBeGreaterThanOrEqual(0.85);
  await page.locator("body").press("Escape");
  await expect(page.locator("header.topbar")).toBeVisible();
});

test("? lists the keyboard shortcuts; the skip link goes to the composer", async ({ page }) => {
  await openApp(page);
  await page.locator("body").press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("presentation mode");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to Send a packet" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#send")).toBeFocused();
});

for (const lang of ["en", "zh"] as const)
  test(`every cell's text fits its cell, and the verdict badge covers no cell (${lang})`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openApp(page, `lang=${lang}`);
    // Step to filter INPUT's ACCEPT: a badge in the vertical INPUT column, between other cells.
    for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowRight");
    await expect(page.getByTestId("verdict-badge")).toBeVisible();
    const over = await page.evaluate(() => {
      const out: string[] = [];
      const cells = Array.from(document.querySelectorAll<SVGGElement>("[data-testid=diagram] .node[data-node]"));
      for (const g of cells) {
        const shape = (g.querySelector(":scope > :not(.focus-ring)") as SVGGraphicsElement).getBoundingClientRect();
        for (const text of Array.from(g.querySelectorAll("text"))) {
          if (!text.textContent?.trim() || text.closest(".count-badge")) continue;
          const r = text.getBoundingClientRect();
          if (r.left < shape.left - 0.5 || r.right > shape.right + 0.5)
            out.push(`${g.dataset.node}: "${text.textContent}" ${r.width.toFixed(1)} > ${shape.width.toFixed(1)}`);
        }
      }
      const badge = document.querySelector("[data-testid=verdict-badge] rect")!.getBoundingClientRect();
      for (const g of cells) {
        const r = (g.querySelector(":scope > :not(.focus-ring)") as SVGGraphicsElement).getBoundingClientRect();
        if (badge.left < r.right && r.left < badge.right && badge.top < r.bottom && r.top < badge.bottom)
          out.push(`the badge covers ${g.dataset.node}`);
      }
      return out;
    });
    expect(over).toEqual([]);
  });

for (const lang of ["en", "zh"] as const)
  test(`no edge or arrowhead crosses a label at 1280x720 (${lang})`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openApp(page, `lang=${lang}`);
    await dismissTour(page);
    // Mid-flight at filter INPUT, as in the screenshots: the path's edges drawn bold, badges shown.
    for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowRight");
    await expect(page.getByTestId("verdict-badge")).toBeVisible();
    // A wide diagram draws its legend in its corner; the strip is the narrow diagram's.
    await expect(page.locator(".legend-strip")).toBeHidden();
    const crossings = await page.evaluate(() => {
      const svg = document.querySelector<SVGSVGElement>("[data-testid=diagram]")!;
      const marker = svg.querySelector("marker#arrow")!;
      // The arrowhead as drawn: `size` long, its tip `refX` tenths of it past the back (viewBox 0 0 10 10).
      const size = Number(marker.getAttribute("markerWidth"));
      const back = (Number(marker.getAttribute("refX")) / 10) * size;
      // Each character's box on screen: a label split in two (a vertical hook's name and arrow) has a gap.
      const labels = Array.from(svg.querySelectorAll<SVGTextElement>("text"))
        .filter((t) => t.textContent?.trim() && !t.closest(".token-layer"))
        .flatMap((t) => {
          const ctm = t.getScreenCTM()!;
          return Array.from({ length: t.getNumberOfChars() }, (_, i) => {
            const e = t.getExtentOfChar(i);
            const a = new DOMPoint(e.x, e.y).matrixTransform(ctm);
            const b = new DOMPoint(e.x + e.width, e.y + e.height).matrixTransform(ctm);
            return { text: t.textContent!, r: { left: a.x, top: a.y, right: b.x, bottom: b.y } };
          }).filter((c) => c.r.right > c.r.left);
        });
      const out = new Set<string>();
      for (const path of Array.from(svg.querySelectorAll<SVGPathElement>(".edges path"))) {
        const ctm = path.getScreenCTM()!;
        const pts = (path.getAttribute("d") ?? "")
          .split(/[ML]/)
          .filter((s) => s.trim())
          .map((s) => s.split(",").map(Number) as [number, number]);
        const samples: [number, number][] = [];
        for (let i = 0; i + 1 < pts.length; i++) {
          const [[x0, y0], [x1, y1]] = [pts[i]!, pts[i + 1]!];
          const n = Math.ceil(Math.hypot(x1 - x0, y1 - y0));
          for (let k = 0; k <= n; k++) samples.push([x0 + ((x1 - x0) * k) / n, y0 + ((y1 - y0) * k) / n]);
        }
        // The arrowhead's triangle at the last point, pointing along the last segment.
        const [ex, ey] = pts[pts.length - 1]!;
        const [px, py] = pts[pts.length - 2]!;
        const len = Math.hypot(ex - px, ey - py);
        const [ux, uy] = [(ex - px) / len, (ey - py) / len];
        for (let a = 0; a <= size; a++)
          for (let s = -1; s <= 1; s += 0.25) {
            const half = (size / 2) * (1 - a / size) * s;
            samples.push([ex - ux * (back - a) - uy * half, ey - uy * (back - a) + ux * half]);
          }
        for (const [x, y] of samples) {
          const p = new DOMPoint(x, y).matrixTransform(ctm);
          for (const { text, r } of labels)
            if (p.x > r.left + 0.5 && p.x < r.right - 0.5 && p.y > r.top + 0.5 && p.y < r.bottom - 0.5)
              out.add(`${path.parentElement?.textContent || path.getAttribute("d")} crosses "${text}"`);
        }
      }
      return [...out];
    });
    expect(crossings).toEqual([]);
  });

/** The packet token's on-screen box is inside the diagram's. */
async function tokenInView(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const svg = document.querySelector("[data-testid=diagram]")!.getBoundingClientRect();
    const card = document.querySelector("[data-testid=packet-token] .token-card")!.getBoundingClientRect();
    return (
      card.left >= svg.left - 1 &&
      card.right <= svg.right + 1 &&
      card.top >= svg.top - 1 &&
      card.bottom <= svg.bottom + 1
    );
  });
}

test("zoomed in, the camera follows the packet from cell to cell", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await dismissTour(page);
  for (let i = 0; i < 4; i++) await page.getByRole("button", { name: "Zoom in" }).click();
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press("ArrowRight");
    // The camera moves once the step's frame is drawn (after-next-frame.ts), so it is awaited, not read at once.
    await expect
      .poll(() => tokenInView(page), { message: `token in view after ${i + 1} steps`, timeout: 3000 })
      .toBe(true);
  }
});

test("a phone: one panel at a time, no sideways scroll, the camera on the packet", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page);
  await dismissTour(page);
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("ArrowRight");
    // The camera moves once the step's frame is drawn (after-next-frame.ts), so it is awaited, not read at once.
    await expect
      .poll(() => tokenInView(page), { message: `token in view after ${i + 1} steps`, timeout: 3000 })
      .toBe(true);
  }
  // The camera has panned right; the legend, above the drawing, is whole and the drawing's own is not shown.
  const strip = await page.locator(".legend-strip").boundingBox();
  expect(strip, "the legend strip").not.toBeNull();
  expect(strip!.x).toBeGreaterThanOrEqual(0);
  expect(strip!.x + strip!.width).toBeLessThanOrEqual(390);
  await expect(page.locator(".legend-strip")).toContainText("conntrack");
  await expect(page.locator("[data-testid=diagram] .legend").first()).toBeHidden();
  const send = page.getByRole("heading", { name: "Send a packet" });
  const switcher = page.getByRole("group", { name: "Show one panel" });
  await expect(send).toBeVisible();
  await switcher.getByRole("button", { name: "Rules" }).click();
  await expect(send).toBeHidden();
  await expect(page.getByRole("heading", { name: "Rules", exact: true })).toBeVisible();
  await switcher.getByRole("button", { name: "Details" }).click();
  await expect(page.getByRole("tab", { name: "Trace", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Rules", exact: true })).toBeHidden();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: "e2e/screenshots/teach-phone-details.png", fullPage: true });
});
