/**
 * Brings `el` into view inside its own scrolling panel only. `scrollIntoView` also scrolls the page, and
 * with the diagram first (panels in a sheet below it) a step would carry the reader away from the diagram.
 */
export function scrollIntoPanel(el: HTMLElement, block: "nearest" | "center" = "nearest"): void {
  let box: HTMLElement | null = el.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight && /(auto|scroll)/.test(getComputedStyle(box).overflowY)))
    box = box.parentElement;
  if (!box || box === document.scrollingElement) return;
  const r = el.getBoundingClientRect();
  const b = box.getBoundingClientRect();
  const top = r.top - b.top;
  if (block === "center") box.scrollTop += top - (b.height - r.height) / 2;
  else if (top < 0) box.scrollTop += top;
  else if (top + r.height > b.height) box.scrollTop += top + r.height - b.height;
}
