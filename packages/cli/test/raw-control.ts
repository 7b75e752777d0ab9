/** The control characters of `text` that would reach a terminal raw, line breaks aside, as code points. */
export function rawControls(text: string): number[] {
  return [...text]
    .map((ch) => ch.codePointAt(0)!)
    .filter((c) => (c < 0x20 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e));
}
