/** A lesson's words in one language; `steps` line up with the lesson's actions. */
export interface LessonText {
  readonly title: string;
  /** One line for the gallery card. */
  readonly summary: string;
  /** What to watch for, a short paragraph. */
  readonly watch: string;
  readonly steps: readonly string[];
}

export type LessonTexts = Readonly<Record<string, LessonText>>;
