/**
 * Route discovery against FastAPI itself: for every `test/fixtures/routes-*` project, the
 * routes the index lists beside the routes the imported application really serves (read by
 * `route_truth.py` from its OpenAPI documents, mounted sub-applications included).
 *
 *   npm run test:route-truth
 *
 * Prints, per fixture, the true count, how many of those the index found with the same
 * method, full path, handler and file:line, what it missed or listed wrongly, and how many
 * unresolved registrations it reported. Exits 1 when a fixture with nothing unresolved differs
 * from the truth, or when one with differences reports nothing unresolved.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NodeFileSource } from '../../src/core/project/node-file-source';
import { ProjectIndex } from '../../src/core/project/project-index';

const repoRoot = resolve(__dirname, '../..');
const fixtures = resolve(repoRoot, 'test/fixtures');
const python = join(repoRoot, '.cache/venv/bin/python');

function appTarget(root: string): string {
  return existsSync(join(root, 'app/server.py')) ? 'app.server:app' : 'app.main:app';
}

function truthOf(root: string): string[] {
  const output = execFileSync(python, [join(__dirname, 'route_truth.py'), root, appTarget(root)], { encoding: 'utf8' });
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [method, path, handler, place] = JSON.parse(line) as [string, string, string, string];
      return `${method} ${path} → ${handler} ${place}`;
    });
}

async function main(): Promise<void> {
  if (!existsSync(python)) throw new Error('No virtual environment: run `npm run setup:python` first.');
  const names = readdirSync(fixtures).filter((name) => name.startsWith('routes-')).sort();
  let failed = false;
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  out(`${'fixture'.padEnd(28)} true  found  missed  wrong  unresolved`);
  for (const name of names) {
    const root = join(fixtures, name);
    const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
    const listed = new Set(facts.routes.map((route) => `${route.method.toUpperCase()} ${route.path} → ${route.functionName} ${route.file}:${route.range.startLine + 1}`));
    const truth = new Set(truthOf(root));
    const missed = [...truth].filter((route) => !listed.has(route));
    const wrong = [...listed].filter((route) => !truth.has(route));
    const unresolved = facts.unresolvedRoutes?.length ?? 0;
    const found = truth.size - missed.length;
    out(`${name.padEnd(28)} ${String(truth.size).padStart(4)}  ${String(found).padStart(5)}  ${String(missed.length).padStart(6)}  ${String(wrong.length).padStart(5)}  ${String(unresolved).padStart(10)}`);
    for (const route of missed) out(`    missed: ${route}`);
    for (const route of wrong) out(`    wrong:  ${route}`);
    const differs = missed.length + wrong.length > 0;
    if (differs === (unresolved === 0)) failed = true;
  }
  if (failed) {
    out('Some fixture differs from what FastAPI serves without saying what it could not resolve.');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`test:route-truth: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
