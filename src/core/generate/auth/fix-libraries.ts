/**
 * Fixes of what a project's sign-in is built on: a literal default secret becomes a random one
 * (the environment still wins); passlib's CryptContext becomes pwdlib's PasswordHash with
 * Argon2 for new hashes and bcrypt kept so existing hashes still verify. A swapped library is
 * swapped in the project's dependency declarations too.
 */
import { isDeclarationFile, replaceRequirement } from '../python/requirement-swap';
import { attributesOf, fromImports, withoutLines } from './fix-text';
import type { FileFix } from './fix-token';
import { statementEnd } from './python-source';

const CONTEXT_METHODS = new Set(['hash', 'verify', 'verify_and_update']);

interface CryptContextUse {
  readonly variable: string;
  readonly line: number;
  readonly schemes: readonly string[];
}

function cryptContext(text: string): CryptContextUse | undefined {
  const lines = text.split('\n');
  const line = lines.findIndex((candidate) => /^\w+\s*(:[^=]+)?=\s*CryptContext\(/.test(candidate));
  if (line === -1) return undefined;
  const statement = lines.slice(line, statementEnd(lines, line) + 1).join('\n');
  const schemes = [.../schemes\s*=\s*\[([^\]]*)\]/.exec(statement)?.[1]?.matchAll(/["'](\w+)["']/g) ?? []].map((match) => match[1] ?? '');
  return { variable: /^(\w+)/.exec(lines[line] ?? '')?.[1] ?? '', line, schemes };
}

/** Why passlib cannot be swapped for pwdlib in this module automatically, or undefined when it can. */
export function passlibBlocker(text: string): string | undefined {
  if (/^\s*import\s+passlib\b/m.test(text)) return 'it imports the passlib package itself';
  const names = fromImports(text, 'passlib').flatMap((statement) => statement.names);
  if (names.some((name) => name !== 'CryptContext')) return `it uses ${names.filter((name) => name !== 'CryptContext').join(', ')} from passlib`;
  const context = cryptContext(text);
  if (context === undefined) return 'its CryptContext is not assigned at module level';
  const unknown = context.schemes.filter((scheme) => scheme !== 'bcrypt' && scheme !== 'argon2');
  if (context.schemes.length === 0 || unknown.length > 0) {
    return `its hashes use ${unknown.join(', ') || 'schemes it does not list'}, which pwdlib cannot verify`;
  }
  const other = [...attributesOf(text, context.variable)].filter((method) => !CONTEXT_METHODS.has(method));
  if (other.length > 0) return `it calls ${context.variable}.${other.join(`, ${context.variable}.`)}, which pwdlib does not have`;
  return undefined;
}

/** `pwd_context = CryptContext(schemes=["bcrypt"], ...)` → `PasswordHash((Argon2Hasher(), BcryptHasher()))`. */
export const passlibToPwdlib: FileFix = (text, imports) => {
  const context = passlibBlocker(text) === undefined ? cryptContext(text) : undefined;
  if (context === undefined) return undefined;
  const lines = text.split('\n');
  const hashers = ['Argon2Hasher()', ...(context.schemes.includes('bcrypt') ? ['BcryptHasher()'] : [])];
  lines.splice(context.line, statementEnd(lines, context.line) - context.line + 1, `${context.variable} = PasswordHash((${hashers.join(', ')}${hashers.length === 1 ? ',' : ''}))`);
  imports.from('pwdlib', 'PasswordHash').from('pwdlib.hashers.argon2', 'Argon2Hasher');
  if (hashers.length > 1) imports.from('pwdlib.hashers.bcrypt', 'BcryptHasher');
  return withoutLines(lines.join('\n'), fromImports(lines.join('\n'), 'passlib'));
};

/** The requirement pwdlib needs for what the CryptContext hashed with. */
export function pwdlibRequirement(text: string): string {
  return cryptContext(text)?.schemes.includes('bcrypt') === false ? 'pwdlib[argon2]' : 'pwdlib[argon2,bcrypt]';
}

/** Swaps a declared package in pyproject.toml / requirements*.txt. */
export function swapRequirement(path: string, oldName: string, newRequirement: string): FileFix {
  // A second module's swap of the same library finds the declaration already swapped.
  return (text) => (isDeclarationFile(path) ? (replaceRequirement(path, text, oldName, newRequirement) ?? text) : undefined);
}

/** The declaration files among `candidates` that list `name`. */
export function declaringFiles(candidates: readonly string[], readText: (path: string) => string | undefined, name: string): string[] {
  return candidates.filter((path) => {
    const text = readText(path);
    return text !== undefined && replaceRequirement(path, text, name, name) !== undefined;
  });
}

const RANDOM_KEY = 'secrets.token_urlsafe(32)';

/**
 * The literal default of `name` replaced with a random key: in a pydantic-settings class the
 * environment already wins; anywhere else the environment variable is read first.
 */
export function randomSecret(name: string): FileFix {
  return (text, imports) => {
    const lines = text.split('\n');
    const line = lines.findIndex((candidate) => new RegExp(`^\\s*${name}\\s*(:[^=]+)?=`, 'i').test(candidate));
    const current = lines[line];
    if (current === undefined) return undefined;
    const [assignment = '', value = ''] = [current.slice(0, current.indexOf('=') + 1), current.slice(current.indexOf('=') + 1)];
    const literal = [...value.matchAll(/(["'])[^"']*\1/g)].at(-1);
    if (literal?.index === undefined) return undefined;
    const readsEnvironment = /os\.(environ\.get|getenv)\(/.test(value) || (/^\s+/.test(current) && /\bBaseSettings\b/.test(text));
    const replacement = readsEnvironment ? RANDOM_KEY : `os.environ.get("${name}", ${RANDOM_KEY})`;
    if (!readsEnvironment) imports.module('os');
    imports.module('secrets');
    lines[line] = `${assignment}${value.slice(0, literal.index)}${replacement}${value.slice(literal.index + literal[0].length)}`;
    return lines.join('\n');
  };
}
