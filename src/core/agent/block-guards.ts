/**
 * Checks on a proposed file's text before it may become a change: text standing in for code
 * that was left out, and a large unexplained shrink of an existing file.
 */

const PLACEHOLDER_COMMENTS: readonly RegExp[] = [
  /\b(rest|remainder) of (the )?(code|file|module|class|function|implementation|routes?|imports|methods|fields|tests?)\b/i,
  /\.\.\.\s*(existing|previous|other|rest|remaining|more|unchanged|same|original)\b/i,
  /\b(existing|previous|other|original|remaining) (code|imports|routes?|endpoints|functions|fields|methods|models|tests|logic)\b.*\b(here|unchanged|omitted|remains?|as before|goes here|stays?)\b/i,
  /^(\.\.\.\s*)?(unchanged|snip(ped)?|truncated|etc\.?)\s*(\.\.\.)?$/i,
  /\bfor brevity\b/i,
  /\b(same as|keep) (before|above|the original|original|existing)\b/i,
];

const COMMENT = /^\s*(#|\/\/|<!--|\/\*|\*)\s*(.*)$/;
const ELLIPSIS_LINE = /^\s*(\.\.\.|…|#\s*\.\.\.|pass\s*#\s*\.\.\.)\s*$/;
/** `...` is a legitimate body for these: protocol members, overloads, abstract methods. */
const ELLIPSIS_ALLOWED = /(@overload|@abstractmethod|@abc\.abstractmethod|\(Protocol\b|Protocol\[|@typing\.overload)/;

export interface PlaceholderHit {
  readonly line: number;
  readonly text: string;
}

/** Lines that stand in for omitted code; lines already present in `before` are not counted. */
export function findPlaceholders(after: string, before: string | null = null): PlaceholderHit[] {
  const existing = new Set((before ?? '').split('\n').map((line) => line.trim()));
  const lines = after.split('\n');
  const hits: PlaceholderHit[] = [];
  lines.forEach((line, index) => {
    if (existing.has(line.trim())) {
      return;
    }
    const comment = COMMENT.exec(line)?.[2];
    if (comment !== undefined && PLACEHOLDER_COMMENTS.some((pattern) => pattern.test(comment))) {
      hits.push({ line: index + 1, text: line.trim() });
      return;
    }
    if (ELLIPSIS_LINE.test(line)) {
      const context = lines.slice(Math.max(0, index - 4), index).join('\n');
      const classContext = lines.slice(0, index).reverse().find((previous) => /^\s*class\s/.test(previous)) ?? '';
      if (!ELLIPSIS_ALLOWED.test(context) && !ELLIPSIS_ALLOWED.test(classContext)) {
        hits.push({ line: index + 1, text: line.trim() });
      }
    }
  });
  return hits;
}

/** Words in a request that make removing much of a file an expected outcome. */
const DELETION_INTENT = /\b(remove|delete|drop|strip|clean ?up|simplify|shorten|trim|reduce|rewrite|replace|split|extract|move)\b/i;

export interface ShrinkCheck {
  readonly removedShare: number;
  readonly beforeLines: number;
  readonly afterLines: number;
  /** True when the request explains the shrink. */
  readonly explained: boolean;
}

const countLines = (text: string): number => text.split('\n').filter((line) => line.trim() !== '').length;

/** A shrink worth stopping for: more than half the (non-blank) lines of a non-trivial file gone. */
export function checkShrink(before: string, after: string, request: string): ShrinkCheck | undefined {
  const beforeLines = countLines(before);
  const afterLines = countLines(after);
  if (beforeLines < 12 || afterLines >= beforeLines * 0.5) {
    return undefined;
  }
  return {
    removedShare: (beforeLines - afterLines) / beforeLines,
    beforeLines,
    afterLines,
    explained: DELETION_INTENT.test(request),
  };
}
