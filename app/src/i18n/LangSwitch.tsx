import { getLang, isLang, LANGS, setLang, t } from ".";

/** The language menu; the choice is remembered by the autosave. */
export function LangSwitch() {
  return (
    <label className="lang-switch">
      <span className="sr-only">{t.lang.label}</span>
      <select
        value={getLang()}
        aria-label={t.lang.label}
        data-testid="lang"
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (isLang(v)) setLang(v);
        }}
      >
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l === "zh" ? "zh-CN" : "en"}>
            {t.lang.names[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
