import { getLang } from "../i18n";
import type { LessonText } from "./text";
import { LESSON_TEXT_EN } from "./text.en";
import { LESSON_TEXT_ZH } from "./text.zh";

export { LESSONS, type Lesson, type LessonAction, lessonByName } from "./lessons";

/** A lesson's words in the interface language (English when a translation is missing). */
export function lessonText(name: string): LessonText | null {
  const table = getLang() === "zh" ? LESSON_TEXT_ZH : LESSON_TEXT_EN;
  return table[name] ?? LESSON_TEXT_EN[name] ?? null;
}
