import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";

/**
 * A message about a link or a file: always plain text (React escapes it), never HTML, whatever a link or a
 * file put in it. `detail` is the codec's or validator's own sentence; `items` are path-located errors.
 */
export interface ShareMessage {
  readonly kind: "link-error" | "file-error" | "info";
  readonly title: string;
  readonly detail?: string;
  readonly items?: readonly string[];
}

export const messages = createStore<{ message: ShareMessage | null }>()(() => ({ message: null }));

export function showMessage(message: ShareMessage | null): void {
  messages.setState({ message });
}

export function useShareMessage(): ShareMessage | null {
  return useStore(messages, (s) => s.message);
}
