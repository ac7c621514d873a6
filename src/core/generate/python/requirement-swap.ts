/**
 * One declared package swapped for another (a library a fix replaces) where a Python project
 * declares what it needs: `[project].dependencies` of its pyproject.toml, or requirements*.txt.
 * A minimal text edit: every other byte stays as it was.
 */
import { parse } from 'smol-toml';

/** PEP 503 normalised name of a requirement: `Python_Jose[cryptography]>=3` → `python-jose`. */
export function requirementName(requirement: string): string {
  const name = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1] ?? '';
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function isDeclarationFile(path: string): boolean {
  return /(^|\/)pyproject\.toml$/.test(path) || /(^|\/)requirements[^/]*\.txt$/.test(path);
}

function declaredInPyproject(text: string): string[] {
  try {
    const project = (parse(text) as { project?: { dependencies?: unknown } }).project;
    const dependencies = project?.dependencies;
    return Array.isArray(dependencies) ? dependencies.filter((entry): entry is string => typeof entry === 'string') : [];
  } catch {
    return [];
  }
}

function declaredInRequirements(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('-'));
}

/** The requirements the file declares, as written. */
export function declaredRequirements(path: string, text: string): string[] {
  return path.endsWith('.toml') ? declaredInPyproject(text) : declaredInRequirements(text);
}

/**
 * `text` with the requirement named `oldName` replaced by `newRequirement` — or removed when a
 * requirement of that name is already declared. Undefined when the file does not declare `oldName`.
 */
export function replaceRequirement(path: string, text: string, oldName: string, newRequirement: string): string | undefined {
  const declared = declaredRequirements(path, text);
  const old = declared.find((entry) => requirementName(entry) === oldName);
  if (old === undefined) return undefined;
  const already = declared.some((entry) => requirementName(entry) === requirementName(newRequirement));
  if (path.endsWith('.toml')) {
    const start = /^\[project\]\s*$/m.exec(text)?.index ?? 0;
    const quoted = new RegExp(`(["'])${old.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`);
    const match = quoted.exec(text.slice(start));
    if (match === null) return undefined;
    const at = start + match.index;
    if (!already) return `${text.slice(0, at)}"${newRequirement}"${text.slice(at + match[0].length)}`;
    // Drop the entry with the comma and the space or line that separate it from its neighbours.
    const after = /^\s*,[ \t]*(\r?\n[ \t]*)?/.exec(text.slice(at + match[0].length))?.[0] ?? '';
    if (after !== '') return `${text.slice(0, at)}${text.slice(at + match[0].length + after.length)}`;
    const before = /,\s*$/.exec(text.slice(0, at))?.[0] ?? '';
    return `${text.slice(0, at - before.length)}${text.slice(at + match[0].length)}`;
  }
  const lines = text.split('\n');
  const index = lines.findIndex((line) => requirementName(line.replace(/#.*$/, '')) === oldName && !line.trim().startsWith('#'));
  if (index === -1) return undefined;
  if (already) lines.splice(index, 1);
  else lines[index] = newRequirement;
  return lines.join('\n');
}
