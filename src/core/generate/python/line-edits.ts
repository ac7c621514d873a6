/**
 * Line-based edits of an existing file that keep everything else byte-identical: its line
 * endings (LF or CRLF), a byte-order mark, and whether it ends with a newline.
 */

export interface LineEdit {
  /** First line replaced (zero-based). */
  readonly start: number;
  /** Line after the last one replaced; equal to `start` for a pure insertion. */
  readonly end: number;
  readonly lines: readonly string[];
}

export interface SplitText {
  readonly lines: string[];
  readonly eol: '\n' | '\r\n';
  readonly bom: string;
  readonly finalNewline: boolean;
}

export function splitLines(text: string): SplitText {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = text.slice(bom.length);
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const normalised = body.replace(/\r\n/g, '\n');
  const finalNewline = normalised.endsWith('\n');
  const lines = (finalNewline ? normalised.slice(0, -1) : normalised).split('\n');
  return { lines: normalised === '' ? [] : lines, eol, bom, finalNewline: finalNewline || normalised === '' };
}

function joinLines(split: SplitText): string {
  const body = split.lines.join(split.eol);
  return `${split.bom}${body}${split.finalNewline && split.lines.length > 0 ? split.eol : ''}`;
}

/** Applies edits given against the original line numbers; later edits first so indexes hold. */
export function editLines(text: string, edits: readonly LineEdit[]): string {
  if (edits.length === 0) {
    return text;
  }
  const split = splitLines(text);
  const ordered = edits
    .map((edit, order) => ({ edit, order }))
    // At one line, a replacement goes first so an insertion there lands before it.
    .sort(
      (a, b) =>
        b.edit.start - a.edit.start ||
        b.edit.end - b.edit.start - (a.edit.end - a.edit.start) ||
        b.order - a.order,
    );
  for (const { edit } of ordered) {
    split.lines.splice(edit.start, edit.end - edit.start, ...edit.lines);
  }
  return joinLines({ ...split, finalNewline: true });
}

/** Appends top-level blocks at the end of a file, two blank lines before each. */
export function appendTopLevel(text: string, blocks: readonly string[]): string {
  if (blocks.length === 0) {
    return text;
  }
  const split = splitLines(text);
  while (split.lines.length > 0 && split.lines[split.lines.length - 1]?.trim() === '') {
    split.lines.pop();
  }
  for (const block of blocks) {
    if (split.lines.length > 0) {
      split.lines.push('', '');
    }
    split.lines.push(...block.trimEnd().split('\n'));
  }
  return joinLines({ ...split, finalNewline: true });
}
