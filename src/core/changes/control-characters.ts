/**
 * Terminal control characters in text a person reads: a line ending in `ESC[2K` prints as blank,
 * an OSC 52 sequence writes the clipboard, a lone CR overwrites what came before it. Text shown
 * in a terminal gets them printed visibly; proposed files may not contain new ones.
 */

// C0 controls other than tab, LF and CR; DEL; C1 controls (U+0080–U+009F, 8-bit CSI/OSC among them).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_FILES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// The same, plus a CR that is not the first half of a CRLF (it returns the cursor to the line's start),
// and the bidirectional overrides that reorder what a line shows (CVE-2021-42574, "Trojan Source").
// eslint-disable-next-line no-control-regex
const SHOWN_VISIBLY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

/** `\u001b`: the same spelling as a JSON escape, so JSON output stays valid JSON. */
function codeName(character: string): string {
  return `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/**
 * The text with every control character replaced by its escape (`\u001b`, `\u009b`, `\r`, `\u202e`),
 * so what reaches the terminal is exactly what it shows.
 */
export function showControlCharacters(text: string): string {
  return text.replace(SHOWN_VISIBLY, (character) => (character === '\r' ? '\\r' : codeName(character)));
}

/** Control characters in `after` beyond those `before` already had, as escapes (`\u001b`). */
export function newControlCharacters(after: string, before: string | null): string[] {
  const existing = new Set(before?.match(FORBIDDEN_IN_FILES) ?? []);
  const found = new Set((after.match(FORBIDDEN_IN_FILES) ?? []).filter((character) => !existing.has(character)));
  return [...found].map(codeName);
}

/**
 * A writer for streamed text: escapes as `showControlCharacters` does, holding back a final CR
 * until the next chunk tells whether it starts a CRLF.
 */
export function visibleStreamWriter(write: (text: string) => void): { write: (text: string) => void; flush: () => void } {
  let pendingCr = false;
  return {
    write(text) {
      let chunk = pendingCr ? `\r${text}` : text;
      pendingCr = chunk.endsWith('\r');
      if (pendingCr) chunk = chunk.slice(0, -1);
      if (chunk !== '') write(showControlCharacters(chunk));
    },
    flush() {
      if (pendingCr) write('\\r');
      pendingCr = false;
    },
  };
}
