import { strict as assert } from 'node:assert';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileBlockParser } from '../../../src/core/agent/block-parser';
import { ChangeSetBuilder } from '../../../src/core/agent/change-builder';
import { nodeWorkspaceAccess } from '../../../src/core/agent/node-workspace';
import { pythonSyntaxProblems } from '../../../src/core/agent/python-syntax';
import type { ChangeSet } from '../../../src/core/changes/change-set';
import { routerAnswer } from '../../support/model-answers';
import { createTempWorkspace, MAIN_PY, MODELS_PY, removeTempWorkspace, snapshotTree } from './support/temp-workspace';

async function build(root: string, answer: string, request = 'add a heroes router'): Promise<{ changeSet: ChangeSet; builder: ChangeSetBuilder }> {
  const parser = new FileBlockParser({ maxBlockChars: 200_000 });
  const builder = new ChangeSetBuilder({ workspace: nodeWorkspaceAccess(root), request, checkSyntax: pythonSyntaxProblems });
  for (const block of [...parser.push(answer), ...parser.end()]) {
    await builder.accept(block);
  }
  return { changeSet: builder.build('test', ''), builder };
}

describe('ChangeSetBuilder', () => {
  let root: string;
  let before: Record<string, string>;
  beforeEach(() => {
    root = createTempWorkspace();
    before = snapshotTree(root);
  });
  afterEach(() => {
    // Nothing the builder does may touch the disk.
    assert.deepEqual(snapshotTree(root), before);
    removeTempWorkspace(root);
  });

  it('turns a new file into a create and an edit into a modify computed against the file', async () => {
    const answer = routerAnswer('heroes');
    const { changeSet } = await build(root, answer);
    assert.deepEqual(changeSet.warnings, []);
    assert.deepEqual(
      changeSet.changes.map((change) => [change.path, change.kind, change.before === null]),
      [
        ['app/routers/heroes.py', 'create', true],
        ['app/main.py', 'modify', false],
      ],
    );
    assert.equal(changeSet.changes[1]?.before, MAIN_PY);
    assert.match(changeSet.changes[1]?.after ?? '', /from app\.routers import heroes, teams\n[\s\S]*app\.include_router\(heroes\.router\)\n$/);
  });

  const hostile: [string, string, RegExp][] = [
    ['traversal', '```python path=../outside.py\nx = 1\n```', /leaves the workspace/],
    ['nested traversal', '```python path=app/../../outside.py\nx = 1\n```', /leaves the workspace/],
    ['absolute POSIX path', '```python path=/etc/passwd\nroot::0:0\n```', /absolute paths are not allowed/],
    ['drive path', '```python path="C:\\Windows\\evil.py"\nx = 1\n```', /drive-letter/],
    ['UNC path', '```python path=\\\\server\\share\\x.py\nx = 1\n```', /UNC/],
    ['git hook', '```sh path=.git/hooks/pre-commit\nrm -rf ~\n```', /inside \.git/],
    ['NUL in path', '```python path=app/\u0000x.py\nx = 1\n```', /NUL or control/],
    ['home path', '```python path=~/.bashrc\nx = 1\n```', /home-relative/],
    ['env file', '```text path=.env\nSECRET_KEY=x\n```', /environment file are never written/],
    ['key file', '```text path=deploy/server.pem\nkey\n```', /key or certificate file are never written/],
    ['placeholder comment', '```python path=app/main.py\nfrom fastapi import FastAPI\n\n# ... existing code ...\napp.include_router(heroes.router)\n```', /leaves code out/],
    ['rest-of-code comment', '```python path=app/routers/x.py\nimport os\n# rest of the code remains unchanged\n```', /leaves code out/],
    ['elided body', '```python path=app/routers/x.py\ndef read_hero(hero_id: int):\n    ...\n```', /leaves code out/],
    ['edit with placeholder', '```edit path=app/main.py\n<<<<<<< SEARCH\napp = FastAPI()\n=======\napp = FastAPI()\n# rest of the file unchanged\n>>>>>>> REPLACE\n```', /leaves code out/],
    ['edit that does not match', '```edit path=app/main.py\n<<<<<<< SEARCH\napp = Flask()\n=======\napp = FastAPI()\n>>>>>>> REPLACE\n```', /does not fit the current file/],
    ['edit of a missing file', '```edit path=app/missing.py\n<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n>>>>>>> REPLACE\n```', /does not exist/],
    ['malformed edit', '```edit path=app/main.py\n<<<<<<< SEARCH\nx = 1\n```', /malformed/],
    ['unexplained shrink', '```python path=app/models.py\n"""Database models."""\n\nfrom sqlmodel import SQLModel\n```', /remove most of the existing file/],
    ['truncated block', '```python path=app/routers/cut.py\ndef f():\n    return 1\n', /cut off before its closing fence/],
  ];
  for (const [name, answer, reason] of hostile) {
    it(`rejects ${name} with a message and proposes nothing`, async () => {
      const { changeSet, builder } = await build(root, answer);
      assert.deepEqual(changeSet.changes, []);
      assert.equal(builder.rejections.length, 1, JSON.stringify(changeSet.warnings));
      assert.match(builder.rejections[0]?.reason ?? '', reason);
      assert.match(changeSet.warnings.join('\n'), /was rejected/);
    });
  }

  it('rejects a path through a symlink that leaves the workspace', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'agent-outside-'));
    symlinkSync(outside, join(root, 'escape'));
    before = snapshotTree(root);
    const { changeSet, builder } = await build(root, '```python path=escape/evil.py\nx = 1\n```');
    assert.deepEqual(changeSet.changes, []);
    assert.match(builder.rejections[0]?.reason ?? '', /symlink/);
    assert.deepEqual(snapshotTree(outside), {});
    removeTempWorkspace(outside);
  });

  it('rejects a block over the size limit', async () => {
    const { changeSet, builder } = await build(root, `\`\`\`python path=app/huge.py\n${'x = 1\n'.repeat(50_000)}\`\`\`\n`);
    assert.deepEqual(changeSet.changes, []);
    assert.match(builder.rejections[0]?.reason ?? '', /too large/);
  });

  it('allows a large shrink the request asked for, with a warning', async () => {
    const { changeSet } = await build(root, '```python path=app/models.py\n"""Database models."""\n\nfrom sqlmodel import SQLModel\n```', 'remove the Hero and Team models');
    assert.equal(changeSet.changes.length, 1);
    assert.match(changeSet.warnings.join('\n'), /large removal/);
  });

  it('keeps `...` where Python means it: protocols and overloads', async () => {
    const text = 'from typing import Protocol, overload\n\n\nclass Repo(Protocol):\n    def get(self, id: int) -> int:\n        ...\n\n\n@overload\ndef f(x: int) -> int:\n    ...\n';
    const { changeSet } = await build(root, `\`\`\`python path=app/repo.py\n${text}\`\`\`\n`);
    assert.equal(changeSet.changes.length, 1);
  });

  it('shows Python syntax errors as warnings but still proposes the file', async () => {
    const { changeSet } = await build(root, '```python path=app/broken.py\ndef f(:\n    return 1\n```');
    assert.equal(changeSet.changes.length, 1);
    assert.match(changeSet.warnings.join('\n'), /app\/broken\.py: syntax error at line 1/);
  });

  it('reports a code block without a path and writes nothing for it', async () => {
    const { changeSet } = await build(root, 'Put this in your router:\n\n```python\nimport os\n\nx = 1\ny = 2\n```');
    assert.deepEqual(changeSet.changes, []);
    assert.match(changeSet.warnings.join('\n'), /Code block 1 \(python, 4 lines\) has no usable file path/);
  });

  it('applies later blocks for the same file on top of earlier ones and keeps CRLF files CRLF', async () => {
    removeTempWorkspace(root);
    root = createTempWorkspace({ 'app/models.py': MODELS_PY.replace(/\n/g, '\r\n') });
    before = snapshotTree(root);
    const edit = (from: string, to: string): string => `\`\`\`edit path=app/models.py\n<<<<<<< SEARCH\n${from}\n=======\n${to}\n>>>>>>> REPLACE\n\`\`\``;
    const { changeSet } = await build(root, `${edit('    age: int | None = None', '    age: int | None = Field(default=None, ge=0)')}\n\n${edit('"""Database models."""', '"""Database models for heroes."""')}`);
    assert.equal(changeSet.changes.length, 1);
    const after = changeSet.changes[0]?.after ?? '';
    assert.match(after, /ge=0\)\r\n/);
    assert.match(after, /^"""Database models for heroes\."""\r\n/);
    assert.ok(!/[^\r]\n/.test(after), 'every line ends with CRLF');
  });
});
