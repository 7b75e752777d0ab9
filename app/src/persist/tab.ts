/** Each tab's own autosave record is named by this id, kept in sessionStorage so a reload finds it again. */
const TAB_KEY = "nfx:tab";

function freshId(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** This tab's id: the one it had before a reload, or a new one. */
export function tabId(): string {
  try {
    const id = sessionStorage.getItem(TAB_KEY);
    if (id) return id;
    const fresh = freshId();
    sessionStorage.setItem(TAB_KEY, fresh);
    return fresh;
  } catch {
    return freshId(); // storage blocked: this tab's work is its own for as long as it is open
  }
}

/**
 * A new id, when another open tab has the same one (a duplicated tab copies sessionStorage): from then on the
 * two tabs save separately.
 */
export function renewTabId(): string {
  const fresh = freshId();
  try {
    sessionStorage.setItem(TAB_KEY, fresh);
  } catch {
    // keep it in memory only
  }
  return fresh;
}
