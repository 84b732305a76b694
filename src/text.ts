/**
 * Text from specs and from AWS, made safe to print. Control characters (newline, ESC, NUL, BEL),
 * format characters (zero-width, bidi overrides), line separators and look-alike spaces are shown
 * as `\u{...}`: raw, they could forge lines in a CI log (`::error ...` workflow commands), erase a
 * line on a reviewer's terminal, or make "callback\u{200b}URLs" pass for "callbackURLs".
 */

/** What a character class of hidden characters holds, as a regular expression source (`u` flag). */
export const HIDDEN_CHARACTERS = "\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}";

/** Hidden characters and the look-alike spaces (no-break, en to hair, ideographic), for `visible`. */
const HIDDEN = new RegExp(`[${HIDDEN_CHARACTERS}\\u00a0\\u2000-\\u200a\\u3000]`, "gu");
/** Without the `g` flag: `exec` then keeps no `lastIndex` between calls. */
const FIRST_HIDDEN = new RegExp(`[${HIDDEN_CHARACTERS}]`, "u");
const NON_ASCII = /[^\x20-\x7e]/gu;

function codePoint(c: string): string {
  return `\\u{${c.codePointAt(0)?.toString(16)}}`;
}

/** Every hidden character as `\u{...}`; printable text is left as it is (so this is idempotent). */
export function visible(text: string): string {
  return text.replace(HIDDEN, codePoint);
}

/** Every character outside printable ASCII as `\u{...}`, so a look-alike ("cаllbackURLs", Cyrillic а) shows. */
export function asciiOnly(text: string): string {
  return text.replace(NON_ASCII, codePoint);
}

/** The first hidden character of a text (control, format, or line separator), if any. */
export function firstHidden(text: string): { char: string; index: number } | undefined {
  const m = FIRST_HIDDEN.exec(text);
  return m ? { char: m[0], index: m.index } : undefined;
}

/** "1 client", "2 clients", "3 entries". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
