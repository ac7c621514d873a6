import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { routeLines, temporaryProject } from './fixture-index';

describe('project index: hostile projects', () => {
  let root: string;
  before(() => {
    root = temporaryProject({
      // Bases that loop, names imported in a circle, a router including itself.
      'app/a.py': 'from sqlmodel import SQLModel\nfrom app.b import B, Loop\n\nclass A(B, SQLModel):\n    a: int = 0\n\nclass Self(Self):\n    x: int = 0\n',
      'app/b.py': 'from sqlmodel import SQLModel\nfrom app.a import A, Loop\n\nclass B(A):\n    b: int = 0\n',
      'app/routes.py': [
        'from fastapi import APIRouter, FastAPI',
        'from app.config import missing_settings',
        'router = APIRouter(prefix="/r")',
        'router.include_router(router, prefix="/again")',
        'app = FastAPI()',
        'app.include_router(router, prefix=missing_settings.PREFIX)',
        '@router.get("/x")',
        'def read_x() -> int:',
        '    return 1',
        '',
      ].join('\n'),
      'app/broken.py': 'from sqlmodel import SQLModel, Field\n\nclass Broken(SQLModel, table=True:\n    id: int = Field(primary_key=True\n',
    });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('indexes without hanging or throwing and says what it could not read', async () => {
    const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
    assert.deepEqual(routeLines(facts), ['GET {missing_settings.PREFIX}/r/x → read_x']);
    assert.ok(facts.notes.some((note) => note.file === 'app/broken.py' && note.message.startsWith('Line ')));
    assert.ok(facts.notes.some((note) => note.file === 'app/routes.py' && note.message.includes('missing_settings.PREFIX')));
    // Python rejects such a class; the index only has to survive it and keep the rest.
    assert.ok(facts.models.some((model) => model.name === 'A'));
    assert.ok(facts.models.some((model) => model.name === 'Broken'));
  });

  it('stops when asked to', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(new ProjectIndex({ root, source: new NodeFileSource(root) }).build(controller.signal), {
      name: 'AbortError',
    });
  });
});
