import type { AnswerEgress, AnswerPacket, AnswerResponse, KernelAnswer } from "./answer-json";
import type { ScenarioError, Validated } from "./validate";

type Report = (path: string, message: string) => void;
type Check = (value: unknown, path: string, report: Report) => void;
interface Field {
  readonly check: Check;
  readonly optional?: boolean;
}
/**
 * One entry per key of T, marked optional exactly when the key is: a key added to the type and not here, a
 * key here and not in the type, or a different optionality is a compile error.
 */
type Fields<T> = {
  readonly [K in keyof Required<T>]: { readonly check: Check } & (Partial<Pick<T, K>> extends Pick<T, K>
    ? { readonly optional: true }
    : { readonly optional?: never });
};

const text: Check = (v, path, report) => {
  if (typeof v !== "string") report(path, "must be a string");
};
const count: Check = (v, path, report) => {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) report(path, "must be a whole number");
};
const oneOf =
  (...values: readonly string[]): Check =>
  (v, path, report) => {
    if (typeof v !== "string" || !values.includes(v)) report(path, `must be one of ${values.join(", ")}`);
  };
const nullable =
  (check: Check): Check =>
  (v, path, report) => {
    if (v !== null) check(v, path, report);
  };
const listOf =
  (check: Check): Check =>
  (v, path, report) => {
    if (!Array.isArray(v)) return report(path, "must be a list");
    for (const [i, x] of v.entries()) check(x, `${path}[${i}]`, report);
  };
const texts = listOf(text);
const record =
  <T>(fields: Fields<T>): Check =>
  (v, path, report) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return report(path, "must be an object");
    const spec: Readonly<Record<string, Field>> = fields;
    const o = v as Record<string, unknown>;
    for (const key of Object.keys(o))
      if (!Object.hasOwn(spec, key)) report(join(path, key), "is not a field of the answer format");
    for (const [key, field] of Object.entries(spec)) {
      if (o[key] === undefined) {
        if (!field.optional) report(join(path, key), "is missing");
      } else field.check(o[key], join(path, key), report);
    }
  };

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

const EGRESS: Fields<AnswerEgress> = {
  dev: { check: text },
  header: { check: text },
  flags: { check: text, optional: true },
  ttl: { check: count },
  tos: { check: count },
  icmp_id: { check: count, optional: true },
  icmp_seq: { check: count, optional: true },
  inner: { check: text, optional: true },
};

const PACKET: Fields<AnswerPacket> = {
  trace: { check: texts },
  headers: { check: texts },
  fate: { check: oneOf("local", "forwarded", "sent", "dropped") },
  egress: { check: nullable(record(EGRESS)) },
  send_error: { check: text, optional: true },
  warnings: { check: texts, optional: true },
};

const RESPONSE: Fields<AnswerResponse> = {
  ...PACKET,
  after_packet: { check: count },
  header: { check: text },
  flags: { check: text, optional: true },
};

const KERNEL_ANSWER: Fields<KernelAnswer> = {
  kernel: { check: text },
  packets: { check: listOf(record(PACKET)) },
  responses: { check: listOf(record(RESPONSE)) },
  conntrack: { check: texts },
};

/**
 * Checks a stored kernel answer (NAME.expected.json, `nfx record`'s output) against the answer format, field by
 * field, both ways: a field missing from the file and a field the format does not know are both errors, so the
 * format and the recordings cannot drift apart unnoticed.
 */
export function checkKernelAnswer(input: unknown): Validated<KernelAnswer> {
  const errors: ScenarioError[] = [];
  record(KERNEL_ANSWER)(input, "", (path, message) => void errors.push({ path, message }));
  // Every field of the type was checked above, and nothing else is there.
  return errors.length ? { ok: false, errors } : { ok: true, value: input as KernelAnswer };
}
