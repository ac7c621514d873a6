import assert from 'node:assert/strict';
import { findWeaknesses } from '../../../src/core/generate/auth/weaknesses';
import { indexFiles } from './crud-project';

const WEAK = `from fastapi import FastAPI, HTTPException
from jose import jwt
from passlib.context import CryptContext

SECRET_KEY = "change-me"
app = FastAPI()


def read_token(token: str) -> dict[str, str]:
    try:
        return jwt.decode(token, SECRET_KEY)
    except Exception:
        raise HTTPException(status_code=401, detail="bad token")
`;

describe('auth weaknesses', () => {
  it('reports a literal secret, jose, passlib, unpinned and unrequired decoding and a bare 401, each with a fix', async () => {
    const files = { 'app/main.py': WEAK, 'app/__init__.py': '' };
    const facts = await indexFiles(files);
    const messages = findWeaknesses(facts, (path) => files[path as keyof typeof files]).map((weakness) => `${weakness.file}: ${weakness.message}`);
    assert.ok(messages.some((message) => /app\/main\.py: SECRET_KEY has a literal default: anyone can forge tokens.*Fix:/.test(message)), messages.join('\n'));
    for (const pattern of [/python-jose/, /passlib/, /without algorithms=/, /does not require exp and sub/, /without a WWW-Authenticate header/]) {
      assert.ok(messages.some((message) => pattern.test(message)), `${String(pattern)} not in ${messages.join('\n')}`);
    }
  });

  it('reports nothing for the code the engine generates', async () => {
    const files = { 'app/security.py': 'import jwt\nfrom fastapi import HTTPException\n\n\ndef decode_token(token: str) -> object:\n    return jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"], options={"require": ["exp", "sub"]})\n', 'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n' };
    const facts = await indexFiles(files);
    assert.ok(facts.files.has('app/security.py'), 'the security module was read');
    assert.deepEqual(findWeaknesses(facts, (path) => files[path as keyof typeof files]), []);
  });
});
