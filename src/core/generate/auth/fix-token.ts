/**
 * Fixes of how a project issues and checks its tokens: `jwt.decode` with the algorithm list
 * pinned, signature verification back on and `exp` / `sub` required; `iat` in the payload its
 * token creator signs; python-jose replaced by PyJWT, whose `encode` / `decode` it calls the
 * same way. Each is a pure function of the module's current text.
 */
import { scanDefinedNames, scanImports } from '../python/module-scan';
import type { ImportSet } from '../python/imports';
import { attributesOf, bracketSpan, callOffsets, fromImports, definitionLines, lineOffsets, rewriteBracket, withoutLines } from './fix-text';
import { callArguments } from './python-source';

export type FileFix = (text: string, imports: ImportSet) => string | undefined;

const keyword = (name: string) => (arg: string) => new RegExp(`^${name}\\s*=`).test(arg);
const isKeyword = (arg: string): boolean => /^\*|^\w+\s*=(?!=)/.test(arg);

/** The arguments of every `jwt.decode(...)` in the text, as written. */
export function decodeCalls(text: string): string[][] {
  return callOffsets(text, 'jwt.decode').flatMap((at) => {
    const span = bracketSpan(text, text.indexOf('(', at));
    return span === undefined ? [] : [[...span.args]];
  });
}

export function pinsAlgorithms(args: readonly string[]): boolean {
  return args.some(keyword('algorithms')) || (args.length >= 3 && !isKeyword(args[2] ?? ''));
}

function optionsArg(args: readonly string[]): string | undefined {
  return args.find(keyword('options'));
}

/** Entries of the `options={...}` literal, or undefined when options is not a dict literal. */
function optionEntries(args: readonly string[]): string[] | undefined {
  const options = optionsArg(args);
  if (options === undefined) return [];
  const value = options.replace(/^options\s*=\s*/, '');
  return value.startsWith('{') ? callArguments(value, 0) : undefined;
}

export function turnsVerificationOff(args: readonly string[]): boolean {
  return (optionEntries(args) ?? []).some((entry) => /^["']verify_signature["']\s*:\s*False$/.test(entry));
}

export function requiresClaims(args: readonly string[]): boolean {
  const options = optionsArg(args);
  return options !== undefined && /["']require/.test(options);
}

function withOptions(args: readonly string[], entries: readonly string[]): string[] {
  const kept = args.filter((arg) => !keyword('options')(arg));
  return entries.length === 0 ? kept : [...kept, `options={${entries.join(', ')}}`];
}

/** Rewrites every `jwt.decode(...)` whose arguments `change` alters (none: the text as it is); undefined when one could not be. */
function rewriteDecodes(text: string, change: (args: readonly string[]) => string[] | undefined): string | undefined {
  let current = text;
  for (const at of callOffsets(text, 'jwt.decode').reverse()) {
    const open = current.indexOf('(', at);
    const span = bracketSpan(current, open);
    const args = span === undefined ? undefined : change(span.args);
    if (args === undefined) continue;
    const rewritten = rewriteBracket(current, open, args);
    if (rewritten === undefined) return undefined;
    current = rewritten;
  }
  return current;
}

/** `algorithms=[<the project's own algorithm>]` after the positional arguments. */
export function pinAlgorithms(algorithm: string): FileFix {
  return (text) =>
    rewriteDecodes(text, (args) => {
      if (pinsAlgorithms(args)) return undefined;
      const positional = args.findIndex(isKeyword);
      const at = positional === -1 ? args.length : positional;
      return [...args.slice(0, at), `algorithms=[${algorithm}]`, ...args.slice(at)];
    });
}

export const verifySignature: FileFix = (text) =>
  rewriteDecodes(text, (args) => {
    const entries = optionEntries(args);
    if (entries === undefined || !turnsVerificationOff(args)) return undefined;
    return withOptions(
      args,
      entries.filter((entry) => !/^["']verify_signature["']\s*:/.test(entry)),
    );
  });

/** `options={"require": [...claims]}`, joining an options literal the call already has. */
export function requireClaims(claims: readonly string[]): FileFix {
  return (text) =>
    rewriteDecodes(text, (args) => {
      const entries = optionEntries(args);
      if (entries === undefined || requiresClaims(args)) return undefined;
      return withOptions(args, [...entries, `"require": [${claims.map((claim) => `"${claim}"`).join(', ')}]`]);
    });
}

/** The algorithm the project signs with, usable in `text`: its expression when its root name is bound there. */
export function algorithmIn(text: string, encodeAlgorithm: string | undefined): string | undefined {
  if (encodeAlgorithm === undefined) return '"HS256"';
  if (/^["']/.test(encodeAlgorithm)) return encodeAlgorithm;
  const root = encodeAlgorithm.split('.')[0] ?? '';
  return boundNames(text).has(root) ? encodeAlgorithm : undefined;
}

/** Top-level names a module binds by definition or import. */
export function boundNames(text: string): Set<string> {
  const names = scanDefinedNames(text);
  for (const fact of scanImports(text)) {
    if (fact.kind === 'import') names.add(fact.alias ?? fact.module.split('.')[0] ?? '');
    else for (const name of fact.names) names.add(name.alias ?? name.name);
  }
  return names;
}

/** The `algorithm=` of the first `jwt.encode(...)` among the texts. */
export function encodeAlgorithm(texts: readonly string[]): string | undefined {
  for (const text of texts) {
    for (const args of callOffsets(text, 'jwt.encode').map((at) => bracketSpan(text, text.indexOf('(', at))?.args ?? [])) {
      const algorithm = args.find(keyword('algorithm'));
      if (algorithm !== undefined) return algorithm.replace(/^algorithm\s*=\s*/, '');
    }
  }
  return undefined;
}

/** `"iat": <now>` beside `"exp"` in the payload the token creator `name` signs. */
export function addIssuedAt(name: string): FileFix {
  return (text, imports) => {
    const fn = definitionLines(text, name);
    if (fn === undefined) return undefined;
    const { from, to } = lineOffsets(text, fn.start, fn.end);
    const bound = boundNames(text);
    const datetimeImport = scanImports(text).find((fact) => fact.kind === 'from' && fact.module === 'datetime');
    const fromDatetime = new Set(datetimeImport?.names.map((entry) => entry.alias ?? entry.name) ?? []);
    let now: string;
    if (fromDatetime.has('datetime') && fromDatetime.has('UTC')) now = 'datetime.now(UTC)';
    else if (fromDatetime.has('datetime') && fromDatetime.has('timezone')) now = 'datetime.now(timezone.utc)';
    else if (!bound.has('datetime') && !bound.has('UTC')) {
      imports.from('datetime', 'UTC', 'datetime');
      now = 'datetime.now(UTC)';
    } else if (fromDatetime.has('datetime') && !bound.has('UTC')) {
      imports.from('datetime', 'UTC');
      now = 'datetime.now(UTC)';
    } else return undefined;
    for (let index = text.indexOf('{', from); index !== -1 && index < to; index = text.indexOf('{', index + 1)) {
      const span = bracketSpan(text, index);
      if (span === undefined || !span.args.some((arg) => /^["']exp["']\s*:/.test(arg))) continue;
      if (span.args.some((arg) => /^["']iat["']\s*:/.test(arg))) return undefined;
      return rewriteBracket(text, index, [...span.args, `"iat": ${now}`]);
    }
    return undefined;
  };
}

const JOSE_NAMES: Readonly<Record<string, string | undefined>> = { jwt: 'jwt', JWTError: 'InvalidTokenError', ExpiredSignatureError: 'ExpiredSignatureError' };

/** Why python-jose cannot be swapped for PyJWT in this module automatically, or undefined when it can. */
export function joseBlocker(text: string): string | undefined {
  if (/^\s*import\s+jose\b/m.test(text)) return 'it imports the jose package itself';
  const names = fromImports(text, 'jose').flatMap((statement) => statement.names);
  const unknown = names.filter((name) => JOSE_NAMES[name] === undefined);
  if (unknown.length > 0) return `it uses ${unknown.join(', ')} from jose, which PyJWT has no drop-in for`;
  const other = [...attributesOf(text, 'jwt')].filter((attribute) => attribute !== 'encode' && attribute !== 'decode');
  if (other.length > 0) return `it calls jwt.${other.join(', jwt.')}, which PyJWT spells differently`;
  return undefined;
}

/** `from jose import JWTError, jwt` → `import jwt` and `from jwt import InvalidTokenError`. */
export const joseToPyJwt: FileFix = (text, imports) => {
  const statements = fromImports(text, 'jose');
  if (statements.length === 0) return undefined;
  const names = new Set(statements.flatMap((statement) => statement.names));
  let after = withoutLines(text, statements);
  if (names.has('jwt')) imports.module('jwt');
  if (names.has('JWTError')) {
    imports.from('jwt', 'InvalidTokenError');
    after = after.replace(/(?<![\w.])JWTError\b/g, 'InvalidTokenError');
  }
  if (names.has('ExpiredSignatureError')) imports.from('jwt', 'ExpiredSignatureError');
  return after;
};
