import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { DEFAULT_EXCLUDED_DIRS, ignoreRulesFromListing } from '../../../src/core/project/ignore-rules';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { fixtureRoot, temporaryProject } from './fixture-index';

/**
 * The answer of testing a path against every rule file that applies to it, with nothing worked
 * out per folder: what the index answered before it asked per folder, written out again here.
 */
async function eachPathAgainstEveryRule(root: string): Promise<(path: string) => boolean> {
  const source = new NodeFileSource(root);
  const entries = await source.listFiles(DEFAULT_EXCLUDED_DIRS);
  const dirOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
  // Hidden folders, the default folder names and egg-info folders.
  const excluded = (name: string): boolean => name.startsWith('.') || DEFAULT_EXCLUDED_DIRS.has(name) || name.endsWith('.egg-info');
  const inExcludedDir = (path: string): boolean => path.split('/').slice(0, -1).some(excluded);
  const rules = new Map<string, ReturnType<typeof ignore>>();
  for (const entry of entries) {
    if ((entry.path === '.gitignore' || entry.path.endsWith('/.gitignore')) && !inExcludedDir(entry.path)) {
      rules.set(dirOf(entry.path), ignore().add(await source.readText(entry.path)));
    }
  }
  if ((await source.stat('.git/info/exclude')) !== undefined) {
    rules.set('', ignore().add(await source.readText('.git/info/exclude')).add(rules.get('') ?? ignore()));
  }
  const dirs = [...rules.keys()].sort((a, b) => a.length - b.length);
  return (path) => {
    if (inExcludedDir(path)) return true;
    let ignored = false;
    for (const dir of dirs) {
      if (dir !== '' && !path.startsWith(`${dir}/`)) continue;
      const result = rules.get(dir)?.test(dir === '' ? path : path.slice(dir.length + 1));
      if (result?.ignored) ignored = true;
      else if (result?.unignored) ignored = false;
    }
    return ignored;
  };
}

/** Every file under `root` (excluded folders too: the answers for them must agree as well). */
function everyFile(root: string): string[] {
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1));
}

/** The answer, or that there is none: the rules refuse paths such as `./x.py` (both ways alike). */
function answer(isIgnored: (path: string) => boolean, path: string): boolean | 'refused' {
  try {
    return isIgnored(path);
  } catch {
    return 'refused';
  }
}

async function assertSameAnswers(root: string, extra: readonly string[] = []): Promise<number> {
  const expected = await eachPathAgainstEveryRule(root);
  const source = new NodeFileSource(root);
  const perFolder = await ignoreRulesFromListing(source, await source.listFiles(DEFAULT_EXCLUDED_DIRS));
  const index = new ProjectIndex({ root, source });
  await index.build();
  const paths = [...everyFile(root), ...extra];
  let ignored = 0;
  for (const path of paths) {
    const wanted = answer(expected, path);
    assert.equal(answer(perFolder, path), wanted, `${root}: ${path}`);
    assert.equal(answer((asked) => index.isIgnored(asked), path), wanted, `${root}: ${path} (after a build)`);
    if (wanted === true) ignored++;
  }
  return ignored;
}

const AWKWARD_ROOT_RULES = [
  '# a comment, then an empty line',
  '',
  '*.log',
  '!keep.log',
  '/top.py',
  'a/**/deep.py',
  'build*',
  '*.PYC',
  'cache/',
  '!cache/',
  'trailing.py   ',
  'escaped\\ ',
  '\\#hash.py',
  '\\!bang.py',
  '[ab].py',
  '?.txt',
  '**/gen/*.py',
  'docs/*',
  '!docs/keep.py',
  'only-dir/',
  'x\\*y.py',
  'ünï.py',
  'slash\\/',
  'ends-in-star*',
  'vendor/**',
  '!vendor/kept/**',
].join('\r\n');

describe('project index: ignore rules asked per folder', function () {
  this.timeout(60_000);
  const folders: string[] = [];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it('answers as testing every path against every rule, for every fixture project', async () => {
    const fixtures = readdirSync(fixtureRoot('.'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    assert.ok(fixtures.length > 20);
    for (const fixture of fixtures) await assertSameAnswers(fixtureRoot(fixture.name));
  });

  it('answers as testing every path against every rule, in an awkward tree', async () => {
    const names = [
      'app.log', 'keep.log', 'KEEP.LOG', 'sub/keep.log', 'sub/other.LOG', 'top.py', 'sub/top.py', 'a/deep.py', 'a/b/c/deep.py',
      'b/a/deep.py', 'build.py', 'buildings/x.py', 'sub/builder.py', 'm.pyc', 'M.PYC', 'cache/x.py', 'sub/cache/y.py', 'sub2/cache',
      'trailing.py', 'sub/trailing.py', 'escaped ', 'escaped', '#hash.py', 'sub/#hash.py', '!bang.py', 'a.py', 'c.py', 'ab.py',
      'x.txt', 'xy.txt', 'gen/m.py', 'sub/gen/m.py', 'sub/gen/deeper/m.py', 'docs/a.py', 'docs/keep.py', 'docs/sub/keep.py',
      'sub/only-dir', 'only-dir/inside.py', 'x*y.py', 'xzy.py', 'ünï.py', 'ÜNÏ.py', 'sub/ünï.py', 'sub/slash', 'slash/x.py',
      'ends-in-star', 'ends-in-star-too.py', 'vendor/lib.py', 'vendor/kept/lib.py', 'vendor/kept/deep/lib.py', 'K.py',
      'n1/.gitignore', 'n1/app.log', 'n1/keep.log', 'n1/anchored.py', 'n1/deeper/anchored.py', 'n1/z.py', 'n1/deeper/z.py',
      'n2/.gitignore', 'n2/x.md', 'n2/x.py', 'n2/sub/x.py', 'n2/sub/x.txt', 'n3/.gitignore', 'n3/model.py', 'n3/Model.PY',
      'secret_key.py', 'sub/secret_key.py', '.git/info/exclude', 'with space/x y.py', 'node_modules/p.py', 'pkg.egg-info/p.py', 'sub/.venv/p.py',
      '.hidden/p.py', 'trail.py.', 'dots..py', 'n4/.gitignore', 'n4/tmp/a.py', 'n4/sub/tmp/b.py', 'n4/sub/TMP/c.py', 'n4/tmpx/d.py',
      'n4/local.py', 'n4/sub/local.py', 'n4/x.py', 'n4/out.d/e.py',
    ];
    const files: Record<string, string> = Object.fromEntries(names.map((name) => [name, 'x = 1\n']));
    files['.gitignore'] = AWKWARD_ROOT_RULES;
    files['n1/.gitignore'] = '!*.log\n/anchored.py\nz.py\n';
    files['n2/.gitignore'] = '*\n!*.py\n!*/\n';
    files['n3/.gitignore'] = '!model.py\nmodel.py\n';
    files['n4/.gitignore'] = 'tmp/\nlocal.py\n*.d/\n';
    files['.git/info/exclude'] = 'secret*.py\n';
    const root = temporaryProject(files);
    folders.push(root);
    // A folder named like a file rule, and one with no files.
    mkdirSync(join(root, 'empty/folder'), { recursive: true });
    writeFileSync(join(root, 'K.py'), 'x = 1\n');
    const queries = ['cache/', 'docs/', 'sub', 'sub/', './top.py', 'a//deep.py', 'only-dir/', 'n2/sub/'];
    const ignored = await assertSameAnswers(root, queries);
    // The tree exercises both answers, not only one of them.
    assert.ok(ignored > 20 && ignored < names.length - 10, `ignored ${ignored} of ${names.length}`);
  });
});
