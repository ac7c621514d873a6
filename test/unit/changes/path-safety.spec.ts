import assert from 'node:assert/strict';
import { checkChangePath } from '../../../src/core/changes/path-safety';

function rejected(path: string, pattern: RegExp): void {
  const result = checkChangePath(path);
  assert.equal(result.ok, false, `expected ${JSON.stringify(path)} to be rejected`);
  if (!result.ok) {
    assert.match(result.reason, pattern);
  }
}

function accepted(path: string, expected: string): void {
  assert.deepEqual(checkChangePath(path), { ok: true, path: expected });
}

describe('checkChangePath', () => {
  it('accepts plain relative paths and normalises them', () => {
    accepted('app/api/routes/items.py', 'app/api/routes/items.py');
    accepted('./app/models.py', 'app/models.py');
    accepted('app//api/./deps.py', 'app/api/deps.py');
    accepted('app\\api\\routes\\heroes.py', 'app/api/routes/heroes.py');
    accepted('.gitignore', '.gitignore');
    accepted('docs/.github/workflow.yml', 'docs/.github/workflow.yml');
  });

  it('rejects traversal in any spelling', () => {
    rejected('../outside.py', /\.\./);
    rejected('app/../../outside.py', /\.\./);
    rejected('app/..', /\.\./);
    rejected('app\\..\\..\\outside.py', /\.\./);
    rejected('..', /\.\./);
  });

  it('rejects absolute, drive-letter, UNC and home paths', () => {
    rejected('/etc/passwd', /absolute/);
    rejected('\\Windows\\system32', /absolute/);
    rejected('C:\\Windows\\win.ini', /drive/);
    rejected('c:/Users/me/app.py', /drive/);
    rejected('C:relative.py', /drive/);
    rejected('\\\\server\\share\\file.py', /UNC/);
    rejected('//server/share/file.py', /UNC/);
    rejected('~/.ssh/authorized_keys', /home/);
  });

  it('rejects anything inside .git in any case', () => {
    rejected('.git/hooks/pre-commit', /\.git/);
    rejected('.GIT/config', /\.git/);
    rejected('.Git/HEAD', /\.git/);
    rejected('sub/.git/hooks/post-checkout', /\.git/);
    rejected('.git', /\.git/);
    rejected('.\\.git\\hooks\\pre-push', /\.git/);
    rejected('.git./hooks/pre-push', /\.git/);
    rejected('.git /hooks/pre-push', /\.git/);
  });

  it('rejects NUL and control characters', () => {
    rejected('app/mo\u0000dels.py', /control/);
    rejected('app/models.py\n', /control/);
    rejected('app/\u001bmodels.py', /control/);
    rejected('app/\u007fmodels.py', /control/);
    rejected('app/\u0085models.py', /control/);
  });

  it('rejects empty paths and the workspace folder itself', () => {
    rejected('', /empty/);
    rejected('   ', /empty/);
    rejected('.', /workspace folder/);
    rejected('./', /workspace folder/);
    rejected('././', /workspace folder/);
  });

  describe('with realpath and root', () => {
    const root = '/ws/project';
    // A workspace where `link` points outside, `inner` points inside, and `app/` exists.
    const links: Record<string, string> = {
      '/ws/project': '/ws/project',
      '/ws/project/app': '/ws/project/app',
      '/ws/project/app/models.py': '/ws/project/app/models.py',
      '/ws/project/link': '/etc',
      '/ws/project/inner': '/ws/project/app',
      '/ws/project/filelink.py': '/home/me/secret.py',
    };
    const realpath = (absolute: string): string | undefined => links[absolute];

    it('accepts existing and new files under real folders', () => {
      assert.deepEqual(checkChangePath('app/models.py', { realpath, root }), { ok: true, path: 'app/models.py' });
      assert.deepEqual(checkChangePath('app/new/deep/file.py', { realpath, root }), {
        ok: true,
        path: 'app/new/deep/file.py',
      });
      assert.deepEqual(checkChangePath('inner/x.py', { realpath, root }), { ok: true, path: 'inner/x.py' });
    });

    it('rejects a path through a symlinked folder that leaves the root', () => {
      const result = checkChangePath('link/passwd', { realpath, root });
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.reason, /symlink \(link\)/);
    });

    it('rejects a new file below a symlink that leaves the root', () => {
      const result = checkChangePath('link/sub/new.py', { realpath, root });
      assert.equal(result.ok, false);
    });

    it('rejects a file that is itself a symlink out of the root', () => {
      const result = checkChangePath('filelink.py', { realpath, root });
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.reason, /symlink/);
    });

    it('treats a sibling folder sharing the prefix as outside', () => {
      const sibling = (absolute: string): string | undefined =>
        absolute === '/ws/project/evil' ? '/ws/project-evil' : links[absolute];
      assert.equal(checkChangePath('evil/x.py', { realpath: sibling, root }).ok, false);
    });

    it('handles a Windows root', () => {
      const winLinks: Record<string, string> = {
        'C:\\ws': 'C:\\ws',
        'C:\\ws\\app': 'C:\\ws\\app',
        'C:\\ws\\out': 'D:\\elsewhere',
      };
      const winReal = (absolute: string): string | undefined => winLinks[absolute];
      assert.equal(checkChangePath('app/x.py', { realpath: winReal, root: 'C:\\ws' }).ok, true);
      assert.equal(checkChangePath('out/x.py', { realpath: winReal, root: 'C:\\ws' }).ok, false);
    });
  });
});
