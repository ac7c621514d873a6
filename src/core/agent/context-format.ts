/**
 * Small text helpers for the context sent to a model: a token estimate good enough for budgeting
 * and fences that cannot be closed early by the content they wrap.
 */

/** Roughly four characters per token for English and code: enough to keep within a budget. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** A fenced block whose fence is longer than any backtick run inside the content. */
export function fenced(content: string, info = ''): string {
  const longestRun = Math.max(2, ...Array.from(content.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `${fence}${info}\n${body}${fence}`;
}

/** Text with a BOM removed and line endings made `\n`, as the parser sees it. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Lines `start`..`end` (0-based, inclusive) of a text. */
export function lineSlice(text: string, start: number, end: number): string {
  return text.split('\n').slice(start, end + 1).join('\n');
}
