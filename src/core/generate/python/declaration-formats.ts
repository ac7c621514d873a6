/**
 * Adding requirements to a dependency list as a minimal text edit in the file's own style:
 * PEP 621 `[project].dependencies`, Poetry's `[tool.poetry.dependencies]` and requirements files.
 * Only the new entries (and a missing extra on an entry already there) are written; quotes,
 * indentation, trailing commas, comments, line endings and order are the file's own.
 */
import {
  insertionIndex,
  isSorted,
  missingExtras,
  neighbourStyle,
  normalisedName,
  parseRequirement,
  requirementLine,
  versionSpec,
  withExtras,
  type DeclaredEntry,
  type NeighbourStyle,
  type PythonRequirement,
} from './requirement-entries';

export interface DeclarationEdit {
  readonly text: string;
  /** What was written, as written: `pyjwt>=2.8`, `pwdlib[argon2]` (extra added). */
  readonly added: readonly string[];
  /** Requirements that could not be written, and why. */
  readonly warnings: readonly string[];
}

interface Insertion {
  readonly offset: number;
  readonly text: string;
}

/** Inserts at original offsets; at one offset, in the order given. */
function applyInsertions(text: string, insertions: readonly Insertion[]): string {
  const ordered = insertions.map((insertion, order) => ({ insertion, order })).sort((a, b) => b.insertion.offset - a.insertion.offset || b.order - a.order);
  let result = text;
  for (const { insertion } of ordered) result = result.slice(0, insertion.offset) + insertion.text + result.slice(insertion.offset);
  return result;
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the line break ending the line holding `offset` (before a `\r`), or the text's end. */
function lineEndOf(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** Requirements not declared yet, and those declared without an extra the new code needs. */
function sortOut(
  declared: readonly DeclaredEntry[],
  requirements: readonly PythonRequirement[],
): { missing: PythonRequirement[]; lackingExtras: { index: number; requirement: PythonRequirement; extras: string[] }[] } {
  const missing: PythonRequirement[] = [];
  const lackingExtras: { index: number; requirement: PythonRequirement; extras: string[] }[] = [];
  for (const requirement of requirements) {
    const index = declared.findIndex((entry) => normalisedName(entry.name) === normalisedName(requirement.name));
    const entry = declared[index];
    if (entry === undefined) missing.push(requirement);
    else {
      const extras = missingExtras(entry, requirement);
      if (extras.length > 0) lackingExtras.push({ index, requirement, extras });
    }
  }
  missing.sort((a, b) => normalisedName(a.name).localeCompare(normalisedName(b.name)));
  return { missing, lackingExtras };
}

/** `[argon2]` after a name, or `,argon2` inside extras already written. */
function extrasInsertion(raw: string, rawStart: number, entry: DeclaredEntry, extras: readonly string[]): Insertion {
  const nameAt = raw.search(/\S/);
  const afterName = rawStart + nameAt + entry.name.length;
  if (entry.extras.length === 0) return { offset: afterName, text: `[${extras.join(',')}]` };
  const close = raw.indexOf(']', nameAt);
  return { offset: rawStart + close, text: `,${extras.join(',')}` };
}

interface TomlString {
  readonly raw: string;
  /** Offset of the opening quote. */
  readonly start: number;
  /** Offset after the closing quote. */
  readonly end: number;
  readonly quote: string;
  readonly commaAfter: boolean;
}

/** The strings of a TOML array starting at `open` (`[`), or undefined when it holds anything else. */
function scanStringArray(text: string, open: number): { items: TomlString[]; close: number } | undefined {
  const items: TomlString[] = [];
  let index = open + 1;
  while (index < text.length) {
    const char = text[index] ?? '';
    if (char === ']') return { items, close: index };
    if (char === '#') {
      const newline = text.indexOf('\n', index);
      index = newline < 0 ? text.length : newline;
    } else if (char === '"' || char === "'") {
      let end = index + 1;
      while (end < text.length && text[end] !== char && text[end] !== '\n') end += char === '"' && text[end] === '\\' ? 2 : 1;
      if (text[end] !== char) return undefined;
      items.push({ raw: text.slice(index + 1, end), start: index, end: end + 1, quote: char, commaAfter: false });
      index = end + 1;
    } else if (char === ',') {
      const last = items.at(-1);
      if (last !== undefined) items[items.length - 1] = { ...last, commaAfter: true };
      index++;
    } else if (/\s/.test(char)) index++;
    else return undefined;
  }
  return undefined;
}

/** Bounds of a table's body: after its header line, up to the next header (or the end). */
function tableBody(text: string, header: RegExp): { start: number; end: number } | undefined {
  const match = header.exec(text);
  if (match === null) return undefined;
  const start = lineEndOf(text, match.index) + eolOf(text).length;
  const next = /^[ \t]*\[/m.exec(text.slice(start));
  return { start: Math.min(start, text.length), end: next === null ? text.length : start + next.index };
}

/** PEP 621 `[project].dependencies`; undefined when the file has no such list. */
export function addToPep621(text: string, requirements: readonly PythonRequirement[]): DeclarationEdit | undefined {
  const body = tableBody(text, /^[ \t]*\[project\][ \t]*(?:#.*)?$/m);
  if (body === undefined) return undefined;
  const key = /^[ \t]*dependencies[ \t]*=[ \t]*\[/m.exec(text.slice(body.start, body.end));
  if (key === null) return undefined;
  const open = body.start + key.index + key[0].length - 1;
  const array = scanStringArray(text, open);
  if (array === undefined) return { text, added: [], warnings: ['[project].dependencies holds something other than strings; it was left as it is.'] };
  const declared = array.items.map((item) => parseRequirement(item.raw) ?? { name: item.raw, extras: [], spec: '', spaced: false });
  const { missing, lackingExtras } = sortOut(declared, requirements);
  const style = neighbourStyle(declared);
  const quote = array.items[0]?.quote ?? '"';
  const insertions: Insertion[] = [];
  const added: string[] = [];
  for (const { index, requirement, extras } of lackingExtras) {
    const item = array.items[index];
    const entry = declared[index];
    if (item === undefined || entry === undefined) continue;
    insertions.push(extrasInsertion(item.raw, item.start + 1, entry, extras));
    added.push(`${withExtras(requirement.name, extras)} (extra)`);
  }
  const names = declared.map((entry) => entry.name);
  const groups = new Map<number, string[]>();
  for (const requirement of missing) {
    const line = requirementLine(requirement, style);
    added.push(line);
    const at = insertionIndex(names, requirement.name, isSorted(names));
    groups.set(at, [...(groups.get(at) ?? []), `${quote}${line}${quote}`]);
  }
  const multiLine = text.slice(open, array.close).includes('\n');
  for (const [at, strings] of groups) {
    insertions.push(...(multiLine ? multiLineInsertions(text, array, at, strings) : singleLineInsertions(text, array, open, at, strings)));
  }
  return { text: applyInsertions(text, insertions), added, warnings: [] };
}

function singleLineInsertions(text: string, array: { items: TomlString[] }, open: number, at: number, strings: readonly string[]): Insertion[] {
  const [first, second] = array.items;
  const separator = first !== undefined && second !== undefined ? text.slice(first.end, second.start) : ', ';
  const before = array.items[at];
  if (before !== undefined) return [{ offset: before.start, text: strings.map((string) => `${string}${separator}`).join('') }];
  const last = array.items.at(-1);
  if (last === undefined) return [{ offset: open + 1, text: strings.join(separator) }];
  return [{ offset: last.end, text: strings.map((string) => `${separator}${string}`).join('') }];
}

function multiLineInsertions(text: string, array: { items: TomlString[]; close: number }, at: number, strings: readonly string[]): Insertion[] {
  const eol = eolOf(text);
  const first = array.items[0];
  const firstLead = first === undefined ? '' : text.slice(lineStartOf(text, first.start), first.start);
  const indent = first !== undefined && /^[ \t]*$/.test(firstLead) ? firstLead : '    ';
  const before = array.items[at];
  if (before !== undefined) {
    const lineStart = lineStartOf(text, before.start);
    if (/^[ \t]*$/.test(text.slice(lineStart, before.start))) {
      return [{ offset: lineStart, text: strings.map((string) => `${indent}${string},${eol}`).join('') }];
    }
    return [{ offset: before.start, text: strings.map((string) => `${string}, `).join('') }];
  }
  const last = array.items.at(-1);
  if (last === undefined) {
    return [{ offset: lineStartOf(text, array.close), text: strings.map((string) => `${indent}${string},${eol}`).join('') }];
  }
  const closeOnLastLine = lineEndOf(text, last.end) > array.close;
  if (closeOnLastLine) {
    if (last.commaAfter) return [{ offset: array.close, text: strings.map((string) => `${eol}${indent}${string},`).join('') }];
    return [{ offset: last.end, text: strings.map((string) => `,${eol}${indent}${string}`).join('') }];
  }
  const lines = strings.map((string, index) => `${eol}${indent}${string}${last.commaAfter || index < strings.length - 1 ? ',' : ''}`);
  return [...(last.commaAfter ? [] : [{ offset: last.end, text: ',' }]), { offset: lineEndOf(text, last.end), text: lines.join('') }];
}

interface PoetryEntry {
  readonly entry: DeclaredEntry;
  readonly lineStart: number;
  /** The value as written, and where it starts. */
  readonly value: string;
  readonly valueStart: number;
}

/** Poetry's `[tool.poetry.dependencies]`; undefined when the file has no such table. */
export function addToPoetry(text: string, requirements: readonly PythonRequirement[]): DeclarationEdit | undefined {
  const body = tableBody(text, /^[ \t]*\[tool\.poetry\.dependencies\][ \t]*(?:#.*)?$/m);
  if (body === undefined) return undefined;
  const entries: PoetryEntry[] = [];
  let lastContentEnd: number | undefined;
  const keyLine = /^([ \t]*)(["']?)([A-Za-z0-9][A-Za-z0-9._-]*)\2[ \t]*=[ \t]*(.*?)[ \t]*(?:#.*)?$/;
  for (let start = body.start; start < body.end; ) {
    const end = lineEndOf(text, start);
    const line = text.slice(start, end);
    if (line.trim() !== '' && !line.trimStart().startsWith('#')) lastContentEnd = end;
    const match = keyLine.exec(line);
    if (match !== null && normalisedName(match[3] ?? '') !== 'python') {
      const value = match[4] ?? '';
      const version = value.startsWith('{') ? (/\bversion\s*=\s*["']([^"']*)["']/.exec(value)?.[1] ?? '') : value.replace(/^["']|["']$/g, '');
      const extras = /\bextras\s*=\s*\[([^\]]*)\]/.exec(value)?.[1]?.match(/[\w.-]+/g) ?? [];
      entries.push({
        entry: { name: match[3] ?? '', extras, spec: version, spaced: false },
        lineStart: start,
        value,
        valueStart: start + line.indexOf(value, (match[1] ?? '').length + (match[3] ?? '').length),
      });
    }
    start = end + (text.startsWith('\r\n', end) ? 2 : 1);
  }
  const declared = entries.map((item) => item.entry);
  const { missing, lackingExtras } = sortOut(declared, requirements);
  const style = neighbourStyle(declared, true);
  const braces = entries.some((item) => item.value.startsWith('{ ')) ? ['{ ', ' }'] : ['{', '}'];
  const eol = eolOf(text);
  const insertions: Insertion[] = [];
  const added: string[] = [];
  const warnings: string[] = [];
  for (const { index, requirement, extras } of lackingExtras) {
    const item = entries[index];
    if (item === undefined) continue;
    if (/^["']/.test(item.value)) {
      insertions.push({ offset: item.valueStart, text: `${braces[0]}version = ` });
      insertions.push({ offset: item.valueStart + item.value.length, text: `, extras = [${extras.map((extra) => `"${extra}"`).join(', ')}]${braces[1]}` });
      added.push(`${withExtras(requirement.name, extras)} (extra)`);
    } else {
      warnings.push(`${requirement.name} is declared without the ${extras.join(', ')} extra that ${requirement.neededBy} needs: add it to its entry.`);
    }
  }
  const names = declared.map((entry) => entry.name);
  const sorted = isSorted(names);
  for (const requirement of missing) {
    const line = poetryLine(requirement, style, braces);
    added.push(line);
    const before = entries[insertionIndex(names, requirement.name, sorted)];
    if (before !== undefined) insertions.push({ offset: before.lineStart, text: `${line}${eol}` });
    else if (lastContentEnd !== undefined) insertions.push({ offset: lastContentEnd, text: `${eol}${line}` });
    else insertions.push({ offset: body.start, text: `${line}${eol}` });
  }
  return { text: applyInsertions(text, insertions), added, warnings };
}

function poetryLine(requirement: PythonRequirement, style: NeighbourStyle, braces: readonly string[]): string {
  const spec = versionSpec(requirement, style);
  if (requirement.extras.length === 0) return `${requirement.name} = "${spec}"`;
  return `${requirement.name} = ${braces[0] ?? '{'}version = "${spec}", extras = [${requirement.extras.map((extra) => `"${extra}"`).join(', ')}]${braces[1] ?? '}'}`;
}

const COMPILED = /autogenerated by pip-compile|uv pip compile|generated by (?:pip-tools|uv|poetry export|pdm export)/i;

/** A requirements file (`requirements.txt`, `requirements/base.txt`, `requirements.in`). */
export function addToRequirementsFile(text: string, requirements: readonly PythonRequirement[], file: string): DeclarationEdit {
  const header = text.split('\n').slice(0, 8).join('\n');
  if (COMPILED.test(header)) {
    return { text, added: [], warnings: [`${file} is generated by a tool: declare ${requirements.map((item) => withExtras(item.name, item.extras)).join(', ')} in its source and regenerate it.`] };
  }
  const entries: { entry: DeclaredEntry; lineStart: number; raw: string }[] = [];
  let lastEnd: number | undefined;
  let continued = false;
  for (let start = 0; start < text.length; ) {
    const end = lineEndOf(text, start);
    const line = text.slice(start, end);
    if (/--hash[=\s]/.test(line)) {
      return { text, added: [], warnings: [`${file} pins hashes: declare ${requirements.map((item) => withExtras(item.name, item.extras)).join(', ')} with their hashes there.`] };
    }
    const trimmed = line.trim();
    if (!continued && trimmed !== '' && !trimmed.startsWith('#') && !trimmed.startsWith('-')) {
      const entry = parseRequirement(line);
      if (entry !== undefined) entries.push({ entry, lineStart: start, raw: line });
    }
    if (trimmed !== '' && !trimmed.startsWith('#')) lastEnd = end;
    continued = trimmed.endsWith('\\');
    start = end + (text.startsWith('\r\n', end) ? 2 : 1);
  }
  const declared = entries.map((item) => item.entry);
  const { missing, lackingExtras } = sortOut(declared, requirements);
  const style = neighbourStyle(declared);
  const eol = eolOf(text);
  const insertions: Insertion[] = [];
  const added: string[] = [];
  for (const { index, requirement, extras } of lackingExtras) {
    const item = entries[index];
    if (item === undefined) continue;
    insertions.push(extrasInsertion(item.raw, item.lineStart, item.entry, extras));
    added.push(`${withExtras(requirement.name, extras)} (extra)`);
  }
  const names = declared.map((entry) => entry.name);
  const sorted = isSorted(names);
  for (const requirement of missing) {
    const line = requirementLine(requirement, style);
    added.push(line);
    const before = entries[insertionIndex(names, requirement.name, sorted)];
    if (before !== undefined) insertions.push({ offset: before.lineStart, text: `${line}${eol}` });
    else if (lastEnd !== undefined) insertions.push({ offset: lastEnd, text: `${eol}${line}` });
    else insertions.push({ offset: text.length, text: `${line}${eol}` });
  }
  return { text: applyInsertions(text, insertions), added, warnings: [] };
}

/** Whether a requirements file lists anything (an empty one is not the project's declaration). */
export function declaresAny(text: string): boolean {
  return text.split('\n').some((line) => {
    const trimmed = line.trim();
    return trimmed !== '' && !trimmed.startsWith('#');
  });
}
