import assert from 'node:assert/strict';
import type { ChangeSet } from '../../../src/core/changes/change-set';
import { changeSetToUnifiedDiff } from '../../../src/core/changes/unified-diff';

function changeSet(changes: ChangeSet['changes']): ChangeSet {
  return { title: 't', summary: 's', warnings: [], changes };
}

describe('changeSetToUnifiedDiff', () => {
  it('shows a created file against /dev/null with a git header', () => {
    const text = changeSetToUnifiedDiff(
      changeSet([{ path: 'app/routes/heroes.py', kind: 'create', before: null, after: 'a = 1\nb = 2\n' }]),
    );
    assert.equal(
      text,
      [
        'diff --git a/app/routes/heroes.py b/app/routes/heroes.py',
        'new file mode 100644',
        '--- /dev/null',
        '+++ b/app/routes/heroes.py',
        '@@ -0,0 +1,2 @@',
        '+a = 1',
        '+b = 2',
        '',
      ].join('\n'),
    );
  });

  it('shows a modification with three lines of context', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n') + '\n';
    const after = before.replace('5\n', '5\nfive\n');
    const text = changeSetToUnifiedDiff(changeSet([{ path: 'main.py', kind: 'modify', before, after }]));
    assert.equal(
      text,
      [
        'diff --git a/main.py b/main.py',
        '--- a/main.py',
        '+++ b/main.py',
        '@@ -3,6 +3,7 @@',
        ' 3',
        ' 4',
        ' 5',
        '+five',
        ' 6',
        ' 7',
        ' 8',
        '',
      ].join('\n'),
    );
  });

  it('marks a missing final newline and joins several files in order', () => {
    const text = changeSetToUnifiedDiff(
      changeSet([
        { path: 'b.py', kind: 'modify', before: 'x = 1', after: 'x = 2\n' },
        { path: 'a.py', kind: 'create', before: null, after: 'y = 1\n' },
      ]),
    );
    assert.match(text, /^diff --git a\/b\.py b\/b\.py\n/);
    assert.match(text, /-x = 1\n\\ No newline at end of file\n\+x = 2\n/);
    assert.ok(text.indexOf('b.py') < text.indexOf('a.py'));
  });

  it('prints nothing for an unchanged file', () => {
    assert.equal(changeSetToUnifiedDiff(changeSet([{ path: 'a.py', kind: 'modify', before: 'x\n', after: 'x\n' }])), '');
  });
});
