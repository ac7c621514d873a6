/**
 * The versions of FastAPI, SQLModel and pydantic a project pins, read from its lock files
 * (`uv.lock`, `poetry.lock`: the exact version installed), else from `requirements*.txt` and
 * `pyproject.toml` specifiers (`==`, `<`, poetry's `^` and `~`). Generated code targets
 * SQLModel 0.0.16+ on pydantic 2 and FastAPI 0.95+; a project held below that is told why.
 */

export type ReadText = (path: string) => string | undefined;

export interface LibraryPin {
  readonly library: string;
  /** As written: `==0.0.8`, `^0.0.8`, `0.0.8` (lock). */
  readonly spec: string;
  /** The highest version the spec allows, when it has a ceiling. */
  readonly newestAllowed?: readonly number[];
  readonly file: string;
}

/** The oldest version generated code runs on, and what it needs from it. */
export const SUPPORTED: Readonly<Record<string, { readonly minimum: string; readonly needs: string }>> = {
  sqlmodel: { minimum: '0.0.16', needs: 'model_validate, model_dump and sqlmodel_update (pydantic 2)' },
  pydantic: { minimum: '2.0', needs: 'model_validate and model_dump' },
  fastapi: { minimum: '0.95', needs: 'Annotated dependencies and parameters' },
};

const REQUIREMENT_FILES = ['requirements.txt', 'requirements-dev.txt', 'requirements/base.txt', 'requirements/prod.txt', 'requirements/production.txt', 'requirements.in'];
const LOCK_FILES = ['uv.lock', 'poetry.lock'];

function parseVersion(text: string): number[] | undefined {
  const match = /^v?(\d+(?:\.\d+)*)/.exec(text.trim());
  return match?.[1]?.split('.').map(Number);
}

export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The newest version a specifier admits: `==0.0.8` → 0.0.8, `<0.0.14` → below 0.0.14, `^0.0.8` → 0.0.8.x. */
function ceilingOf(spec: string): number[] | undefined {
  let ceiling: number[] | undefined;
  const lower = (version: number[]): void => {
    if (ceiling === undefined || compareVersions(version, ceiling) < 0) ceiling = version;
  };
  for (const part of spec.split(',').map((piece) => piece.trim())) {
    const exact = /^===?\s*([\w.]+)$/.exec(part)?.[1] ?? (/^[\d.]+$/.test(part) ? part : undefined);
    const below = /^<=?\s*([\w.]+)$/.exec(part);
    const caret = /^\^\s*([\d.]+)$/.exec(part)?.[1];
    const tilde = /^~(?!=)\s*([\d.]+)$/.exec(part)?.[1];
    if (exact !== undefined) {
      const version = parseVersion(exact);
      if (version) lower(version);
    } else if (below?.[1] !== undefined) {
      const version = parseVersion(below[1]);
      // `<0.0.14` admits 0.0.13.x: one step below, close enough for a minimum check.
      if (version) lower(below[0].startsWith('<=') ? version : stepDown(version));
    } else if (caret !== undefined || tilde !== undefined) {
      const version = parseVersion(caret ?? tilde ?? '');
      if (version) lower(caretCeiling(version, tilde !== undefined));
    }
  }
  return ceiling;
}

function stepDown(version: readonly number[]): number[] {
  const copy = [...version];
  for (let index = copy.length - 1; index >= 0; index--) {
    if ((copy[index] ?? 0) > 0) {
      copy[index] = (copy[index] ?? 0) - 1;
      return [...copy.slice(0, index + 1), 9999];
    }
  }
  return copy;
}

/** Poetry's `^0.0.8` stays on 0.0.8; `^0.12` on 0.12.x; `~0.0.8` on 0.0.x. Returned as the newest admitted. */
function caretCeiling(version: readonly number[], tilde: boolean): number[] {
  const fixedParts = tilde ? Math.min(2, version.length) : Math.max(1, version.findIndex((part) => part !== 0) + 1);
  return [...version.slice(0, fixedParts), 9999];
}

function requirementPins(text: string, file: string, libraries: readonly string[]): LibraryPin[] {
  const pins: LibraryPin[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const match = /^([A-Za-z0-9_.-]+)\s*(?:\[[^\]]*\])?\s*([=<>!~^][^;]*)?/.exec(line);
    const name = match?.[1]?.toLowerCase().replace(/_/g, '-');
    if (name === undefined || !libraries.includes(name) || match?.[2] === undefined) continue;
    const spec = match[2].trim();
    const ceiling = ceilingOf(spec);
    pins.push({ library: name, spec, file, ...(ceiling ? { newestAllowed: ceiling } : {}) });
  }
  return pins;
}

/** `"sqlmodel==0.0.8"` entries of `dependencies = [...]`, and poetry's `sqlmodel = "^0.0.8"`. */
function pyprojectPins(text: string, file: string, libraries: readonly string[]): LibraryPin[] {
  const quoted = [...text.matchAll(/["']([A-Za-z0-9_.-]+\s*(?:\[[^\]]*\])?\s*[=<>!~][^"';]*)/g)].map((match) => match[1] ?? '');
  const poetry = [...text.matchAll(/^([A-Za-z0-9_.-]+)\s*=\s*(?:["']([^"']+)["']|\{[^}]*version\s*=\s*["']([^"']+)["'])/gm)].map(
    (match) => `${match[1] ?? ''} ${match[2] ?? match[3] ?? ''}`,
  );
  return requirementPins([...quoted, ...poetry].join('\n'), file, libraries);
}

/** `[[package]] name = "sqlmodel" version = "0.0.8"` in uv.lock and poetry.lock. */
function lockPins(text: string, file: string, libraries: readonly string[]): LibraryPin[] {
  const pins: LibraryPin[] = [];
  for (const block of text.split(/^\[\[package\]\]\s*$/m).slice(1)) {
    const name = /^name\s*=\s*"([^"]+)"/m.exec(block)?.[1]?.toLowerCase();
    const version = /^version\s*=\s*"([^"]+)"/m.exec(block)?.[1];
    const parsed = version === undefined ? undefined : parseVersion(version);
    if (name !== undefined && libraries.includes(name) && version !== undefined && parsed) {
      pins.push({ library: name, spec: version, newestAllowed: parsed, file });
    }
  }
  return pins;
}

/** The workspace root and every folder above `file`: where a project keeps its pins and settings. */
export function foldersAbove(file: string): string[] {
  const dirs = [''];
  const parts = file.split('/').slice(0, -1);
  for (let index = 1; index <= parts.length; index++) dirs.push(parts.slice(0, index).join('/'));
  return dirs;
}

/** Pins found in `dirs` (the workspace root, the project folders); lock files first. */
export function readLibraryPins(readText: ReadText, dirs: readonly string[]): LibraryPin[] {
  const libraries = Object.keys(SUPPORTED);
  const locked: LibraryPin[] = [];
  const specified: LibraryPin[] = [];
  for (const dir of dirs) {
    const at = (name: string): string => (dir === '' ? name : `${dir}/${name}`);
    for (const name of LOCK_FILES) {
      const text = readText(at(name));
      if (text !== undefined) locked.push(...lockPins(text, at(name), libraries));
    }
    const pyproject = readText(at('pyproject.toml'));
    if (pyproject !== undefined) specified.push(...pyprojectPins(pyproject, at('pyproject.toml'), libraries));
    for (const name of REQUIREMENT_FILES) {
      const text = readText(at(name));
      if (text !== undefined) specified.push(...requirementPins(text, at(name), libraries));
    }
  }
  // What a lock file installs is the version that runs; specifiers only matter without one.
  const lockedLibraries = new Set(locked.map((pin) => pin.library));
  return [...locked, ...specified.filter((pin) => !lockedLibraries.has(pin.library))];
}

/** Why the project's pins are too old for generated code, or undefined when they are not; `otherwise`: what the user may do instead. */
export function unsupportedPin(pins: readonly LibraryPin[], otherwise = 'write these routes by hand'): string | undefined {
  for (const pin of pins) {
    const support = SUPPORTED[pin.library];
    const minimum = support === undefined ? undefined : parseVersion(support.minimum);
    if (support === undefined || minimum === undefined || pin.newestAllowed === undefined) continue;
    if (compareVersions(pin.newestAllowed, minimum) < 0) {
      return (
        `${pin.file} holds ${pin.library} at ${pin.spec}; generated code needs ${pin.library} ${support.minimum} or newer ` +
        `(${support.needs}). Upgrade ${pin.library}, or ${otherwise}.`
      );
    }
  }
  return undefined;
}
