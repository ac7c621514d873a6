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
  it('reports from the parsed facts a 404 / 400 for an unknown or inactive subject, a privileged sign-up body and tokens without iat', async () => {
    const files = {
      'app/__init__.py': '',
      'app/main.py': [
        'from typing import Annotated',
        '',
        'import jwt',
        'from fastapi import Depends, FastAPI, HTTPException',
        'from sqlmodel import Field, Session, SQLModel',
        '',
        'app = FastAPI()',
        '',
        '',
        'class User(SQLModel, table=True):',
        '    id: int | None = Field(default=None, primary_key=True)',
        '    email: str',
        '    hashed_password: str',
        '    is_active: bool = True',
        '',
        '',
        'class UserIn(SQLModel):',
        '    email: str',
        '    password: str',
        '    is_superuser: bool = False',
        '',
        '',
        'def get_session() -> Session: ...',
        '',
        '',
        'def create_access_token(subject: str) -> str:',
        '    return jwt.encode({"sub": subject, "exp": 1}, "k", algorithm="HS256")',
        '',
        '',
        'def get_current_user(token: str, session: Annotated[Session, Depends(get_session)]) -> User:',
        '    payload = jwt.decode(token, "k", algorithms=["HS256"], options={"require": ["exp", "sub"]})',
        '    user = session.get(User, int(payload["sub"]))',
        '    if user is None:',
        '        raise HTTPException(status_code=404, detail="User not found")',
        '    if not user.is_active:',
        '        raise HTTPException(status_code=400, detail="Inactive user")',
        '    return user',
        '',
        '',
        '@app.post("/signup")',
        'def signup(body: UserIn) -> None: ...',
        '',
      ].join('\n'),
    };
    const facts = await indexFiles(files);
    const messages = findWeaknesses(facts, (path) => files[path as keyof typeof files]).map((weakness) => `${weakness.file}: ${weakness.message}`);
    for (const pattern of [
      /app\/main\.py: get_current_user answers 404 \/ 400 for an unknown or inactive token subject.*Fix: 401/,
      /app\/main\.py: POST \/signup takes is_superuser from the body \(UserIn\).*Fix:/,
      /app\/main\.py: create_access_token issues tokens without iat/,
    ]) {
      assert.ok(messages.some((message) => pattern.test(message)), `${String(pattern)} not in ${messages.join('\n')}`);
    }
  });
  it('reads code, not the modules a scaffolding script holds in triple-quoted templates, and never fixes those', async () => {
    const template = ['SECURITY_PY = dedent(', '    """', '    from jose import jwt', '', '    SECRET_KEY = "change-me"', '    """', ')', ''].join('\n');
    const clean = { 'scaffold.py': `from textwrap import dedent\n\n${template}`, 'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n' };
    assert.deepEqual(findWeaknesses(await indexFiles(clean), (path) => clean[path as keyof typeof clean]), []);
    // Its own code on python-jose as well: reported, but the fix, which would rewrite the template too, is withheld.
    const both = { ...clean, 'scaffold.py': `from textwrap import dedent\n\nfrom jose import jwt\n\n${template}\n\ndef check(token: str) -> object:\n    return jwt.decode(token, "k", algorithms=["HS256"], options={"require": ["exp"]})\n` };
    const jose = findWeaknesses(await indexFiles(both), (path) => both[path as keyof typeof both]).find((weakness) => weakness.id === 'jose');
    assert.equal(jose?.edits, undefined);
    assert.match(jose?.manual ?? '', /^not changed automatically: scaffold\.py also holds such code in a triple-quoted string \(a template\)/);
  });
});
