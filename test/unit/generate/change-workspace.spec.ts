import assert from 'node:assert/strict';
import { ChangeWorkspace } from '../../../src/core/generate/crud/workspace';
import { indexFiles } from './crud-project';

describe('the change workspace the engines write through', () => {
  it('writes no new module that would only import, and still an empty new package marker', async () => {
    const files = { 'app/__init__.py': '', 'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n' };
    const workspace = new ChangeWorkspace(await indexFiles(files), (path) => files[path as keyof typeof files], new Set(['app']));
    // Given up on after its imports were collected, as tests are for a model without sample rows.
    workspace.file('tests/test_teams.py', 'tests.test_teams').imports.from('fastapi.testclient', 'TestClient');
    workspace.file('app/routers/__init__.py', 'app.routers');
    const created = workspace.file('app/routers/teams.py', 'app.routers.teams');
    created.imports.from('fastapi', 'APIRouter');
    created.blocks.push('router = APIRouter()');
    assert.deepEqual(
      workspace.toChanges().map((change) => [change.path, change.after]),
      [
        ['app/routers/__init__.py', '\n'],
        ['app/routers/teams.py', 'from fastapi import APIRouter\n\nrouter = APIRouter()\n'],
      ],
    );
  });
});
