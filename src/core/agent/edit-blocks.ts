/**
 * Search/replace edits to an existing file:
 *
 *     <<<<<<< SEARCH
 *     lines copied exactly from the current file
 *     =======
 *     the lines that replace them
 *     >>>>>>> REPLACE
 *
 * Each SEARCH part must match the current text exactly once (trailing spaces aside); otherwise
 * the whole edit is refused, because guessing where an edit goes is how files get damaged.
 */

export interface SearchReplace {
  readonly search: string;
  readonly replace: string;
}

const SEARCH_MARKER = /^<{5,9} ?SEARCH\s*$/;
const DIVIDER = /^={5,9}\s*$/;
const REPLACE_MARKER = /^>{5,9} ?REPLACE\s*$/;

export function hasEditMarkers(body: string): boolean {
  const lines = body.split('\n');
  return lines.some((line) => SEARCH_MARKER.test(line)) && lines.some((line) => REPLACE_MARKER.test(line));
}

export type EditParse = { readonly ok: true; readonly edits: readonly SearchReplace[] } | { readonly ok: false; readonly reason: string };

export function parseEditBody(body: string): EditParse {
  const edits: SearchReplace[] = [];
  let state: 'outside' | 'search' | 'replace' = 'outside';
  let search: string[] = [];
  let replace: string[] = [];
  for (const [number, line] of body.split('\n').entries()) {
    if (state === 'outside') {
      if (SEARCH_MARKER.test(line)) {
        state = 'search';
        search = [];
      } else if (line.trim() !== '') {
        return { ok: false, reason: `line ${number + 1} is outside any SEARCH/REPLACE pair` };
      }
    } else if (state === 'search') {
      if (DIVIDER.test(line)) {
        state = 'replace';
        replace = [];
      } else if (SEARCH_MARKER.test(line) || REPLACE_MARKER.test(line)) {
        return { ok: false, reason: `line ${number + 1}: expected "=======" before this marker` };
      } else {
        search.push(line);
      }
    } else if (REPLACE_MARKER.test(line)) {
      edits.push({ search: search.join('\n'), replace: replace.join('\n') });
      state = 'outside';
    } else if (SEARCH_MARKER.test(line)) {
      return { ok: false, reason: `line ${number + 1}: expected ">>>>>>> REPLACE" before a new SEARCH` };
    } else {
      replace.push(line);
    }
  }
  if (state !== 'outside') {
    return { ok: false, reason: 'the last SEARCH/REPLACE pair is not closed with ">>>>>>> REPLACE"' };
  }
  if (edits.length === 0) {
    return { ok: false, reason: 'no SEARCH/REPLACE pairs found' };
  }
  return { ok: true, edits };
}

function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    found.push(at);
  }
  return found;
}

const trimEnds = (text: string): string => text.split('\n').map((line) => line.trimEnd()).join('\n');

/** Applies one edit: exact match first, then a match that ignores trailing whitespace. */
function applyOne(text: string, edit: SearchReplace): { ok: true; text: string } | { ok: false; reason: string } {
  if (edit.search.trim() === '') {
    return text.trim() === ''
      ? { ok: true, text: edit.replace === '' ? '' : `${edit.replace}\n` }
      : { ok: false, reason: 'an empty SEARCH part only fits an empty or new file' };
  }
  const exact = occurrences(text, edit.search);
  if (exact.length === 1) {
    const at = exact[0] ?? 0;
    return { ok: true, text: text.slice(0, at) + edit.replace + text.slice(at + edit.search.length) };
  }
  if (exact.length > 1) {
    return { ok: false, reason: `the SEARCH text matches ${exact.length} places; include more lines to make it unique` };
  }
  const lines = text.split('\n');
  const wanted = trimEnds(edit.search).split('\n');
  const starts: number[] = [];
  for (let start = 0; start + wanted.length <= lines.length; start++) {
    if (wanted.every((line, offset) => (lines[start + offset] ?? '').trimEnd() === line)) {
      starts.push(start);
    }
  }
  if (starts.length !== 1) {
    const first = edit.search.split('\n')[0]?.trim() ?? '';
    return {
      ok: false,
      reason: starts.length === 0 ? `the SEARCH text starting "${first.slice(0, 60)}" is not in the file` : `the SEARCH text matches ${starts.length} places; include more lines to make it unique`,
    };
  }
  const start = starts[0] ?? 0;
  const replaced = [...lines.slice(0, start), ...edit.replace.split('\n'), ...lines.slice(start + wanted.length)];
  return { ok: true, text: replaced.join('\n') };
}

export function applyEdits(text: string, edits: readonly SearchReplace[]): { ok: true; text: string } | { ok: false; reason: string } {
  let current = text;
  for (const [index, edit] of edits.entries()) {
    const result = applyOne(current, edit);
    if (!result.ok) {
      return { ok: false, reason: `edit ${index + 1} of ${edits.length}: ${result.reason}` };
    }
    current = result.text;
  }
  return { ok: true, text: current };
}
