/** nft's time strings (`1h`, `2d3h`, `90s`, `500ms`) as milliseconds, and back in nft's own spelling. */
const UNITS: [string, number][] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1],
];

export function parseTime(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const re = /(\d+)(ms|d|h|m|s)/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * UNITS.find(([u]) => u === m![2])![1];
    end = re.lastIndex;
  }
  return end === text.length && end > 0 ? total : null;
}

export function formatTime(ms: number): string {
  let rest = ms;
  let out = "";
  for (const [u, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${u}`;
    rest -= n * size;
  }
  return out || "0s";
}
