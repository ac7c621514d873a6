import assert from 'node:assert/strict';
import type { ChangeSet } from '../../../src/core/changes/change-set';
import { applyFixes, chosenFixIds } from '../../../src/core/generate/auth/fixes';
import { AuthRefusal } from '../../../src/core/generate/auth/index';
import { findWeaknesses } from '../../../src/core/generate/auth/weaknesses';
import { applied, auth, indexFiles, readFixture, type Files } from './auth-project';

function textOf(changeSet: ChangeSet, files: Files, path: string): string {
  return changeSet.changes.find((change) => change.path === path)?.after ?? files[path] ?? '';
}

const WEAK = readFixture('weak-auth');

/** Each fix of the weak fixture: the files it edits and a text only it writes there. */
const FIXES: readonly { id: string; edits: Record<string, RegExp> }[] = [
  { id: 'literal-secret', edits: { 'app/config.py': /SECRET_KEY: str = secrets\.token_urlsafe\(32\)/ } },
  { id: 'decode-require', edits: { 'app/deps.py': /options=\{"require": \["exp", "sub"\]\}/ } },
  { id: 'no-iat', edits: { 'app/security.py': /"iat": datetime\.now\(UTC\)/ } },
  {
    id: 'passlib',
    edits: { 'app/security.py': /PasswordHash\(\(Argon2Hasher\(\), BcryptHasher\(\)\)\)/, 'pyproject.toml': /"pwdlib\[argon2,bcrypt\]"/ },
  },
  {
    id: '401-no-www-authenticate',
    edits: {
      'app/main.py': /detail="Incorrect email or password",\n\s+headers=\{"WWW-Authenticate": "Bearer"\}/,
      'app/deps.py': /detail="Could not validate credentials",\n\s+headers=\{"WWW-Authenticate": "Bearer"\}/,
    },
  },
  { id: 'subject-404', edits: { 'app/deps.py': /status_code=403, detail="Inactive user"/ } },
  { id: 'signup-privileged-fields', edits: { 'app/models.py': /class UserRegister\(SQLModel\)/, 'app/main.py': /user_in: UserRegister/ } },
];

describe('auth weakness fixes', () => {
  it('proposes a fix with a stable id for every weakness of the weak fixture, all applied by default', async () => {
    const facts = await indexFiles(WEAK);
    const changeSet = auth(facts, WEAK);
    const ids = [...new Set(changeSet.fixes?.map((fix) => fix.id))].sort();
    assert.deepEqual(ids, [
      '401-no-www-authenticate',
      'decode-algorithms',
      'decode-require',
      'jose',
      'literal-secret',
      'no-iat',
      'passlib',
      'signup-privileged-fields',
      'subject-404',
    ]);
    assert.ok(changeSet.fixes?.every((fix) => fix.included), JSON.stringify(changeSet.fixes));
    for (const { edits } of FIXES) {
      for (const [path, pattern] of Object.entries(edits)) assert.match(textOf(changeSet, WEAK, path), pattern, path);
    }
    // No weakness is left as a warning once its fix is in.
    assert.deepEqual(changeSet.warnings.filter((warning) => /Fix:/.test(warning)), []);
  });

  it('swaps python-jose for PyJWT in every module and in pyproject, pinning the algorithm PyJWT needs', async () => {
    const facts = await indexFiles(WEAK);
    const changeSet = auth(facts, WEAK);
    const deps = textOf(changeSet, WEAK, 'app/deps.py');
    const security = textOf(changeSet, WEAK, 'app/security.py');
    assert.doesNotMatch(`${deps}${security}`, /jose|JWTError/);
    assert.match(deps, /^import jwt$/m);
    assert.match(deps, /^from jwt import InvalidTokenError$/m);
    assert.match(deps, /except \(InvalidTokenError, KeyError, ValueError\) as exc:/);
    assert.match(deps, /algorithms=\[settings\.ALGORITHM\]/);
    assert.equal(security.match(/^import jwt$/gm)?.length, 1);
    const pyproject = textOf(changeSet, WEAK, 'pyproject.toml');
    assert.match(pyproject, /"pyjwt",/);
    assert.doesNotMatch(pyproject, /"python-jose|"passlib\[/);
  });

  for (const { id, edits } of FIXES) {
    it(`${id}: deselected, its edits are left out, its warning stays and the rest of the change set is identical`, async () => {
      const facts = await indexFiles(WEAK);
      const all = auth(facts, WEAK);
      const chosen = [...new Set(all.fixes?.map((fix) => fix.id))].filter((other) => other !== id);
      const without = auth(facts, WEAK, { fixes: chosen });
      assert.equal(without.fixes?.find((fix) => fix.id === id)?.included, false);
      assert.ok(without.warnings.some((warning) => warning.includes('Fix:')), without.warnings.join('\n'));
      for (const [path, pattern] of Object.entries(edits)) assert.doesNotMatch(textOf(without, WEAK, path), pattern, path);
      const touched = new Set(Object.keys(edits));
      for (const change of all.changes.filter((candidate) => !touched.has(candidate.path))) {
        assert.equal(textOf(without, WEAK, change.path), change.after, `${change.path} differs`);
      }
    });
  }

  it('refuses to complete a python-jose sign-in without the jose fix, since the completion is PyJWT code', async () => {
    const facts = await indexFiles(WEAK);
    assert.throws(() => auth(facts, WEAK, { fixes: 'none' }), (error: unknown) => error instanceof AuthRefusal && /keep the jose fix/.test(error.message));
  });

  it('refuses unknown fix ids and ids not proposed for the project, naming what is', async () => {
    const files = readFixture('layered-backend');
    const facts = await indexFiles(files);
    assert.throws(() => auth(facts, files, { fixes: ['literal-secrets'] }), /Unknown fix literal-secrets; the fixes are literal-secret, /);
    assert.throws(() => auth(facts, files, { fixes: ['jose'] }), /No fix jose is proposed for this project \(proposed: literal-secret, decode-require, no-iat\)/);
  });

  it('applies the fixes on top of the completion: a file both edit is one change with both', async () => {
    const files = readFixture('fullstack-template');
    const facts = await indexFiles(files);
    const none = auth(facts, files, { fixes: 'none' });
    const all = auth(facts, files);
    assert.deepEqual(
      all.changes.map((change) => change.path),
      none.changes.map((change) => change.path),
    );
    const deps = textOf(all, files, 'app/api/deps.py');
    assert.match(deps, /if payload\.get\("type", "access"\) != "access":/, 'the completion is still there');
    assert.match(deps, /options=\{"require": \["exp", "sub"\]\}/);
    assert.match(deps, /status_code=401,\n\s+detail="User not found",\n\s+headers=\{"WWW-Authenticate": "Bearer"\},/);
    assert.match(all.changes.find((change) => change.path === 'app/api/deps.py')?.description ?? '', /fixes: jwt\.decode requires exp and sub/);
    assert.ok(none.fixes?.every((fix) => !fix.included));
  });

  it('gives a complete sign-in with weaknesses the fixes alone, and refuses once nothing is left to fix', async () => {
    const start = readFixture('layered-backend');
    const completed = applied(start, auth(await indexFiles(start), start, { fixes: 'none' }));
    const facts = await indexFiles(completed);
    const fixes = auth(facts, completed);
    assert.equal(fixes.title, 'Fix weaknesses in the existing sign-in');
    assert.match(fixes.summary, /^The project already has complete JWT authentication: .*; fixed: /);
    assert.deepEqual(fixes.changes.map((change) => change.path).sort(), ['backend/config.py', 'backend/middleware/auth.py']);
    assert.throws(() => auth(facts, completed, { fixes: 'none' }), /already has complete JWT authentication: .* No fix was chosen \(proposed: literal-secret, decode-require, no-iat\)\./);
    const fixed = applied(completed, fixes);
    const refacts = await indexFiles(fixed);
    assert.throws(
      () => auth(refacts, fixed),
      (error: unknown) => error instanceof AuthRefusal && /^The project already has complete JWT authentication: .*\(backend\/models\/user\.py\)\.$/.test(error.message),
    );
  });

  it('turns signature verification back on and pins the algorithm of the project in a PyJWT module', async () => {
    const files = {
      'app/__init__.py': '',
      'app/main.py': 'from fastapi import FastAPI\n\nfrom app.tokens import read_token\n\napp = FastAPI()\n\n\n@app.get("/whoami")\ndef whoami(token: str) -> dict[str, str]:\n    return read_token(token)\n',
      'app/tokens.py': [
        'import jwt',
        '',
        'ALGORITHM = "HS256"',
        'KEY = "k"',
        '',
        '',
        'def make_token(sub: str) -> str:',
        '    return jwt.encode({"sub": sub, "exp": 1, "iat": 0}, KEY, algorithm=ALGORITHM)',
        '',
        '',
        'def read_token(token: str) -> dict[str, str]:',
        '    return jwt.decode(token, KEY, options={"verify_signature": False, "require": ["exp"]})',
        '',
      ].join('\n'),
    };
    const facts = await indexFiles(files);
    const weaknesses = findWeaknesses(facts, (path) => files[path as keyof typeof files]);
    const fixed = applyFixes(facts, (path) => files[path as keyof typeof files], [], weaknesses, chosenFixIds(weaknesses, ['decode-algorithms', 'verify-off']));
    const tokens = fixed.changes.find((change) => change.path === 'app/tokens.py')?.after ?? '';
    assert.match(tokens, /return jwt\.decode\(\n\s+token,\n\s+KEY,\n\s+algorithms=\[ALGORITHM\],\n\s+options=\{"require": \["exp"\]\},\n\s+\)/);
    assert.doesNotMatch(tokens, /verify_signature/);
  });

  it('leaves a fix that is not safe as a warning that says why', async () => {
    const files = {
      'app/__init__.py': '',
      'app/main.py': [
        'from fastapi import FastAPI',
        'from passlib.context import CryptContext',
        '',
        'app = FastAPI()',
        'pwd_context = CryptContext(schemes=["md5_crypt", "bcrypt"])',
        '',
        '',
        '@app.get("/ping")',
        'def ping() -> str:',
        '    return "pong"',
        '',
      ].join('\n'),
    };
    const facts = await indexFiles(files);
    const weaknesses = findWeaknesses(facts, (path) => files[path as keyof typeof files]);
    const changeSet = applyFixes(facts, (path) => files[path as keyof typeof files], [], weaknesses, chosenFixIds(weaknesses, 'all'));
    assert.deepEqual(changeSet.changes, []);
    assert.ok(!changeSet.fixes.some((fix) => fix.id === 'passlib'));
    assert.ok(
      changeSet.warnings.some((warning) => /passlib is unmaintained.*not changed automatically: its hashes use md5_crypt, which pwdlib cannot verify/.test(warning)),
      changeSet.warnings.join('\n'),
    );
  });
});
