/**
 * The editor's own apply and agent-file reading under attack: protected places and symlink
 * escapes refused per file, read-only files a conflict, a latin-1 file kept in latin-1, a
 * symlinked file edited at its target, special files in `.claude/agents` skipped.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ChangeSet, FileChange } from '../../../src/core/changes/change-set';
import type { ApplyOutcome } from '../../../src/vscode/review/apply-review';
import { FAKE_MODEL } from '../fake-model/fake-model-protocol';
import { ask, fakeRequests } from './chat-helpers';
import { extensionApi, fileUri, resetWorkspace, workspaceRoot } from './helpers';

const PROBE = 'app/safety_probe.py';
const LEGACY = 'app/legacy_probe.py';
const LINK = 'app/link_probe.py';
const LINK_TARGET = 'app/link_target_probe.py';
const READ_ONLY = 'app/readonly_probe.py';
const OUT_LINK = 'outlink_probe';
const AGENTS = '.claude/agents';

const absolute = (path: string): string => fileUri(path).fsPath;

async function apply(changes: FileChange[]): Promise<ApplyOutcome> {
  const { review } = (await extensionApi()).services;
  const changeSet: ChangeSet = { title: 'Safety probe', summary: '', warnings: [], changes };
  const opened = await review.open(changeSet, { root: workspaceRoot(), ifOpen: 'replace', showChanges: false });
  return vscode.commands.executeCommand<ApplyOutcome>('fastapiBackendEngineer.review.applyAll', { reviewId: opened?.id });
}

describe('safety of apply and agent files in the editor', () => {
  let outside: string;
  before(() => {
    outside = mkdtempSync(join(tmpdir(), 'vscode-safety-outside-'));
  });
  after(() => {
    rmSync(outside, { recursive: true, force: true });
  });
  afterEach(async () => {
    if (existsSync(absolute(READ_ONLY))) chmodSync(absolute(READ_ONLY), 0o644);
    // A symlink is removed itself, never followed.
    for (const path of [LINK, LINK_TARGET, OUT_LINK, READ_ONLY, LEGACY, PROBE, '.vscode/tasks.json']) rmSync(absolute(path), { force: true });
    rmSync(absolute(AGENTS), { recursive: true, force: true });
    await resetWorkspace([]);
  });

  it('refuses protected places and symlink escapes per file and writes the rest', async () => {
    symlinkSync(outside, absolute(OUT_LINK));
    const outcome = await apply([
      { path: '.vscode/tasks.json', kind: 'create', before: null, after: '{"tasks": []}\n' },
      { path: `${OUT_LINK}/planted.py`, kind: 'create', before: null, after: 'x = 1\n' },
      { path: PROBE, kind: 'create', before: null, after: 'PROBE = 1\n' },
    ]);
    assert.equal(outcome.status, 'applied', outcome.message);
    assert.deepEqual(outcome.written, [PROBE]);
    const reasons = Object.fromEntries(outcome.rejected.map((problem) => [problem.path, problem.reason]));
    assert.match(reasons['.vscode/tasks.json'] ?? '', /protected path/);
    assert.match(reasons[`${OUT_LINK}/planted.py`] ?? '', /outside the workspace/);
    assert.equal(existsSync(absolute('.vscode/tasks.json')), false);
    assert.equal(existsSync(join(outside, 'planted.py')), false);
  });

  it('treats a read-only file as a conflict', async () => {
    writeFileSync(absolute(READ_ONLY), 'x = 1\n');
    chmodSync(absolute(READ_ONLY), 0o444);
    const outcome = await apply([{ path: READ_ONLY, kind: 'modify', before: 'x = 1\n', after: 'x = 2\n' }]);
    assert.match(outcome.conflicts[0]?.reason ?? '', /read-only/, outcome.message);
    assert.equal(readFileSync(absolute(READ_ONLY), 'utf8'), 'x = 1\n');
  });

  it('writes a latin-1 file back in latin-1', async () => {
    const before = '# -*- coding: latin-1 -*-\nNAME = "Café"\n';
    writeFileSync(absolute(LEGACY), Buffer.from(before, 'latin1'));
    const after = `${before}OTHER = "Müller"\n`;
    const outcome = await apply([{ path: LEGACY, kind: 'modify', before, after }]);
    assert.equal(outcome.status, 'applied', outcome.message);
    assert.deepEqual(readFileSync(absolute(LEGACY)), Buffer.from(after, 'latin1'));
  });

  it('edits the target of a symlinked file inside the workspace and keeps the link', async () => {
    writeFileSync(absolute(LINK_TARGET), 'TARGET = 1\n');
    symlinkSync('link_target_probe.py', absolute(LINK));
    const outcome = await apply([{ path: LINK, kind: 'modify', before: 'TARGET = 1\n', after: 'TARGET = 2\n' }]);
    assert.equal(outcome.status, 'applied', outcome.message);
    assert.equal(lstatSync(absolute(LINK)).isSymbolicLink(), true);
    assert.equal(readlinkSync(absolute(LINK)), 'link_target_probe.py');
    assert.equal(readFileSync(absolute(LINK_TARGET), 'utf8'), 'TARGET = 2\n');
  });

  // A FIFO is left out here: VS Code's own chat reads `.claude/agents/*.md` as well, and its read of
  // a FIFO can stall the chat view whatever this extension does (the command line spec covers it).
  it('skips a folder named like an agent file in .claude/agents and still offers the agent file beside it', async () => {
    mkdirSync(absolute(AGENTS), { recursive: true });
    mkdirSync(absolute(`${AGENTS}/folder.md`));
    writeFileSync(absolute(`${AGENTS}/strict.md`), '---\nname: strict-probe\ndescription: Probe agent\ntools: Read\n---\nYou are the strict probe agent.\n');
    try {
      await vscode.commands.executeCommand(FAKE_MODEL.setReplies, ['Fine.']);
      await ask('@fastapi /agent strict-probe');
      await ask('@fastapi hello');
      assert.match((await fakeRequests()).at(-1) ?? '', /^You are the strict probe agent\./);
    } finally {
      await ask('@fastapi /agent fastapi-backend-engineer');
      await vscode.commands.executeCommand(FAKE_MODEL.setReplies, []);
    }
  });
});
