/**
 * Python verification of the spec engine: every corpus document applied to every spec fixture
 * project (a fresh copy each), then ruff check, ruff format --check, mypy (strict, from the
 * project's config), pytest, spec-check against the document with 0 differences, and
 * schemathesis in-process against the app with the document (spec_conformance.py): every
 * implemented operation passes not_a_server_error, status_code_conformance and
 * response_schema_conformance, every stub answers 501. The benchmark's generated 175-operation
 * document goes through the same steps on the new app.
 *
 *   npm run test:python            (runs after the CRUD verification)
 *   tsx test/python/verify-spec.ts [--keep] [--fixture NAME] [--spec FILE]   (a subset while working)
 *
 * Needs the environment from `npm run setup:python` and a built dist/cli.js. Exits 1 on any failure.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { conformancePlan } from './verify/spec-conformance-plan';
import { largeSpec } from '../../scripts/bench/make-large-spec';

const FIXTURES = ['new-app', 'fullstack-template', 'async-app'];
const CORPUS = ['pets-crud.yaml', 'multi-file/openapi.yaml', 'polymorphic.json', 'secured.yaml', 'forms.yaml'];
/** The benchmark's generated 175-operation document, written beside the corpus; checked on the new app only. */
const LARGE = 'large.json';
const LARGE_FIXTURE = 'new-app';
const TIMEOUT_MS = 180_000;
/** Generated cases per operation: enough to find wrong shapes and statuses, cheap enough for CI. */
const EXAMPLES_PER_OPERATION = 20;

interface Step {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

function run(step: Step, cwd: string, mypyCache: string): { ok: boolean; output: string } {
  // One mypy cache for all copies: the libraries are analysed once, each project's files rechecked.
  const result = spawnSync(step.command, step.args, { cwd, encoding: 'utf8', timeout: TIMEOUT_MS, env: { ...process.env, MYPY_CACHE_DIR: mypyCache } });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

async function main(): Promise<number> {
  const repo = process.cwd();
  const venvBin = join(repo, '.cache', 'venv', 'bin');
  const cli = join(repo, 'dist', 'cli.js');
  if (!existsSync(join(venvBin, 'mypy')) || !existsSync(cli)) {
    process.stderr.write('verify-spec: run `npm run setup:python` and `npm run build` first\n');
    return 2;
  }
  const keep = process.argv.includes('--keep');
  const chosen = (flag: string): string | undefined => {
    const index = process.argv.indexOf(flag);
    return index < 0 ? undefined : process.argv[index + 1];
  };
  const fixtures = FIXTURES.filter((fixture) => [fixture, undefined].includes(chosen('--fixture')));
  const corpus = [...CORPUS, LARGE].filter((spec) => [spec, undefined].includes(chosen('--spec')));
  const temp = mkdtempSync(join(tmpdir(), 'fbe-spec-verify-'));
  const failures: string[] = [];
  let passed = 0;
  let total = 0;
  try {
    for (const fixture of fixtures) {
      for (const spec of corpus) {
        if (spec === LARGE && fixture !== LARGE_FIXTURE) continue;
        total++;
        const dir = join(temp, `${fixture}-${spec.replace(/\W/g, '_')}`);
        cpSync(resolve(repo, 'test', 'fixtures', fixture), dir, { recursive: true });
        cpSync(resolve(repo, 'test', 'fixtures', 'specs'), join(dir, 'specs'), { recursive: true });
        if (spec === LARGE) writeFileSync(join(dir, 'specs', LARGE), JSON.stringify(largeSpec(), null, 2));
        // Which operations are implemented is known before the proposal is written.
        const planFile = join(dir, '.conformance-plan.json');
        const plan = await conformancePlan(dir, `specs/${spec}`, EXAMPLES_PER_OPERATION);
        writeFileSync(planFile, JSON.stringify(plan));
        const steps: Step[] = [
          { name: 'spec --write', command: process.execPath, args: [cli, 'spec', `specs/${spec}`, '--root', dir, '--write'] },
          { name: 'ruff check', command: join(venvBin, 'ruff'), args: ['check', '--no-cache', '.'] },
          { name: 'ruff format', command: join(venvBin, 'ruff'), args: ['format', '--check', '--no-cache', '.'] },
          { name: 'mypy', command: join(venvBin, 'mypy'), args: ['.'] },
          { name: 'pytest', command: join(venvBin, 'pytest'), args: ['-q', '-p', 'no:cacheprovider'] },
          { name: 'spec-check', command: process.execPath, args: [cli, 'spec-check', `specs/${spec}`, '--root', dir, '--python', join(venvBin, 'python')] },
          // Not yet for async sessions: the runner's in-memory database override is synchronous.
          ...(plan.asyncSession ? [] : [{ name: 'schemathesis', command: join(venvBin, 'python'), args: [resolve(repo, 'test', 'python', 'spec_conformance.py'), planFile] }]),
        ];
        const started = Date.now();
        const outcomes: string[] = [];
        for (const step of steps) {
          const result = run(step, dir, join(temp, 'mypy-cache'));
          outcomes.push(`${step.name} ${result.ok ? 'pass' : 'FAIL'}`);
          if (!result.ok) {
            failures.push(`${fixture} / ${spec}: ${step.name}\n${result.output.split('\n').slice(-30).join('\n')}`);
            break;
          }
          if (step.name === 'pytest' || step.name === 'schemathesis') outcomes[outcomes.length - 1] = `${step.name} pass (${result.output.split('\n').at(-1) ?? ''})`;
        }
        if (outcomes.every((outcome) => !outcome.includes('FAIL'))) passed++;
        process.stderr.write(`  ${fixture} / ${spec}: ${outcomes.join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      }
    }
  } finally {
    if (keep) process.stderr.write(`verify-spec: copies kept in ${temp}\n`);
    else rmSync(temp, { recursive: true, force: true });
  }
  if (failures.length > 0) process.stdout.write(`\nFailures:\n\n${failures.join('\n\n')}\n\n`);
  process.stdout.write(`spec verification: ${passed} passed, ${total - passed} failed\n`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`verify-spec: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
