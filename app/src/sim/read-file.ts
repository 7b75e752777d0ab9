/** How far a file has been read, as the worker reports it while it streams the file. */
export interface ReadProgress {
  /** Bytes read so far. */
  readonly bytes: number;
  /** Rules seen so far: lines that start with `-A ` (an iptables-save rule or a script's append). */
  readonly rules: number;
}

/** Reports at most this often while reading, so a 75 MB file sends tens of progress messages, not thousands. */
const REPORT_EVERY_MS = 100;

/**
 * Reads a file as a stream of bytes and decodes it as UTF-8 chunk by chunk, so the file never exists twice as a
 * whole (bytes and text) and progress can be told as it goes. Counting rules while reading is a cheap scan of
 * the text already in hand, which lets the progress bar say more than a byte count.
 */
export async function readRulesetFile(
  file: Pick<Blob, "stream">,
  progress: (p: ReadProgress) => void,
  now: () => number = () => Date.now(),
): Promise<string> {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  let rules = 0;
  // The last characters seen, so a `\n-A ` cut between two chunks is counted once (the file starts a line).
  let tail = "\n";
  let reported = now();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    const text = decoder.decode(value, { stream: true });
    rules += countRuleLines(tail + text);
    tail = (tail + text).slice(-3);
    parts.push(text);
    if (now() - reported >= REPORT_EVERY_MS) {
      reported = now();
      progress({ bytes, rules });
    }
  }
  const last = decoder.decode();
  rules += countRuleLines(tail + last);
  parts.push(last);
  progress({ bytes, rules });
  return parts.join("");
}

/**
 * How many times `\n-A ` occurs in `text`. Scanning each chunk after the previous chunk's last three characters
 * counts a rule whose line start was cut between chunks exactly once: such a match cannot fit in three
 * characters, so the previous scan could not have seen it whole.
 */
export function countRuleLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n-A "); i !== -1; i = text.indexOf("\n-A ", i + 4)) n++;
  return n;
}
