/**
 * Weak spots of a project's existing authentication, each with a stable id and — where a
 * minimal fix is safe — the fix as edits of the files' text: a literal default secret,
 * decoding that does not pin algorithms or require exp and sub, verification turned off,
 * python-jose or passlib, 401 without WWW-Authenticate — and those read from the index's facts
 * (fact-weaknesses.ts). A weakness whose fix is not safe says why instead.
 */
import type { ProjectFacts } from '../../project/facts';
import type { ReadText } from '../crud/modules';
import { withoutLongStrings } from '../../python/long-strings';
import { findFactWeaknesses } from './fact-weaknesses';
import { declaringFiles, passlibBlocker, passlibToPwdlib, pwdlibRequirement, randomSecret, swapRequirement } from './fix-libraries';
import { challengeOn401, httpExceptions, lacksChallenge } from './fix-http';
import {
  algorithmIn,
  decodeCalls,
  encodeAlgorithm,
  joseBlocker,
  joseToPyJwt,
  pinAlgorithms,
  pinsAlgorithms,
  requireClaims,
  requiresClaims,
  turnsVerificationOff,
  verifySignature,
  type FileFix,
} from './fix-token';

export const WEAKNESS_IDS = [
  'literal-secret',
  'decode-algorithms',
  'verify-off',
  'decode-require',
  'no-iat',
  'jose',
  'passlib',
  '401-no-www-authenticate',
  'subject-404',
  'signup-privileged-fields',
] as const;

export type WeaknessId = (typeof WEAKNESS_IDS)[number];

export interface FixEdit {
  readonly file: string;
  readonly apply: FileFix;
}

export interface Weakness {
  readonly id: WeaknessId;
  readonly file: string;
  readonly message: string;
  /** What the fix does, one line; set with `edits`. */
  readonly title?: string;
  /** The fix: edits of the weak file first, then of any file it needs (dependency declarations). */
  readonly edits?: readonly FixEdit[];
  /** Why no fix is proposed, when `edits` is absent. */
  readonly manual?: string;
}

const SECRET_FIELD = /^\s*(SECRET_KEY|JWT_SECRET(?:_KEY)?|SIGNING_KEY|TOKEN_SECRET)\s*(?::[^=\n]+)?=\s*(?:os\.(?:environ\.get|getenv)\([^,]+,\s*)?["']([^"']+)["']/im;

export function isTestPath(path: string): boolean {
  return /(^|\/)tests?\//.test(path) || /(^|\/)test_[^/]*\.py$|conftest\.py$/.test(path);
}

/** pyproject.toml / requirements*.txt beside the project's packages and at its root. */
function declarationCandidates(facts: ProjectFacts): string[] {
  const folders = new Set(['', ...[...facts.files.keys()].map((path) => (path.includes('/') ? path.split('/')[0] ?? '' : ''))]);
  return [...folders].sort().flatMap((folder) => ['pyproject.toml', 'requirements.txt', 'requirements-dev.txt'].map((name) => (folder === '' ? name : `${folder}/${name}`)));
}

function libraryFix(
  facts: ProjectFacts,
  readText: ReadText,
  file: string,
  fix: FileFix,
  swap: { readonly from: string; readonly to: string },
): FixEdit[] {
  const declarations = declaringFiles(declarationCandidates(facts), readText, swap.from);
  return [{ file, apply: fix }, ...declarations.map((path) => ({ file: path, apply: swapRequirement(path, swap.from, swap.to) }))];
}

/** What the project's own tokens carry, read once: the algorithm they are signed with, and which claims to require. */
interface TokenShape {
  readonly algorithm: string | undefined;
  readonly claims: readonly string[];
}

function textWeaknesses(facts: ProjectFacts, readText: ReadText, path: string, text: string, tokens: TokenShape): Weakness[] {
  const { algorithm, claims } = tokens;
  const weaknesses: Weakness[] = [];
  const secret = SECRET_FIELD.exec(text);
  if (secret) {
    const name = secret[1] ?? 'SECRET_KEY';
    weaknesses.push({
      id: 'literal-secret',
      file: path,
      message: `${name} has a literal default: anyone can forge tokens when the variable is unset. Fix: drop the default (or use secrets.token_urlsafe(32)) and set it in the environment.`,
      title: `${name} defaults to a random key, secrets.token_urlsafe(32), instead of a literal (the environment still sets it; set it for every server process)`,
      edits: [{ file: path, apply: randomSecret(name) }],
    });
  }
  const decodes = decodeCalls(text);
  const pin = algorithmIn(text, algorithm);
  if (/^\s*(from jose\b|import jose\b)/m.test(text)) {
    // PyJWT refuses to decode without the algorithm list, so the swap pins it too.
    const unpinned = decodes.some((args) => !pinsAlgorithms(args));
    const blocker = joseBlocker(text) ?? (unpinned && pin === undefined ? `jwt.decode has no algorithms=[...], which PyJWT needs, and the signing algorithm is not in scope in ${path}` : undefined);
    const swap: FileFix = (current, imports) => {
      const swapped = joseToPyJwt(current, imports);
      return swapped === undefined || pin === undefined ? swapped : (pinAlgorithms(pin)(swapped, imports) ?? swapped);
    };
    weaknesses.push({
      id: 'jose',
      file: path,
      message: 'python-jose is unmaintained. Fix: use PyJWT (import jwt).',
      ...(blocker === undefined
        ? { title: 'python-jose replaced by PyJWT (import jwt; JWTError → InvalidTokenError)', edits: libraryFix(facts, readText, path, swap, { from: 'python-jose', to: 'pyjwt' }) }
        : { manual: `not changed automatically: ${blocker}` }),
    });
  }
  if (/^\s*(from passlib\b|import passlib\b)/m.test(text)) {
    const blocker = passlibBlocker(text);
    weaknesses.push({
      id: 'passlib',
      file: path,
      message: 'passlib is unmaintained. Fix: use pwdlib PasswordHash.recommended() (Argon2).',
      ...(blocker === undefined
        ? {
            title: 'passlib replaced by pwdlib: new hashes Argon2, existing bcrypt hashes still verify',
            edits: libraryFix(facts, readText, path, passlibToPwdlib, { from: 'passlib', to: pwdlibRequirement(text) }),
          }
        : { manual: `not changed automatically: ${blocker}` }),
    });
  }
  const decodeWeakness = (id: WeaknessId, message: string, title: string, apply: FileFix | string): Weakness =>
    typeof apply === 'string' ? { id, file: path, message, manual: apply } : { id, file: path, message, title, edits: [{ file: path, apply }] };
  for (const args of decodes) {
    if (!pinsAlgorithms(args)) {
      weaknesses.push(
        decodeWeakness(
          'decode-algorithms',
          'jwt.decode without algorithms=[...]. Fix: pin the algorithm list (algorithms=["HS256"]).',
          `jwt.decode pinned to algorithms=[${pin ?? ''}]`,
          pin !== undefined ? pinAlgorithms(pin) : `not changed automatically: the algorithm the tokens are signed with (${algorithm ?? ''}) is not in scope in ${path}`,
        ),
      );
    }
    if (turnsVerificationOff(args)) {
      weaknesses.push(decodeWeakness('verify-off', 'jwt.decode with signature verification turned off. Fix: remove verify_signature=False.', 'jwt.decode checks the signature again (verify_signature: False removed)', verifySignature));
    }
    if (!requiresClaims(args)) {
      weaknesses.push(
        decodeWeakness(
          'decode-require',
          'jwt.decode does not require exp and sub: a token without exp is accepted forever. Fix: options={"require": ["exp", "sub"]}.',
          `jwt.decode requires ${claims.join(' and ')} (options={"require": [...]})`,
          requireClaims(claims),
        ),
      );
    }
  }
  const unchallenged = httpExceptions(text).some(lacksChallenge);
  if (unchallenged && /jwt|token/i.test(text)) {
    weaknesses.push({
      id: '401-no-www-authenticate',
      file: path,
      message: '401 answers without a WWW-Authenticate header. Fix: headers={"WWW-Authenticate": "Bearer"}.',
      title: '401 answers carry headers={"WWW-Authenticate": "Bearer"}',
      edits: [{ file: path, apply: challengeOn401 }],
    });
  }
  return weaknesses;
}

/** Code the text fixes rewrite: where a module also holds it in a template, a fix would rewrite the template too. */
const FIXED_CODE = /^\s*(?:from|import)\s+(?:jose|passlib)\b|jwt\.decode\(|HTTPException\(|\b(?:SECRET_KEY|JWT_SECRET(?:_KEY)?|SIGNING_KEY|TOKEN_SECRET)\s*(?::[^=\n]+)?=/gm;

function holdsFixedCodeInStrings(text: string, code: string): boolean {
  return (text.match(FIXED_CODE)?.length ?? 0) > (code.match(FIXED_CODE)?.length ?? 0);
}

/** The weakness with its fix withheld: the module writes such code as text too (a scaffolding script). */
function withheld(weakness: Weakness): Weakness {
  if (weakness.edits === undefined) return weakness;
  return {
    id: weakness.id,
    file: weakness.file,
    message: weakness.message,
    manual: `not changed automatically: ${weakness.file} also holds such code in a triple-quoted string (a template), which the fix would change as well`,
  };
}

export function findWeaknesses(facts: ProjectFacts, readText: ReadText): Weakness[] {
  const weaknesses: Weakness[] = [];
  const sources = [...facts.files.keys()].sort().filter((path) => !isTestPath(path));
  // Read as code: what docstrings quote and templates hold is not the module's own code.
  const texts = new Map(sources.map((path) => [path, readText(path)] as const));
  const codes = new Map([...texts].map(([path, text]) => [path, withoutLongStrings(text ?? '')] as const));
  // `sub` is required only where the project's tokens carry one.
  const tokens: TokenShape = {
    algorithm: encodeAlgorithm([...codes.values()]),
    claims: [...codes.values()].some((code) => /["']sub["']\s*:/.test(code)) ? ['exp', 'sub'] : ['exp'],
  };
  for (const path of sources) {
    const text = texts.get(path);
    const code = codes.get(path);
    if (text === undefined || code === undefined) continue;
    const found = textWeaknesses(facts, readText, path, code, tokens);
    weaknesses.push(...(holdsFixedCodeInStrings(text, code) ? found.map(withheld) : found));
  }
  return [...weaknesses, ...findFactWeaknesses(facts, readText)];
}
