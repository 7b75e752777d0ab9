import type { Strings } from "../i18n";
import { useT } from "../i18n/use-t";

type Field = keyof Strings["panels"]["procField"];

/** The first five columns, by position, as `formatProcEntry` writes them; the TCP state follows when there is one. */
const COLUMNS: readonly Field[] = ["l3", "l3num", "l4", "l4num", "timeout"];
const KEYED: Readonly<Record<string, Field>> = {
  src: "src",
  dst: "dst",
  sport: "sport",
  dport: "dport",
  type: "type",
  code: "code",
  id: "id",
  packets: "packets",
  bytes: "bytes",
  mark: "mark",
  zone: "zone",
  use: "use",
  "[UNREPLIED]": "unreplied",
  "[ASSURED]": "assured",
};

/**
 * One `/proc/net/nf_conntrack` line, each field explained on hover and focus. The line itself is the engine's,
 * shown as it is; this only names its columns, for a reader who has never seen the file.
 */
export function ProcLine({ line }: { readonly line: string }) {
  const t = useT();
  const words = line.split(/( +)/);
  let column = 0;
  let tuple = 0;
  return (
    <code className="proc-line">
      {words.map((w, i) => {
        if (/^ +$/.test(w) || w === "") return w;
        const key = w.includes("=") ? w.slice(0, w.indexOf("=")) : w;
        let field: Field | undefined = column < COLUMNS.length ? COLUMNS[column] : KEYED[key];
        if (column === COLUMNS.length && !field && /^[A-Z_]+$/.test(w)) field = "state";
        column++;
        if (key === "src") tuple++;
        if (!field) return w;
        const title =
          field === "src" || field === "dst"
            ? `${t.panels.procField[field]}: ${tuple === 1 ? t.panels.procField.first : t.panels.procField.second}`
            : t.panels.procField[field];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the words of one fixed line, never reordered
          <span key={i} className="proc-field" title={title}>
            {w}
          </span>
        );
      })}
    </code>
  );
}
