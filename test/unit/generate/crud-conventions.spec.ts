import assert from 'node:assert/strict';
import type { FileChange } from '../../../src/core/changes/change-set';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { baseProject, type Files, flatCalls, generate, HEALTH, indexFiles, MAIN, withConventions } from './crud-project';

function text(changes: Map<string, FileChange>, path: string): string {
  const change = changes.get(path);
  assert.ok(change, `expected a change to ${path}; got ${[...changes.keys()].join(', ')}`);
  return change.after;
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('generateCrud conventions', () => {
  let plain: Files;
  let secured: Files;
  let plainFacts: ProjectFacts;
  let securedFacts: ProjectFacts;

  before(async () => {
    plain = baseProject(false);
    secured = baseProject(true);
    plainFacts = await indexFiles(plain);
    securedFacts = await indexFiles(secured);
  });

  describe('without auth', () => {
    it('creates the missing schemas beside the model, reusing its base', () => {
      const models = text(generate(plainFacts, plain, 'Note'), 'app/models.py');
      // Inserted right after the table class, the existing text otherwise byte-identical.
      const inserted = models.slice(models.indexOf('class NoteCreate'), models.indexOf('class Tag('));
      assert.equal(models.replace(inserted, ''), plain['app/models.py']);
      assert.ok(models.indexOf('class Note(NoteBase, table=True)') < models.indexOf('class NoteCreate'));
      // No signed-in user fills the owner here, so the client sends it.
      assert.match(models, /class NoteCreate\(NoteBase\):\n {4}owner_id: int\n/);
      assert.match(
        models,
        /class NoteUpdate\(SQLModel\):\n {4}title: str \| None = Field\(default=None, min_length=1, max_length=100\)\n {4}body: str \| None = None\n/,
      );
      assert.match(models, /class NotePublic\(NoteBase\):\n {4}id: int\n {4}owner_id: int\n/);
      assert.equal(count(models, 'class NoteCreate'), 1);
    });

    it('writes an open router with every operation and no current user', () => {
      const router = flatCalls(text(generate(plainFacts, plain, 'Note'), 'app/routers/notes.py'));
      assert.match(router, /^router = APIRouter\(prefix="\/notes", tags=\["notes"\]\)$/m);
      for (const decorator of ['@router.get("/"', '@router.get("/{note_id}"', '@router.post("/"', '@router.patch("/{note_id}"', '@router.delete("/{note_id}"']) {
        assert.equal(count(router, decorator), 1, decorator);
      }
      assert.doesNotMatch(router, /current_user/);
      assert.match(router, /raise HTTPException\(status_code=404, detail="Note not found"\)/);
      assert.match(router, /status_code=status\.HTTP_201_CREATED/);
      assert.match(router, /status_code=status\.HTTP_204_NO_CONTENT/);
      // The key never moves, whatever the update schema holds.
      assert.match(router, /note\.sqlmodel_update\(note_in\.model_dump\(exclude_unset=True, exclude=\{"id"\}\)\)/);
      assert.match(router, /skip: Annotated\[int, Query\(ge=0\)\] = 0/);
      // The docstring says what the route does, who may call it and when it answers an error.
      assert.match(router, /"""Read one note by id\.\n\n {4}Anyone may call it; no sign-in is needed\.\n\n {4}Answers 404 when no note has this id\.\n {4}"""/);
    });

    it('registers the router as a minimal edit of the include file', () => {
      const main = text(generate(plainFacts, plain, 'Note'), 'app/main.py');
      assert.equal(
        main,
        MAIN.replace('import health', 'import health, notes').replace(
          'app.include_router(health.router)\n',
          'app.include_router(health.router)\napp.include_router(notes.router)\n',
        ),
      );
    });

    it('writes self-contained tests overriding the session dependency', () => {
      const tests = text(generate(plainFacts, plain, 'Note'), 'tests/test_notes.py');
      assert.match(tests, /app\.dependency_overrides\[get_session\] = lambda: session/);
      assert.match(tests, /poolclass=StaticPool/);
      for (const name of ['test_create_note', 'test_create_note_rejects_invalid_input', 'test_read_note', 'test_read_note_not_found', 'test_list_notes_paginates', 'test_update_note', 'test_delete_note']) {
        assert.match(tests, new RegExp(`^def ${name}\\(`, 'm'), name);
      }
      assert.doesNotMatch(tests, /require_a_token/);
    });

    it('creates parent rows first for required foreign keys', () => {
      const tests = text(generate(plainFacts, plain, 'Note'), 'tests/test_notes.py');
      assert.match(tests, /^def make_user\(session: Session, index: int = 0\) -> User:/m);
      assert.match(tests, /owner = make_user\(session, index\)\n {4}assert owner\.id is not None\n/);
      assert.match(tests, /"owner_id": owner\.id/);
    });

    it('imports uuid for a uuid primary key', () => {
      const router = text(generate(plainFacts, plain, 'Tag'), 'app/routers/tags.py');
      assert.match(router, /^import uuid$/m);
      assert.match(router, /def read_tag\(tag_id: uuid\.UUID, session: SessionDep\) -> Tag:/);
    });

    it('is deterministic', () => {
      const first = [...generate(plainFacts, plain, 'Note').values()];
      const second = [...generate(plainFacts, plain, 'Note').values()];
      assert.deepEqual(first, second);
    });
  });

  describe('with auth', () => {
    it('leaves the owner out of the create schema', () => {
      const models = text(generate(securedFacts, secured, 'Note'), 'app/models.py');
      assert.match(models, /class NoteCreate\(NoteBase\):\n {4}pass\n/);
      assert.match(models, /class NotePublic\(NoteBase\):\n {4}id: int\n {4}owner_id: int\n/);
    });

    it('requires the current user on every route and scopes rows to their owner', () => {
      const router = text(generate(securedFacts, secured, 'Note'), 'app/routers/notes.py');
      assert.equal(count(router, 'current_user: CurrentUser'), 5);
      assert.match(router, /^from app\.deps import CurrentUser$/m);
      assert.match(router, /if not current_user\.is_superuser:\n {8}statement = statement\.where\(Note\.owner_id == current_user\.id\)/);
      assert.match(router, /note = Note\.model_validate\(note_in, update=\{"owner_id": current_user\.id\}\)/);
      assert.match(router, /not current_user\.is_superuser and note\.owner_id != current_user\.id/);
    });

    it('tests 401 without a token and that other users cannot see the rows', () => {
      const tests = text(generate(securedFacts, secured, 'Note'), 'tests/test_notes.py');
      assert.match(tests, /from app\.deps import create_access_token/);
      assert.match(tests, /f"Bearer \{create_access_token\(str\(user\.id\)\)\}"/);
      assert.match(tests, /^def test_notes_require_a_token\(/m);
      assert.match(tests, /^def test_other_users_notes_are_hidden\(/m);
      assert.match(tests, /note = make_note\(session, other_user\)/);
    });

    it('signs test tokens the way the token maker reads its first parameter', async () => {
      const maker = (signature: string, payload: string): string =>
        `def create_access_token(${signature}) -> str:\n    to_encode = ${payload}\n    return jwt.encode(to_encode, "secret", algorithm="HS256")\n`;
      const headersOf = async (tokenMaker: string): Promise<string> => {
        const files = { ...secured, 'app/deps.py': (secured['app/deps.py'] ?? '').replace(/def create_access_token[\s\S]*?\n\n\n/, `${tokenMaker}\n\n`) };
        assert.notEqual(files['app/deps.py'], secured['app/deps.py']);
        const tests = text(generate(await indexFiles(files), files, 'Note'), 'tests/test_notes.py');
        return tests.slice(tests.indexOf('def auth_headers_fixture'), tests.indexOf('\n\n\n', tests.indexOf('def auth_headers_fixture')));
      };
      // The subject itself, made into `sub` by the maker.
      assert.match(await headersOf(maker('data: Any, expires_delta: timedelta | None = None', '{"exp": 1, "sub": str(data)}')), /f"Bearer \{create_access_token\(str\(user\.id\)\)\}"/);
      // The claims: a dict holding double quotes, which an f-string in double quotes holds from
      // Python 3.12 only, so the token is made on its own line.
      const claims = await headersOf(maker('data: dict[str, Any]', 'data.copy()'));
      assert.match(claims, /^ {4}token = create_access_token\(\{"sub": str\(user\.id\)\}\)\n {4}return \{"Authorization": f"Bearer \{token\}"\}$/m);
      assert.match(await headersOf(maker('data', 'dict(data)')), /create_access_token\(\{"sub": str\(user\.id\)\}\)/);
    });

    it('signs test tokens with the claim the function a current-user wrapper depends on reads', async () => {
      // `get_current_active_user` wraps the function that looks the user up by the email in `sub`.
      const deps = (secured['app/deps.py'] ?? '')
        .replace('user = session.get(User, int(payload["sub"]))', 'user = session.exec(select(User).where(User.email == payload["sub"])).first()')
        .replace('CurrentUser = Annotated[User, Depends(get_current_user)]', [
          'def get_current_active_user(user: Annotated[User, Depends(get_current_user)]) -> User:',
          '    return user',
          '',
          '',
          'CurrentUser = Annotated[User, Depends(get_current_active_user)]',
        ].join('\n'))
        .replace('from app.db import SessionDep', 'from sqlmodel import select\n\nfrom app.db import SessionDep');
      const me = [
        'from fastapi import APIRouter, Depends',
        '',
        'from app.deps import get_current_active_user',
        'from app.models import User',
        '',
        'router = APIRouter()',
        '',
        '',
        '@router.get("/me")',
        'def read_me(user: User = Depends(get_current_active_user)) -> str:',
        '    return user.email',
        '',
      ].join('\n');
      const files = { ...secured, 'app/deps.py': deps, 'app/routers/me.py': me };
      const facts = await indexFiles(files);
      assert.equal(facts.dependencies.currentUser?.function, 'get_current_active_user');
      const tests = text(generate(facts, files, 'Note'), 'tests/test_notes.py');
      assert.match(tests, /f"Bearer \{create_access_token\(user\.email\)\}"/);
    });

    it('takes the current-user wrapper the routes name through their module (deps.get_current_active_user)', async () => {
      const deps = (secured['app/deps.py'] ?? '').replace(
        'CurrentUser = Annotated[User, Depends(get_current_user)]',
        ['def get_current_active_user(user: Annotated[User, Depends(get_current_user)]) -> User:', '    return user', '', '', 'CurrentUser = Annotated[User, Depends(get_current_user)]'].join('\n'),
      );
      const me = ['from fastapi import APIRouter, Depends', '', 'from app import deps', '', 'router = APIRouter()', '', '', '@router.get("/me")', 'def read_me(user=Depends(deps.get_current_active_user)) -> str:', '    return "me"', ''].join('\n');
      const facts = await indexFiles({ ...secured, 'app/deps.py': deps, 'app/routers/me.py': me });
      assert.equal(facts.dependencies.currentUser?.function, 'get_current_active_user');
    });

    it('keeps a model without an owner open to every signed-in user', () => {
      const router = text(generate(securedFacts, secured, 'Tag'), 'app/routers/tags.py');
      assert.equal(count(router, 'current_user: CurrentUser'), 5);
      assert.doesNotMatch(router, /owner_id/);
    });
  });

  describe('test imports', () => {
    it('imports the app by its absolute name where the tests do, whatever they import of their own relatively', async () => {
      const files: Files = {
        ...baseProject(false),
        'tests/__init__.py': '',
        'tests/helper.py': 'def payload() -> dict[str, str]:\n    return {"title": "x"}\n',
        'tests/test_health.py': 'from fastapi.testclient import TestClient\n\nfrom app.main import app\n\nfrom .helper import payload\n\n\ndef test_health() -> None:\n    assert TestClient(app).get("/health").status_code == 200\n    assert payload()\n',
      };
      const tests = text(generate(await indexFiles(files), files, 'Note'), 'tests/test_notes.py');
      assert.match(tests, /^from app\.main import app$/m);
      assert.doesNotMatch(tests, /^from \.\./m);
    });
  });

  describe('an update schema of the project\'s own', () => {
    it('sends every field it leaves without a default, in the update and its not-found test', async () => {
      const files: Files = { ...baseProject(false) };
      files['app/models.py'] = `${files['app/models.py'] ?? ''}\n\nclass NoteUpdate(SQLModel):\n    title: str | None\n    body: str | None\n`;
      const tests = text(generate(await indexFiles(files), files, 'Note'), 'tests/test_notes.py');
      const update = tests.slice(tests.indexOf('def test_update_note('), tests.indexOf('def test_update_note_not_found('));
      assert.match(update, /payload = \{"title": "[^"]*", "body": "[^"]*"\}/);
      const notFound = tests.slice(tests.indexOf('def test_update_note_not_found('));
      assert.match(notFound.slice(0, notFound.indexOf('\n\n\n')), /payload = \{"title": "[^"]*", "body": "[^"]*"\}[\s\S]*json=payload/);
    });
  });

  describe('convention branches', () => {
    it('returns an envelope with a count when the project does', () => {
      const facts = withConventions(plainFacts, { listShape: 'envelope' });
      const changes = generate(facts, plain, 'Note');
      assert.match(text(changes, 'app/models.py'), /class NotesPublic\(SQLModel\):\n {4}data: list\[NotePublic\]\n {4}count: int\n/);
      const router = text(changes, 'app/routers/notes.py');
      assert.match(router, /count = session\.exec\(count_statement\)\.one\(\)/);
      assert.match(router, /\) -> NotesPublic:/);
      assert.match(router, /data=\[NotePublic\.model_validate\(note\) for note in notes\]/);
      assert.match(text(changes, 'tests/test_notes.py'), /assert page\["count"\] == 3/);
    });

    it('uses PUT when the project updates with PUT', () => {
      const router = text(generate(withConventions(plainFacts, { updateMethod: 'put' }), plain, 'Note'), 'app/routers/notes.py');
      assert.match(flatCalls(router), /@router\.put\("\/\{note_id\}"/);
      assert.doesNotMatch(router, /@router\.patch/);
    });

    it('writes async routes in an async project', () => {
      const router = text(generate(withConventions(plainFacts, { async: true }), plain, 'Note'), 'app/routers/notes.py');
      assert.equal(count(router, 'async def '), 5);
      assert.doesNotMatch(router, /^def /m);
    });

    it('puts database code in a service module when the project has a service layer', () => {
      const layout = { ...securedFacts.conventions.layout, services: { value: { path: 'app/services', kind: 'dir' as const }, source: 'observed' as const } };
      const facts = { ...securedFacts, conventions: { ...securedFacts.conventions, layout } };
      const changes = generate(facts, secured, 'Note');
      const service = text(changes, 'app/services/note_service.py');
      assert.match(service, /^def list_notes\(/m);
      assert.match(service, /^def get_note\(session: Session, owner: User, note_id: int\) -> Note \| None:/m);
      assert.match(service, /^def create_note\(session: Session, owner: User, data: NoteCreate\) -> Note:/m);
      const router = text(changes, 'app/routers/notes.py');
      assert.match(router, /^from app\.services import note_service$/m);
      assert.match(router, /note = note_service\.get_note\(session, current_user, note_id\)/);
      assert.doesNotMatch(router, /session\.commit\(\)/);
    });

    it('aliases a service module named like the row variable', async () => {
      const files = { ...secured, 'app/services/__init__.py': '', 'app/services/tag.py': 'def list_tags() -> None:\n    pass\n' };
      const indexed = await indexFiles(files);
      const layout = { ...indexed.conventions.layout, services: { value: { path: 'app/services', kind: 'dir' as const }, source: 'observed' as const } };
      const changes = generate({ ...indexed, conventions: { ...indexed.conventions, layout } }, files, 'Note');
      const router = text(changes, 'app/routers/notes.py');
      assert.match(router, /^from app\.services import note as note_service$/m);
      assert.match(router, /note = note_service\.get_note\(session, current_user, note_id\)/);
      assert.ok(changes.has('app/services/note.py'));
    });

    it('follows the project on status codes and delete responses', () => {
      const facts = withConventions(plainFacts, { createStatus: 200, deleteReturns: 'model' });
      const router = text(generate(facts, plain, 'Note'), 'app/routers/notes.py');
      assert.match(flatCalls(router), /@router\.post\("\/", response_model=NotePublic(, responses=\{.*\})?\)\n/);
      assert.match(router, /deleted = NotePublic\.model_validate\(note\)\n {4}session\.delete\(note\)/);
    });

    it('answers 204 when deletes return a message but the project has no Message class', () => {
      const router = text(generate(withConventions(plainFacts, { deleteReturns: 'message' }), plain, 'Note'), 'app/routers/notes.py');
      assert.match(flatCalls(router), /@router\.delete\("\/\{note_id\}", status_code=status\.HTTP_204_NO_CONTENT, responses=\{404: /);
      assert.match(router, /def delete_note\(note_id: int, session: SessionDep\) -> None:/);
    });

    it('places the prefix on include_router when the project does', () => {
      const changes = generate(withConventions(plainFacts, { prefixPlacement: 'include' }), plain, 'Note');
      assert.match(text(changes, 'app/routers/notes.py'), /^router = APIRouter\(tags=\["notes"\]\)$/m);
      assert.match(text(changes, 'app/main.py'), /app\.include_router\(notes\.router, prefix="\/notes"\)/);
    });
  });

  describe('a model that already has routes', () => {
    const routes = `from fastapi import APIRouter

from app.db import SessionDep
from app.models import Note

router = APIRouter(prefix="/notes", tags=["notes"])


@router.get("/{note_id}")
def read_note(note_id: int, session: SessionDep) -> Note | None:
    return session.get(Note, note_id)
`;

    it('appends only the missing operations to the existing router', async () => {
      const files = { ...plain, 'app/routers/notes.py': routes, 'app/main.py': MAIN.replace('health', 'health, notes') };
      const facts = await indexFiles(files);
      const changes = generate(facts, files, 'Note');
      const router = flatCalls(text(changes, 'app/routers/notes.py'));
      assert.equal(count(router, '@router.get("/{note_id}"'), 1);
      assert.equal(count(router, 'def read_note('), 1);
      assert.equal(count(router, '@router.get("/"'), 1);
      assert.equal(count(router, '@router.delete("/{note_id}"'), 1);
      assert.ok(router.includes(routes.split('\n\n\n')[1] ?? 'missing'), 'existing route kept');
      assert.equal(changes.has('app/main.py'), false, 'already registered');
    });
  });

  it('keeps the health router untouched', () => {
    assert.equal(generate(plainFacts, plain, 'Note').has('app/routers/health.py'), false);
    assert.ok(HEALTH.length > 0);
  });
});
