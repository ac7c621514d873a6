import assert from 'node:assert/strict';
import { generateSecureRoutes } from '../../../src/core/generate/auth/index';
import { testRequestsTo } from '../../../src/core/project/test-requests';
import { auth, type Files, indexFiles, readFixture } from './auth-project';
import { baseProject } from './crud-project';

const NOTES_ROUTER = `from fastapi import APIRouter

from app.db import SessionDep

router = APIRouter(prefix="/notes", tags=["notes"])


@router.get("/")
def list_notes(session: SessionDep) -> list[str]:
    return []


@router.get("/{note_id}")
def read_note(note_id: int, session: SessionDep) -> str:
    return ""


@router.delete("/{note_id}")
def delete_note(note_id: int, session: SessionDep) -> None:
    return None
`;

const NOTES_TESTS = `from fastapi.testclient import TestClient

from app.main import app

NOTES_URL = "/notes/"
client = TestClient(app)


def test_list_notes() -> None:
    assert client.get(NOTES_URL).status_code == 200


def test_read_note() -> None:
    note_id = 3
    response = client.get(f"{NOTES_URL}{note_id}", params={"full": True})
    assert response.json().get("/notes/") is None


def test_health() -> None:
    assert client.get("/health/").status_code == 200


def test_delete_note_without_slash() -> None:
    assert client.delete("/notes/" + str(4)).status_code == 200


def test_list_notes_signed_in(token_headers: dict[str, str]) -> None:
    assert client.get(NOTES_URL, headers=token_headers).status_code == 200


def test_list_notes_as_json() -> None:
    assert client.get(NOTES_URL, headers={"Accept": "application/json"}).status_code == 200
`;

/** The base project with an unprotected notes router and a test module calling it in several ways. */
function project(): Files {
  const files = baseProject(true);
  return {
    ...files,
    'app/main.py': `${files['app/main.py'] ?? ''}`.replace(
      'from app.routers import health\n',
      'from app.routers import health, notes\n',
    ) + 'app.include_router(notes.router)\n',
    'app/routers/notes.py': NOTES_ROUTER,
    'tests/__init__.py': '',
    'tests/test_notes.py': NOTES_TESTS,
  };
}

describe('securing routes: the project tests that will get 401', () => {
  it('finds test-client calls through constants, f-strings, concatenation and query strings, by method', async () => {
    const facts = await indexFiles(project());
    const notes = facts.routes.filter((route) => route.path.startsWith('/notes'));
    const found = testRequestsTo(facts, notes).map((request) => `${request.file}:${request.line} ${request.inFunction ?? ''} ${request.route.method} ${request.route.path}`);
    // The dict's `.get("/notes/")` is no request to the app, and /health is not among the routes.
    assert.deepEqual(found, [
      'tests/test_notes.py:10 test_list_notes get /notes/',
      'tests/test_notes.py:15 test_read_note get /notes/{note_id}',
      'tests/test_notes.py:24 test_delete_note_without_slash delete /notes/{note_id}',
      // Token headers sign the request in; other headers do not.
      'tests/test_notes.py:32 test_list_notes_as_json get /notes/',
    ]);
  });

  it('lists each such call in a warning of the secure change set, and none for routes left public', async () => {
    const files = project();
    const changeSet = generateSecureRoutes(await indexFiles(files), { readText: (path) => files[path] });
    assert.match(changeSet.summary, /Now protected: GET \/notes\/, GET \/notes\/\{note_id\}, DELETE \/notes\/\{note_id\}/);
    assert.equal(changeSet.warnings.length, 1);
    const warning = changeSet.warnings[0] ?? '';
    assert.match(warning, /^4 requests in 1 of the project's test files call routes that now require a signed-in user, and will get 401 without a token: /);
    assert.match(warning, /tests\/test_notes\.py:10 \(test_list_notes\) calls GET \/notes\/; tests\/test_notes\.py:15 \(test_read_note\) calls GET \/notes\/\{note_id\}; tests\/test_notes\.py:24 \(test_delete_note_without_slash\) calls DELETE \/notes\/\{note_id\}; tests\/test_notes\.py:32 \(test_list_notes_as_json\) calls GET \/notes\/\./);
    assert.match(warning, /override get_current_user in their client fixture/);
    assert.doesNotMatch(warning, /health/);
  });

  it('says nothing when no test calls a route that becomes protected', async () => {
    const files = project();
    files['tests/test_notes.py'] = 'from app.main import app\n\n\ndef test_app() -> None:\n    assert app.title\n';
    const changeSet = generateSecureRoutes(await indexFiles(files), { readText: (path) => files[path] });
    assert.deepEqual(changeSet.warnings, []);
  });

  it('auth names the calls too, with the settings prefix filled in', async () => {
    const files = readFixture('auth-plain-settings');
    files['tests/test_projects_listed.py'] = [
      'from fastapi.testclient import TestClient',
      '',
      'from app.config import settings',
      'from app.main import app',
      '',
      '',
      'def test_projects_listed() -> None:',
      '    client = TestClient(app)',
      '    assert client.get(f"{settings.API_V1_STR}/projects/").status_code == 200',
      '    assert client.get("/health").status_code == 200',
      '',
    ].join('\n');
    const changeSet = auth(await indexFiles(files), files);
    const warning = changeSet.warnings.find((text) => /will get 401/.test(text)) ?? '';
    assert.match(warning, /^1 request in 1 of the project's test files calls routes/);
    assert.match(warning, /tests\/test_projects_listed\.py:9 \(test_projects_listed\) calls GET \/api\/v1\/projects\/\./);
  });
});
