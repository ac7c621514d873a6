/**
 * A folder on this machine's disk is listed with Node's fs (`LocalFolderFileSource`): it must
 * answer exactly as `workspace.fs` does, links, odd files and vanished paths included.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LocalFolderFileSource } from '../../../src/vscode/local-folder-file-source';
import { WorkspaceFileSource } from '../../../src/vscode/workspace-file-source';

describe('listing a folder on disk', () => {
  let root: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'local-listing-'));
    const files: Record<string, string> = {
      'app/__init__.py': '',
      'app/models.py': 'from sqlmodel import SQLModel\n',
      'app/deep/er/still.py': 'x = 1\n',
      'app/.hidden/kept.py': 'y = 2\n',
      'node_modules/pkg/skipped.py': 'z = 3\n',
      'notes.txt': 'not Python\n',
      'ünïcode näme.py': 'é = 1\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    writeFileSync(join(root, 'app/latin.py'), Buffer.from('# -*- coding: latin-1 -*-\nname = "caf\xe9"\n', 'latin1'));
    symlinkSync(join(root, 'app/models.py'), join(root, 'app/linked_models.py'));
    symlinkSync(join(root, 'app/deep'), join(root, 'app/linked_folder'));
    symlinkSync(join(root, 'app/missing.py'), join(root, 'app/dangling.py'));
    assert.equal(spawnSync('mkfifo', [join(root, 'app/pipe.py')]).status, 0, 'mkfifo');
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('lists the same files with the same sizes and times as workspace.fs', async () => {
    const uri = vscode.Uri.file(root);
    const excluded = new Set(['node_modules']);
    const throughEditor = await new WorkspaceFileSource(uri).listFiles(excluded);
    const onDisk = await new LocalFolderFileSource(uri).listFiles(excluded);
    assert.deepEqual(
      onDisk.map((entry) => entry.path),
      ['app/.hidden/kept.py', 'app/__init__.py', 'app/deep/er/still.py', 'app/latin.py', 'app/linked_models.py', 'app/models.py', 'notes.txt', 'ünïcode näme.py'],
      'links to files kept, links to folders not followed, dangling links and FIFOs left out, excluded folders skipped',
    );
    assert.deepEqual(onDisk, throughEditor);
  });

  it('measures a path as workspace.fs does, and a missing one as missing', async () => {
    const uri = vscode.Uri.file(root);
    const editor = new WorkspaceFileSource(uri);
    const disk = new LocalFolderFileSource(uri);
    for (const path of ['app/models.py', 'app/linked_models.py', 'app/deep', 'app/missing.py', 'app/models.py/inside', 'ünïcode näme.py']) {
      assert.deepEqual(await disk.stat(path), await editor.stat(path).catch(() => undefined), path);
    }
  });

  it('reads and decodes a file as workspace.fs does, and refuses a FIFO at once', async () => {
    const uri = vscode.Uri.file(root);
    const editor = new WorkspaceFileSource(uri);
    const disk = new LocalFolderFileSource(uri);
    for (const path of ['app/models.py', 'app/latin.py', 'app/linked_models.py', 'ünïcode näme.py']) {
      assert.equal(await disk.readText(path), await editor.readText(path), path);
    }
    assert.match(await disk.readText('app/latin.py'), /café/);
    await assert.rejects(disk.readText('app/pipe.py'), /not a regular file/);
    await assert.rejects(disk.readText('app/missing.py'), { code: 'ENOENT' });
  });

  it('stops at a cancel', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(new LocalFolderFileSource(vscode.Uri.file(root)).listFiles(new Set(), controller.signal), { name: 'AbortError' });
  });
});
