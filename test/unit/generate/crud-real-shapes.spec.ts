import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import type { ChangeSet } from '../../../src/core/changes/change-set';
import { CrudRefusal, generateCrud } from '../../../src/core/generate/crud/index';
import { flatCalls } from './crud-project';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { temporaryProject } from '../project/fixture-index';

/**
 * The CRUD engine on project shapes seen in real code bases: an API router including a single
 * router under `/api/v1`, routers that disagree, deletes answering `{"ok": True}` or 204 through a
 * returned Response, rows owned through a parent, session-scoped test suites, a package whose
 * tests import relatively, and a project pinned to a SQLModel too old for the generated code.
 */
async function indexFixture(name: string): Promise<ProjectFacts> {
  const root = join('test', 'fixtures', name);
  return new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
}

function after(changeSet: ChangeSet, path: string): string {
  const change = changeSet.changes.find((candidate) => candidate.path === path);
  assert.ok(change, `expected a change to ${path}; got ${changeSet.changes.map((candidate) => candidate.path).join(', ')}`);
  return change.after;
}

/** The text of one top-level `def name(...)` block. */
function functionBlock(text: string, name: string): string {
  const start = text.indexOf(`def ${name}(`);
  assert.ok(start >= 0, `no def ${name}`);
  const end = text.indexOf('\n\n\n', start);
  return text.slice(start, end < 0 ? undefined : end);
}

describe('CRUD on real project shapes', function () {
  this.timeout(60_000);

  describe('an API router including one owned router, a users router that disagrees, a session-scoped suite', () => {
    let facts: ProjectFacts;
    let comments: ChangeSet;

    before(async () => {
      facts = await indexFixture('scoped-suite');
      comments = generateCrud(facts, 'Comment');
    });

    it('includes new routers where the resource routers are, under their /api/v1 prefix', () => {
      assert.deepEqual(facts.conventions.includePoint.value, { file: 'app/api/main.py', target: 'api_router' });
      assert.equal(facts.conventions.apiPrefix.value, '/api/v1');
      assert.match(after(comments, 'app/api/main.py'), /^api_router\.include_router\(comments\.router\)$/m);
      assert.match(after(comments, 'tests/test_comments.py'), /^COMMENTS_URL = "\/api\/v1\/comments\/"$/m);
    });

    it('follows the owned router over the users router, and says so', () => {
      const update = facts.conventions.updateMethod;
      assert.equal(update.value, 'put');
      assert.match(update.evidence ?? '', /app\/api\/routes\/tasks\.py \(closest analogue.*not patch as in app\/api\/routes\/users\.py/);
      assert.match(comments.summary, /update method follows app\/api\/routes\/tasks\.py \(closest analogue/);
      assert.match(flatCalls(after(comments, 'app/api/routes/comments.py')), /^@router\.put\("\/\{comment_id\}"/m);
    });

    it('reads the status of a delete that returns Response(status_code=204) and of creates without one', () => {
      assert.deepEqual([facts.conventions.deleteStatus.value, facts.conventions.deleteReturns.value], [204, 'none']);
      assert.deepEqual([facts.conventions.createStatus.value, facts.conventions.createStatus.source], [200, 'observed']);
      const router = flatCalls(after(comments, 'app/api/routes/comments.py'));
      assert.match(router, /@router\.delete\("\/\{comment_id\}", status_code=status\.HTTP_204_NO_CONTENT, responses=/);
      assert.match(router, /@router\.post\("\/", response_model=CommentPublic, responses=\{[^\n]*\}\)\n/);
    });

    it('scopes rows owned through their task to the task owner, and checks the task on create', () => {
      const router = after(comments, 'app/api/routes/comments.py');
      assert.match(functionBlock(router, 'read_comments'), /statement = statement\.join\(Task\)\.where\(Task\.owner_id == current_user\.id\)/);
      for (const name of ['read_comment', 'update_comment', 'delete_comment']) {
        const block = functionBlock(router, name);
        assert.match(block, /parent_task = None if comment is None else session\.get\(Task, comment\.task_id\)/, name);
        assert.match(block, /parent_task\.owner_id != current_user\.id/, name);
      }
      const create = functionBlock(router, 'create_comment');
      assert.match(create, /parent_task = session\.get\(Task, comment_in\.task_id\)/);
      assert.ok(create.indexOf('raise HTTPException') < create.indexOf('Comment.model_validate'), 'checked before the row is made');
      assert.match(after(comments, 'tests/test_comments.py'), /^def test_create_comment_under_another_users_task_is_refused\(/m);
    });

    it('pages in key order, never writes the key or the ownership, and answers 422 to a null column', () => {
      const router = after(comments, 'app/api/routes/comments.py');
      assert.match(router, /statement = select\(Comment\)\.order_by\(col\(Comment\.id\)\)/);
      assert.match(router, /comment_in\.model_dump\(exclude_unset=True, exclude=\{"id", "task_id"\}\)/);
      assert.match(functionBlock(router, 'update_comment'), /for name in comment_in\.model_fields_set & \{"body"\}:\n {8}if getattr\(comment_in, name\) is None:\n {12}raise HTTPException\(status_code=422/);
    });

    it('writes tests that use the conftest fixtures with their scopes and clean up after themselves', () => {
      const tests = after(comments, 'tests/test_comments.py');
      // No fixture of the module may shadow the conftest's session-scoped db / client.
      assert.doesNotMatch(tests, /@pytest\.fixture\(name="(?:db|client|session|engine)"\)/);
      assert.match(tests, /^@pytest\.fixture\(autouse=True\)\ndef _remove_rows_stored_by_comments_tests\(/m);
      const create = functionBlock(tests, 'test_create_comment');
      // The owner the parent task is made for is a parameter of the test (ruff F821 otherwise).
      assert.match(create, /make_task\(db, normal_user\)/);
      assert.match(create.slice(0, create.indexOf(') -> None:')), /normal_user: User/);
    });

    it('gives unique columns values unique to each run', () => {
      const tests = after(generateCrud(facts, 'Label'), 'tests/test_labels.py');
      assert.match(tests, /name=f"name-\{uuid\.uuid4\(\)\.hex\[:12\]\}"/);
      assert.doesNotMatch(tests, /"name \d"/);
    });

    it('joins the existing users router instead of shadowing /users/me with a second one', () => {
      const users = generateCrud(facts, 'User');
      assert.equal(users.changes.some((change) => change.path === 'app/api/routes/users_crud.py' || change.kind === 'create' && change.path.startsWith('app/api/routes/')), false);
      const router = flatCalls(after(users, 'app/api/routes/users.py'));
      assert.ok(router.indexOf('@router.get("/me"') < router.indexOf('@router.get("/{user_id}"'), '/me stays first');
    });
  });

  describe('the SQLModel tutorial laid out as a package with a session-scoped conftest', () => {
    let facts: ProjectFacts;
    let teams: ChangeSet;

    before(async () => {
      facts = await indexFixture('tutorial-package');
      teams = generateCrud(facts, 'Team');
    });

    it('answers deletes with {"ok": True} as the sibling routes do', () => {
      assert.equal(facts.conventions.deleteReturns.value, 'literal');
      assert.deepEqual(facts.conventions.deleteLiteral.value, { expression: '{"ok": True}', annotation: 'dict[str, bool]' });
      const main = after(teams, 'main.py');
      assert.match(functionBlock(main, 'delete_team'), /-> dict\[str, bool\]:[\s\S]*return \{"ok": True\}\n?$/);
      assert.match(after(teams, 'test_teams.py'), /assert response\.json\(\) == \{"ok": True\}/);
    });

    it('answers the detail route with the schema carrying relations, like read_hero', () => {
      assert.equal(facts.conventions.detailResponse.value, 'with-relations');
      assert.match(flatCalls(after(teams, 'main.py')), /@app\.get\("\/teams\/\{team_id\}", response_model=TeamPublicWithHeroes, responses=/);
    });

    it('creates without a status code, as existing creates do', () => {
      assert.match(flatCalls(after(teams, 'main.py')), /@app\.post\("\/teams\/", response_model=TeamPublic, responses=\{[^\n]*\}\)\n/);
      assert.match(after(teams, 'test_teams.py'), /assert response\.status_code == 200/);
    });

    it('imports the package the way its tests do', () => {
      const tests = after(teams, 'test_teams.py');
      assert.match(tests, /^from \.main import Team, app$/m);
      assert.doesNotMatch(tests, /^from main import/m);
    });

    it('writes the new schemas beside their table, in the annotation style of the project target', () => {
      const main = after(teams, 'main.py');
      const table = main.indexOf('class Team(TeamBase, table=True):');
      const create = main.indexOf('class TeamCreate(TeamBase):');
      assert.ok(table < create && create < main.indexOf('class TeamPublic(TeamBase):'), 'TeamCreate right after Team');
      const update = main.slice(main.indexOf('class TeamUpdate(SQLModel):'), main.indexOf('class TeamPublic(TeamBase):'));
      // ruff target py39: Optional[...] as the file writes it, never mixed with `X | None`.
      assert.match(update, /name: Optional\[str\] = Field\(default=None, max_length=100\)/);
      assert.doesNotMatch(update, /\| None/);
    });
  });

  it('refuses a project pinned to SQLModel 0.0.8, saying what the code needs', async () => {
    const facts = await indexFixture('pinned-sqlmodel-08');
    assert.throws(
      () => generateCrud(facts, 'Hero'),
      (error: unknown) =>
        error instanceof CrudRefusal &&
        /requirements\.txt holds sqlmodel at ==0\.0\.8; generated code needs sqlmodel 0\.0\.16 or newer/.test(error.message),
    );
  });
});

describe('CRUD on a model whose field is typed without None but defaults to None', () => {
  it('gives the new Create schema the type that default has', async () => {
    // `password: str = Field(default=None, sa_column=...)`: SQLModel's Field hides the mismatch
    // from type checkers in the model, a plain `password: str = None` in a schema would not.
    const root = temporaryProject({
      'models.py': [
        'from typing import Optional',
        '',
        'from sqlmodel import Column, Field, SQLModel, String',
        '',
        '',
        'class Account(SQLModel, table=True):',
        '    id: Optional[int] = Field(default=None, primary_key=True)',
        '    username: str = Field(sa_column=Column(String(32), unique=True))',
        '    password: str = Field(default=None, sa_column=Column(String(64), nullable=True))',
        '    nickname: Optional[str] = Field(default=None, max_length=32)',
        '',
      ].join('\n'),
      'main.py': [
        'from collections.abc import Iterator',
        '',
        'from fastapi import FastAPI',
        'from sqlmodel import Session, create_engine',
        '',
        'engine = create_engine("sqlite://")',
        'app = FastAPI()',
        '',
        '',
        'def get_session() -> Iterator[Session]:',
        '    with Session(engine) as session:',
        '        yield session',
        '',
      ].join('\n'),
    });
    try {
      const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
      const models = after(generateCrud(facts, 'Account'), 'models.py');
      const create = models.slice(models.indexOf('class AccountCreate('), models.indexOf('class AccountUpdate('));
      assert.match(create, /^ {4}username: str$/m);
      assert.match(create, /^ {4}password: str \| None = None$/m);
      assert.match(create, /^ {4}nickname: str \| None = Field\(default=None, max_length=32\)$/m);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
