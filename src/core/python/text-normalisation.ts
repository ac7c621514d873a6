/**
 * The parser reads normalised text: no byte-order mark, LF line endings. Facts' ranges refer to
 * that text; `toOriginalIndex` maps an offset back onto the file as it is on disk, for editors
 * that must change a CRLF file in place.
 */

const BOM = 0xfeff;

/** Removes a byte-order mark and turns CRLF / CR into LF. */
export function normalisePythonText(text: string): string {
  const withoutBom = text.charCodeAt(0) === BOM ? text.slice(1) : text;
  return withoutBom.includes('\r') ? withoutBom.replace(/\r\n?/g, '\n') : withoutBom;
}

/** The offset in `original` of the character at `normalisedIndex` of its normalised text. */
export function toOriginalIndex(original: string, normalisedIndex: number): number {
  let index = original.charCodeAt(0) === BOM ? 1 : 0;
  if (!original.includes('\r')) return index + normalisedIndex;
  let remaining = normalisedIndex;
  while (remaining > 0 && index < original.length) {
    // A CRLF pair is one normalised character.
    index += original[index] === '\r' && original[index + 1] === '\n' ? 2 : 1;
    remaining -= 1;
  }
  return index;
}
