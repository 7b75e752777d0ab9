import type { Lang } from "../i18n";
import type { LessonText } from "./text";
import { LESSON_TEXT_EN } from "./text.en";
import { LESSON_TEXT_ZH } from "./text.zh";

export { LESSONS, type Lesson, type LessonAction, lessonByName } from "./lessons";

/** A lesson's words in `lang` (English when a translation is missing). */
export function lessonText(name: string, lang: Lang): LessonText | null {
  const table = lang === "zh" ? LESSON_TEXT_ZH : LESSON_TEXT_EN;
  return table[name] ?? LESSON_TEXT_EN[name] ?? null;
}
