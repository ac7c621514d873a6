/**
 * Weak spots of a project's existing authentication, each reported with the minimal fix:
 * a literal default secret, decoding that does not pin algorithms or require exp and sub,
 * verification turned off, python-jose or passlib, 401 without WWW-Authenticate — and those
 * read from the index's facts (fact-weaknesses.ts).
 */
import type { ProjectFacts } from '../../project/facts';
import type { ReadText } from '../crud/modules';
import { findFactWeaknesses } from './fact-weaknesses';

export interface Weakness {
  readonly file: string;
  readonly message: string;
}

const SECRET_FIELD = /^\s*(SECRET_KEY|JWT_SECRET(?:_KEY)?|SIGNING_KEY|TOKEN_SECRET)\s*(?::[^=]+)?=\s*(?:os\.(?:environ\.get|getenv)\([^,]+,\s*)?["']([^"']+)["']/im;

export function findWeaknesses(facts: ProjectFacts, readText: ReadText): Weakness[] {
  const weaknesses: Weakness[] = [];
  for (const path of [...facts.files.keys()].sort()) {
    if (/(^|\/)tests?\//.test(path) || /(^|\/)test_[^/]*\.py$|conftest\.py$/.test(path)) continue;
    const text = readText(path);
    if (text === undefined) continue;
    const add = (message: string): void => {
      weaknesses.push({ file: path, message });
    };
    const secret = SECRET_FIELD.exec(text);
    if (secret) {
      add(`${secret[1] ?? 'the secret'} has a literal default: anyone can forge tokens when the variable is unset. Fix: drop the default (or use secrets.token_urlsafe(32)) and set it in the environment.`);
    }
    if (/^\s*(from jose\b|import jose\b)/m.test(text)) add('python-jose is unmaintained. Fix: use PyJWT (import jwt).');
    if (/^\s*(from passlib\b|import passlib\b)/m.test(text)) add('passlib is unmaintained. Fix: use pwdlib PasswordHash.recommended() (Argon2).');
    for (const call of text.matchAll(/jwt\.decode\(([\s\S]*?)\)\s*(?:\n|$)/g)) {
      const args = call[1] ?? '';
      if (!/algorithms\s*=/.test(args)) add('jwt.decode without algorithms=[...]. Fix: pin the algorithm list (algorithms=["HS256"]).');
      if (/verify_signature["']\s*:\s*False/.test(args)) add('jwt.decode with signature verification turned off. Fix: remove verify_signature=False.');
      if (!/require/.test(args)) add('jwt.decode does not require exp and sub: a token without exp is accepted forever. Fix: options={"require": ["exp", "sub"]}.');
    }
    if (/HTTP_401_UNAUTHORIZED|status_code=401/.test(text) && /jwt|token/i.test(text) && !/WWW-Authenticate/i.test(text)) {
      add('401 answers without a WWW-Authenticate header. Fix: headers={"WWW-Authenticate": "Bearer"}.');
    }
  }
  return [...weaknesses, ...findFactWeaknesses(facts, readText)];
}
