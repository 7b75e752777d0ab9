/** The character codes the fast pass compares against (fast/canonical-lines.ts, line-scanner.ts), named once. */
export const TAB = 9;
export const CR = 13;
export const SPACE = 32;
export const QUOTE = 34;
export const BACKSLASH = 92;
export const LETTER_D = 100;
export const LETTER_G = 103;
export const LETTER_I = 105;
export const LETTER_J = 106;
export const LETTER_M = 109;
export const LETTER_O = 111;
export const LETTER_P = 112;
export const LETTER_S = 115;
