/**
 * `spec-check <SPEC> --root DIR [--app module:attr] [--python PATH] [--json]`: imports the
 * project's app with the project's Python, reads `app.openapi()` and compares it with the spec.
 * Prints each difference; exit 0 only when there are none, 1 when there are, 3 when the spec
 * cannot be read or the app cannot be imported.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type CliCommand, UsageError } from './cli-command';
import { indexProject, parseCliArgs } from './context-command';
import { REFUSED_EXIT_CODE } from './crud-command';
import { NodeFileSource } from '../core/project/node-file-source';
import { specPathIn } from './spec-command';

/** The project's own interpreter: `.venv` or `venv` in the project, else `python3`. */
function projectPython(root: string): string {
  for (const dir of ['.venv', 'venv']) {
    const candidate = join(root, dir, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
    if (existsSync(candidate)) return candidate;
  }
  return 'python3';
}

export const specCheckCommand: CliCommand = {
  name: 'spec-check',
  summary: "Compare the project's app.openapi() with an OpenAPI document: operations, parameters, bodies, responses, security.",
  usage: 'spec-check <SPEC> [--root DIR] [--app module:attr] [--python PATH] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCliArgs({
      args: [...args],
      options: { root: { type: 'string' }, app: { type: 'string' }, python: { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    const [specFile, ...extra] = positionals;
    if (specFile === undefined || extra.length > 0) {
      throw new UsageError(specFile === undefined ? 'Name the OpenAPI document: spec-check <SPEC>.' : `Unexpected arguments: ${extra.join(' ')}`);
    }
    if (values.app !== undefined && !/^[\w.]+:\w+$/.test(values.app)) throw new UsageError('--app takes module:attribute, e.g. app.main:app.');
    const root = resolve(io.cwd, values.root ?? '.');
    const specPath = specPathIn(root, io.cwd, specFile);
    if (specPath === undefined) {
      io.stderr(`${specFile} is outside the project folder ${root}.\n`);
      return REFUSED_EXIT_CODE;
    }
    let target = values.app;
    if (target === undefined) {
      const app = (await indexProject(root, io.cwd)).facts.apps[0];
      if (app === undefined) {
        io.stderr(`No FastAPI app found in ${root}; name it with --app module:attribute.\n`);
        return REFUSED_EXIT_CODE;
      }
      target = `${app.module}:${app.variable}`;
    }
    const { readSpec, checkConformance, SpecError } = await import('./spec-engine');
    try {
      const spec = await readSpec(new NodeFileSource(root), specPath);
      const python = values.python === undefined ? projectPython(root) : values.python.includes('/') ? resolve(io.cwd, values.python) : values.python;
      const result = await checkConformance(spec, { python, cwd: root, app: target });
      if (result.kind === 'not-checked') {
        io.stderr(`${result.reason}\n`);
        return REFUSED_EXIT_CODE;
      }
      const { differences } = result;
      if (values.json) io.stdout(`${JSON.stringify({ differences }, null, 2)}\n`);
      else {
        for (const difference of differences) io.stdout(`${difference.operation}: ${difference.message}\n`);
        io.stdout(`${differences.length} difference${differences.length === 1 ? '' : 's'} between ${specPath} and ${target} (${spec.operations.length} operations in the spec).\n`);
      }
      return differences.length === 0 ? 0 : 1;
    } catch (error) {
      if (error instanceof SpecError) {
        io.stderr(`${error.message}\n`);
        return REFUSED_EXIT_CODE;
      }
      throw error;
    }
  },
};
