import assert from 'node:assert/strict';
import { CrudRefusal, generateCrud } from '../../../src/core/generate/crud/index';
import { closeNames } from '../../../src/core/generate/crud/refusals';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { baseProject, type Files, indexFiles } from './crud-project';

function refusal(facts: ProjectFacts, files: Files, model: string): string {
  try {
    generateCrud(facts, model, { readText: (path) => files[path] });
  } catch (error) {
    assert.ok(error instanceof CrudRefusal, `expected a CrudRefusal, got ${String(error)}`);
    return error.message;
  }
  assert.fail(`expected ${model} to be refused`);
}

describe('generateCrud refusals', () => {
  let files: Files;
  let facts: ProjectFacts;

  before(async () => {
    files = baseProject(false);
    facts = await indexFiles(files);
  });

  it('refuses an unknown model and suggests close names', () => {
    assert.match(refusal(facts, files, 'Nte'), /no SQLModel class named "Nte"\. Did you mean "Note"/);
    assert.match(refusal(facts, files, 'note'), /Did you mean "Note"/);
  });

  it('lists the table models when nothing is close', () => {
    assert.match(refusal(facts, files, 'Invoice'), /Table models in this project: .*Note/);
  });

  it('refuses a model that is not a table', () => {
    assert.match(refusal(facts, files, 'NoteBase'), /"NoteBase" \(app\/models\.py\) is not a table model.*Its table model is "Note"/);
  });

  it('refuses a table without a primary key', () => {
    assert.match(refusal(facts, files, 'Draft'), /"Draft" .* has no primary key/);
  });

  it('refuses a composite primary key with the reason', () => {
    assert.match(refusal(facts, files, 'NoteTagLink'), /composite primary key \(note_id, tag_id\).*one id/);
  });

  it('refuses when every route already exists', async () => {
    const router = `from fastapi import APIRouter

from app.db import SessionDep
from app.models import Tag

router = APIRouter(prefix="/tags", tags=["tags"])


@router.get("/")
def list_tags(session: SessionDep) -> list[Tag]:
    return []


@router.get("/{tag_id}")
def read_tag(tag_id: int, session: SessionDep) -> Tag | None:
    return None


@router.post("/")
def create_tag(tag: Tag, session: SessionDep) -> Tag:
    return tag


@router.patch("/{tag_id}")
def update_tag(tag_id: int, tag: Tag, session: SessionDep) -> Tag:
    return tag


@router.delete("/{tag_id}")
def delete_tag(tag_id: int, session: SessionDep) -> None:
    return None
`;
    const withRouter = { ...files, 'app/routers/tags.py': router };
    const indexed = await indexFiles(withRouter);
    assert.match(refusal(indexed, withRouter, 'Tag'), /already has every CRUD route .* app\/routers\/tags\.py/);
  });

  it('refuses a user model whose password hash nothing can fill', () => {
    assert.match(refusal(facts, files, 'User'), /stores hashed_password, but no password hashing function/);
  });

  it('refuses a project without a session dependency', async () => {
    const noSession = { ...files, 'app/db.py': 'from sqlmodel import create_engine\n\nengine = create_engine("sqlite://")\n' };
    const indexed = await indexFiles(noSession);
    assert.match(refusal(indexed, noSession, 'Tag'), /no session dependency/);
  });

  it('refuses to edit a file with syntax errors', async () => {
    const broken = { ...files, 'app/models.py': `${files['app/models.py'] ?? ''}\n\ndef unfinished(x:\n    return x +\n` };
    const indexed = await indexFiles(broken);
    assert.match(refusal(indexed, broken, 'Tag'), /app\/models\.py has syntax errors; fix it before generating CRUD for Tag/);
  });

  it('ranks close names by edit distance', () => {
    assert.deepEqual(closeNames('Hreo', ['Hero', 'Team', 'HeroPublic']), ['Hero']);
    assert.deepEqual(closeNames('hero', ['HeroPublic', 'Hero', 'Team']), ['Hero', 'HeroPublic']);
    assert.deepEqual(closeNames('Zzzzzz', ['Hero']), []);
  });
});
