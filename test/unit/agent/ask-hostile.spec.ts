/**
 * `ask` against hostile answers and hostile workspaces, through the real SDK and the local
 * Messages API server: protected places refused per block with the rest still proposed, special
 * files never hanging, control characters printed visibly, a distinct exit code for rejections.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REJECTED_BLOCKS_EXIT_CODE } from '../../../src/cli/ask-command';
import { type AskRun, fileBlock, runAsk } from '../../support/ask-cli';
import { routerAnswer } from '../../support/model-answers';
import { useAskWorkspace } from './support/ask-workspace';
import { snapshotTree } from './support/temp-workspace';

/** Runs `ask` with the CLI's own terminal output filter, as `node dist/cli.js ask` does. */
const ask = (args: string[], env: Record<string, string | undefined>): Promise<AskRun> => runAsk(args, env, { terminal: true });
const block = fileBlock;

describe('ask against hostile answers', () => {
  const ws = useAskWorkspace();

  it('refuses every block for a place that runs code, with its reason, and still writes the rest', async () => {
    mkdirSync(join(ws.root, 'env'));
    writeFileSync(join(ws.root, 'env/pyvenv.cfg'), 'home = /usr/bin\n');
    mkdirSync(join(ws.root, '.git'));
    writeFileSync(join(ws.root, '.git/config'), '[core]\n');
    symlinkSync('.git', join(ws.root, 'gitlink'));
    const hostile = [
      '.venv/lib/python3.12/site-packages/evil.pth',
      'sitecustomize.py',
      'usercustomize.py',
      'env/bin/activate',
      'node_modules/x/index.js',
      '.vscode/settings.json',
      '.vscode/tasks.json',
      '.claude/settings.json',
      '.github/workflows/ci.yml',
      '.hg/hgrc',
      'gitlink/config',
    ];
    const answer = ['Here you go.', ...hostile.map((path) => block(path, 'import os; os.system("touch /tmp/pwned")')), block('app/routers/extra.py', '"""Extra."""\n')].join('\n\n');
    ws.server.enqueue({ kind: 'text', text: answer });
    const before = snapshotTree(ws.root);
    const result = await ask(['--write', '--root', ws.root, 'Add things'], ws.env);
    assert.equal(result.code, REJECTED_BLOCKS_EXIT_CODE, result.stderr);
    assert.equal(result.stdout, 'created app/routers/extra.py\n');
    for (const path of hostile) {
      assert.match(result.stderr, new RegExp(`${JSON.stringify(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) was rejected: (protected path|paths inside \\.git|gitlink is a symlink to \\.git)`), path);
    }
    assert.match(result.stderr, /11 blocks were rejected; the rest was written\./);
    const after = snapshotTree(ws.root);
    delete after['app/routers/extra.py'];
    assert.deepEqual(after, before, 'nothing but the accepted file was written');
    assert.equal(readFileSync(join(ws.root, '.git/config'), 'utf8'), '[core]\n');
  });

  it('exits with the rejection code and names the accepted router whose registration was rejected', async () => {
    const answer = routerAnswer('heroes').replace('from app.routers import teams\n=======', 'from app.routers import nothing_like_this\n=======');
    ws.server.enqueue({ kind: 'text', text: answer });
    const result = await ask(['--write', '--root', ws.root, 'Add a heroes router'], ws.env);
    assert.equal(result.code, REJECTED_BLOCKS_EXIT_CODE, result.stderr);
    assert.equal(result.stdout, 'created app/routers/heroes.py\n');
    assert.match(result.stderr, /warning: app\/routers\/heroes\.py was written but refers to app\/main\.py, whose block was rejected/);
  });

  it('neither hangs nor crashes on a FIFO, a folder, a file parent, a long name or a dangling link at proposed paths', async () => {
    execFileSync('mkfifo', [join(ws.root, 'app/pipe.py')]);
    mkdirSync(join(ws.root, 'app/folder.py'));
    symlinkSync('nowhere', join(ws.root, 'dangling'));
    const answer = [
      block('app/pipe.py', 'x = 1'),
      block('app/folder.py', 'x = 1'),
      block('app/main.py/inner.py', 'x = 1'),
      block(`app/${'n'.repeat(300)}.py`, 'x = 1'),
      block('dangling/x.py', 'x = 1'),
      block('app/ok.py', 'x = 1'),
    ].join('\n\n');
    ws.server.enqueue({ kind: 'text', text: answer });
    const result = await ask(['--root', ws.root, 'Add files'], ws.env);
    assert.equal(result.code, REJECTED_BLOCKS_EXIT_CODE, result.stderr);
    assert.match(result.stdout, /\+\+\+ b\/app\/ok\.py/);
    assert.match(result.stderr, /app\/pipe\.py is not a regular file \(fifo\)/);
    assert.match(result.stderr, /a folder exists at app\/folder\.py/);
    assert.match(result.stderr, /app\/main\.py is a file, not a folder/);
    assert.match(result.stderr, /name is too long/);
    assert.match(result.stderr, /dangling is a symlink that points nowhere/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });

  it('skips a FIFO or a folder at .claude/agents/x.md with a message', async () => {
    mkdirSync(join(ws.root, '.claude/agents'), { recursive: true });
    execFileSync('mkfifo', [join(ws.root, '.claude/agents/pipe.md')]);
    mkdirSync(join(ws.root, '.claude/agents/folder.md'));
    ws.server.enqueue({ kind: 'text', text: 'Nothing to change.' });
    const result = await ask(['--root', ws.root, 'What is here?'], ws.env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /warning: \.claude\/agents\/pipe\.md is not a regular file \(a FIFO, socket or device\); skipped/);
    assert.match(result.stderr, /warning: \.claude\/agents\/folder\.md is not a regular file \(a folder\); skipped/);
  });

  it('skips symlink loops in the workspace with a note', async () => {
    symlinkSync('b.py', join(ws.root, 'app/a.py'));
    symlinkSync('a.py', join(ws.root, 'app/b.py'));
    ws.server.enqueue({ kind: 'text', text: 'Nothing to change.' });
    const result = await ask(['--root', ws.root, 'What is here?'], ws.env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /note: skipped app\/a\.py \(a symlink loop\)/);
    assert.match(result.stderr, /note: skipped app\/b\.py \(a symlink loop\)/);
  });

  it('prints control characters of the prose and the diff visibly, and rejects file blocks holding them', async () => {
    const osc52 = '\u001b]52;c;ZWNobyBwd25lZA==\u0007';
    const answer = [
      `Done.${osc52} Also\u009b2J cleared.`,
      block('app/hidden.py', 'x = 1\u001b[2K\nprint("fine")'),
      block('app/shown.py', 'y = 2\r\nz = 3\rw = 4'),
    ].join('\n\n');
    ws.server.enqueue({ kind: 'text', text: answer });
    const result = await ask(['--root', ws.root, 'Add files'], ws.env);
    const output = result.stdout + result.stderr;
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(output, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/, 'no raw control character reaches the terminal');
    assert.match(result.stderr, /Done\.\\u001b\]52;c;ZWNobyBwd25lZA==\\u0007 Also\\u009b2J cleared\./);
    assert.match(result.stderr, /"app\/hidden\.py"\) was rejected: the block contains terminal control characters \(\\u001b\)/);
    // A lone CR cannot pull a line back over another: it ends the line in what is shown and written.
    assert.match(result.stdout, /\+z = 3\n\+w = 4\n/);
    assert.equal(existsSync(join(ws.root, 'app/hidden.py')), false);
  });
});
