/**
 * Requirements as a project writes them (`PyJWT>=2.8`, `pwdlib[argon2] == 0.3.1`, Poetry's
 * `^2.8`): reading one, comparing names the way pip does, and writing a new one in the style
 * of the entries already beside it.
 */

/** A distribution the generated code imports, with what it takes to declare it. */
export interface PythonRequirement {
  /** Distribution name as it is added: `pyjwt`. */
  readonly name: string;
  readonly extras: readonly string[];
  /** Oldest version the generated code works with, for `>=`, `~=` and `^` styles. */
  readonly minimum: string;
  /** The version the generated code is verified with, for projects that pin with `==`. */
  readonly tested: string;
  /** What in the new code needs it: `import jwt`. */
  readonly neededBy: string;
}

/** A requirement already declared, as read from the file. */
export interface DeclaredEntry {
  readonly name: string;
  readonly extras: readonly string[];
  /** The version part as written (`>=2.8`, `^2.8`, `*`, empty for a bare name). */
  readonly spec: string;
  /** Whitespace between the name (and extras) and the operator: `pyjwt >= 2.8`. */
  readonly spaced: boolean;
}

/** PEP 503: case, and runs of `-`, `_` and `.`, do not tell names apart (`PyJWT` is `pyjwt`). */
export function normalisedName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Reads a PEP 508 line (`PyJWT[crypto]>=2.8 ; python_version>"3.8"`); undefined for anything else. */
export function parseRequirement(text: string): DeclaredEntry | undefined {
  const match = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(?:\s*\[([^\]]*)\])?(\s*)([^;#]*)/.exec(text);
  if (match === null) return undefined;
  const extras = (match[2] ?? '')
    .split(',')
    .map((extra) => extra.trim())
    .filter((extra) => extra !== '');
  const spec = (match[4] ?? '').trim();
  return { name: match[1] ?? '', extras, spec, spaced: (match[3] ?? '') !== '' && spec !== '' };
}

type VersionStyle = 'bare' | 'pin' | 'minimum' | 'compatible' | 'caret' | 'tilde' | 'any';

function styleOf(spec: string): VersionStyle | undefined {
  if (spec === '') return 'bare';
  if (spec === '*') return 'any';
  if (spec.startsWith('==')) return 'pin';
  if (spec.startsWith('>=')) return 'minimum';
  if (spec.startsWith('~=')) return 'compatible';
  if (spec.startsWith('^')) return 'caret';
  if (spec.startsWith('~')) return 'tilde';
  // A bare version is Poetry's exact pin.
  if (/^\d/.test(spec)) return 'pin';
  return undefined;
}

/** How the neighbours write versions: the most common style (the first one on a tie), bare when none. */
export interface NeighbourStyle {
  readonly style: VersionStyle;
  readonly spaced: boolean;
  /** Poetry writes exact pins without `==`. */
  readonly poetry: boolean;
}

export function neighbourStyle(entries: readonly DeclaredEntry[], poetry = false): NeighbourStyle {
  const counts = new Map<VersionStyle, { count: number; spaced: boolean }>();
  for (const entry of entries) {
    const style = styleOf(entry.spec);
    if (style === undefined) continue;
    const seen = counts.get(style);
    counts.set(style, { count: (seen?.count ?? 0) + 1, spaced: seen?.spaced ?? entry.spaced });
  }
  let best: { style: VersionStyle; count: number; spaced: boolean } | undefined;
  for (const [style, { count, spaced }] of counts) {
    if (best === undefined || count > best.count) best = { style, count, spaced };
  }
  return { style: best?.style ?? (poetry ? 'any' : 'bare'), spaced: best?.spaced ?? false, poetry };
}

/** The version part of a new requirement in the neighbours' style: `>=2.8`, `==2.15.1`, `^2.8`. */
export function versionSpec(requirement: PythonRequirement, style: NeighbourStyle): string {
  switch (style.style) {
    case 'bare':
      return '';
    case 'any':
      return '*';
    case 'pin':
      return style.poetry ? requirement.tested : `==${requirement.tested}`;
    case 'minimum':
      return `>=${requirement.minimum}`;
    case 'compatible':
      return `~=${requirement.minimum}`;
    case 'caret':
      return `^${requirement.minimum}`;
    case 'tilde':
      return `~${requirement.minimum}`;
  }
}

export function withExtras(name: string, extras: readonly string[]): string {
  return extras.length === 0 ? name : `${name}[${extras.join(',')}]`;
}

/** A PEP 508 line for a new requirement, written like its neighbours. */
export function requirementLine(requirement: PythonRequirement, style: NeighbourStyle): string {
  const spec = versionSpec(requirement, style);
  const name = withExtras(requirement.name, requirement.extras);
  if (spec === '') return name;
  return style.spaced ? `${name} ${spec.replace(/^([=<>~!]+)/, '$1 ')}` : `${name}${spec}`;
}

/** Extras the generated code needs that an entry already present lacks. */
export function missingExtras(entry: DeclaredEntry, requirement: PythonRequirement): string[] {
  const have = new Set(entry.extras.map(normalisedName));
  return requirement.extras.filter((extra) => !have.has(normalisedName(extra)));
}

/** Whether names are kept in alphabetical order, so a new one goes to its place rather than last. */
export function isSorted(names: readonly string[]): boolean {
  return names.every((name, index) => index === 0 || normalisedName(names[index - 1] ?? '') <= normalisedName(name));
}

/**
 * Where each new name goes among the existing ones: before the first greater one when the list
 * is sorted, else at the end. Returned as the index of the existing entry it goes before.
 */
export function insertionIndex(existing: readonly string[], name: string, sorted: boolean): number {
  if (!sorted) return existing.length;
  const key = normalisedName(name);
  const index = existing.findIndex((other) => normalisedName(other) > key);
  return index < 0 ? existing.length : index;
}
