import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { codeCacheFile, codeCacheFolder } from '../../../src/cli/code-cache';

const repoRoot = resolve(__dirname, '../../..');

/**
 * The built starter (`dist/cli.js`) copied beside a small bundle of the test's own, so each start
 * is a fresh process (V8 keeps compiled scripts for the life of a process, which would hide
 * whether the cache was used). The bundle prints the module arguments it ran with and exits 7.
 */
function bundleSource(marker: string): string {
  return [
    `const report = { marker: ${JSON.stringify(marker)}, file: __filename, dir: __dirname, base: require('node:path').basename(__filename), exportsIsModuleExports: exports === module.exports, args: process.argv.slice(2) };`,
    'process.stdout.write(JSON.stringify(report));',
    'process.exitCode = 7;',
    '',
  ].join('\n');
}

describe('cli: V8 code cache of the CLI bundle', () => {
  let folder: string;
  let cacheFolder: string;
  let bundle: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'fbe-code-cache-'));
    cacheFolder = join(folder, 'cache');
    bundle = join(folder, 'cli-main.js');
    copyFileSync(join(repoRoot, 'dist', 'cli.js'), join(folder, 'cli.js'));
    writeFileSync(bundle, bundleSource('first'));
  });

  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  function start(setting: string = cacheFolder, extraEnv: NodeJS.ProcessEnv = {}): { readonly status: number | null; readonly report: Record<string, unknown> } {
    const result = spawnSync(process.execPath, [join(folder, 'cli.js'), 'crud', 'Hero'], {
      encoding: 'utf8',
      env: { ...process.env, ...extraEnv, FASTAPI_ENGINEER_CODE_CACHE: setting },
    });
    assert.equal(result.stderr, '');
    return { status: result.status, report: JSON.parse(result.stdout) as Record<string, unknown> };
  }

  function cacheFile(marker = 'first'): string {
    return codeCacheFile(cacheFolder, bundleSource(marker));
  }

  /** The cache file's bytes and modification time: a start that used it leaves both alone. */
  function snapshot(file = cacheFile()): { readonly bytes: Buffer; readonly mtimeMs: number } {
    return { bytes: readFileSync(file), mtimeMs: statSync(file).mtimeMs };
  }

  it('runs the bundle as a module, writes the cache once and uses it on the next starts', () => {
    const first = start();
    assert.equal(first.status, 7);
    assert.deepEqual(first.report, { marker: 'first', file: bundle, dir: folder, base: 'cli-main.js', exportsIsModuleExports: true, args: ['crud', 'Hero'] });
    assert.deepEqual(readdirSync(cacheFolder), [basename(cacheFile())]);
    assert.equal(statSync(cacheFile()).mode & 0o777, 0o600);
    assert.equal(statSync(cacheFolder).mode & 0o777, 0o700);
    const written = snapshot();
    assert.ok(written.bytes.length > 32);
    for (let round = 0; round < 2; round++) {
      const again = start();
      assert.deepEqual(again, first);
      assert.deepEqual(snapshot(), written, 'a cache V8 accepted is not written again');
    }
  });

  it('ignores a damaged or truncated file, runs the bundle all the same and writes it anew', () => {
    const first = start();
    const whole = readFileSync(cacheFile());
    const flipped = Buffer.from(whole);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 0xff;
    for (const damaged of [flipped, whole.subarray(0, whole.length - 10), whole.subarray(0, 16), Buffer.alloc(0)]) {
      writeFileSync(cacheFile(), damaged);
      assert.deepEqual(start(), first);
      const rewritten = snapshot();
      assert.deepEqual(rewritten.bytes.subarray(0, 32), createHash('sha256').update(rewritten.bytes.subarray(32)).digest(), 'the new file is whole');
      assert.deepEqual(start(), first);
      assert.deepEqual(snapshot(), rewritten, 'and is used from then on');
    }
  });

  it('replaces a whole file that V8 refuses (not bytecode, or made by other V8 flags)', () => {
    const first = start();
    const junk = Buffer.from('not bytecode at all, but with a fitting checksum');
    writeFileSync(cacheFile(), Buffer.concat([createHash('sha256').update(junk).digest(), junk]));
    assert.deepEqual(start(), first);
    const rewritten = snapshot();
    assert.notDeepEqual(rewritten.bytes.subarray(32), junk);
    assert.deepEqual(start(), first);
    assert.deepEqual(snapshot(), rewritten);
  });

  it('never serves a changed bundle from the old cache, and drops the old file when writing the new', () => {
    start();
    writeFileSync(bundle, bundleSource('second'));
    assert.equal(start().report['marker'], 'second');
    assert.deepEqual(readdirSync(cacheFolder), [basename(cacheFile('second'))]);
  });

  it('is off with FASTAPI_ENGINEER_CODE_CACHE=off and lives in the user cache folder by default', () => {
    const off = start('off', { XDG_CACHE_HOME: cacheFolder });
    assert.equal(off.status, 7);
    assert.equal(off.report['marker'], 'first');
    assert.throws(() => readdirSync(cacheFolder), /ENOENT/);
    start('', { XDG_CACHE_HOME: cacheFolder });
    assert.deepEqual(readdirSync(join(cacheFolder, 'fastapi-backend-engineer', 'code')), [basename(codeCacheFile(join(cacheFolder, 'fastapi-backend-engineer', 'code'), bundleSource('first')))]);
    assert.equal(codeCacheFolder({ XDG_CACHE_HOME: '/x' }), join('/x', 'fastapi-backend-engineer', 'code'));
    assert.equal(codeCacheFolder({ FASTAPI_ENGINEER_CODE_CACHE: 'off' }), undefined);
  });

  it('leaves the built CLI\'s output and exit codes as they are without the cache', function () {
    this.timeout(60_000);
    const run = (setting: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } => {
      const result = spawnSync(process.execPath, ['dist/cli.js', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, FASTAPI_ENGINEER_CODE_CACHE: setting },
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    // Each with the exit code the CLI has always given it: proposal, refusal, usage error, unreadable spec, usage error, unknown command.
    const cases: ReadonlyArray<readonly [number, readonly string[]]> = [
      [0, ['crud', 'Hero', '--root', 'examples/heroes', '--dry-run']],
      [3, ['crud', 'Nope', '--root', 'examples/heroes']],
      [2, ['crud']],
      [3, ['spec', 'missing.yaml', '--root', 'examples/heroes']],
      [2, ['ask']],
      [2, ['nonsense']],
    ];
    for (const [status, args] of cases) {
      const without = run('off', ...args);
      assert.equal(without.status, status, `${args.join(' ')}: ${without.stderr}`);
      const cold = run(cacheFolder, ...args);
      const warm = run(cacheFolder, ...args);
      assert.deepEqual(cold, without, `first start with the cache: ${args.join(' ')}`);
      assert.deepEqual(warm, without, `start from the cache: ${args.join(' ')}`);
    }
    assert.equal(readdirSync(cacheFolder).filter((name) => name.endsWith('.bin')).length, 1);
  });
});
