/**
 * Undo and redo over whole states. States are immutable values (ruleset texts or models), so an entry is a
 * reference, not a copy; `weigh` bounds what is kept (a 9 MB ruleset should not be held a hundred times).
 */
export class EditHistory<T> {
  private past: T[] = [];
  private future: T[] = [];

  constructor(
    private present: T,
    private readonly limit: {
      readonly entries?: number;
      readonly weight?: number;
      readonly weigh?: (s: T) => number;
    } = {},
  ) {}

  get current(): T {
    return this.present;
  }
  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** A new state after an edit; what could be redone is gone, as in every editor. */
  push(next: T): void {
    if (next === this.present) return;
    this.past.push(this.present);
    this.present = next;
    this.future = [];
    this.trim();
  }

  undo(): T | null {
    const prev = this.past.pop();
    if (prev === undefined) return null;
    this.future.push(this.present);
    this.present = prev;
    return prev;
  }

  redo(): T | null {
    const next = this.future.pop();
    if (next === undefined) return null;
    this.past.push(this.present);
    this.present = next;
    return next;
  }

  private trim(): void {
    const max = this.limit.entries ?? 200;
    while (this.past.length > max) this.past.shift();
    const weigh = this.limit.weigh;
    const budget = this.limit.weight;
    if (!weigh || budget === undefined) return;
    let total = weigh(this.present);
    for (let i = this.past.length - 1; i >= 0; i--) {
      total += weigh(this.past[i]!);
      if (total > budget) {
        this.past.splice(0, i + 1);
        return;
      }
    }
  }
}
