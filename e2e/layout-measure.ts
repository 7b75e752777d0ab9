import type { Page } from "@playwright/test";

/** The diagram's on-screen box, its share of the viewport height, and its smallest rendered text (CSS px). */
export async function measureDiagram(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector<SVGSVGElement>("[data-testid=diagram]")!;
    const box = svg.getBoundingClientRect();
    let smallest = Number.POSITIVE_INFINITY;
    let smallestText = "";
    for (const el of Array.from(svg.querySelectorAll<SVGTextElement>("text"))) {
      if (!el.textContent?.trim()) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right < box.left || r.left > box.right || r.bottom < box.top || r.top > box.bottom) continue;
      const ctm = el.getScreenCTM();
      if (!ctm) continue;
      const scale = Math.hypot(ctm.a, ctm.b);
      const size = Number.parseFloat(getComputedStyle(el).fontSize) * scale;
      if (size < smallest) {
        smallest = size;
        smallestText = el.textContent;
      }
    }
    return {
      share: box.height / window.innerHeight,
      height: box.height,
      bottom: box.bottom,
      smallest,
      smallestText,
      scrollX: document.documentElement.scrollWidth - window.innerWidth,
    };
  });
}
