/**
 * `spec <SPEC_FILE> [--root DIR] [--dry-run | --write] [--json]`: endpoints from an OpenAPI
 * document inside the project. Same output and exit codes as `crud`; a document the engine
 * cannot read is a refusal (3) with the reason on stderr.
 */
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { SpecChangeSet } from '../core/generate/spec/index';
import { SpecError } from '../core/spec/errors';
import { type CliCommand, UsageError } from './cli-command';
import { indexProject, parseCliArgs } from './context-command';
import { REFUSED_EXIT_CODE } from './crud-command';
import { NodeFileSource } from './node-file-source';
import { deliverChangeSet } from './write-change-set';

/** The spec's path inside the project, or undefined when it lies outside. */
export function specPathIn(root: string, cwd: string, specFile: string): string | undefined {
  // Relative to the current folder, like every path on the command line; else to the project.
  const fromCwd = resolve(cwd, specFile);
  const absolute = existsSync(fromCwd) ? fromCwd : resolve(root, specFile);
  const inside = relative(root, absolute);
  if (inside === '' || inside.startsWith('..') || resolve(root, inside) !== absolute) return undefined;
  return inside.split(sep).join('/');
}

export const specCommand: CliCommand = {
  name: 'spec',
  summary: 'Generate schemas, routers, handlers and tests from an OpenAPI 3.0 / 3.1 document.',
  usage: 'spec <SPEC_FILE> [--root DIR] [--dry-run | --write] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCliArgs({
      args: [...args],
      options: {
        root: { type: 'string' },
        'dry-run': { type: 'boolean' },
        write: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    const [specFile, ...extra] = positionals;
    if (specFile === undefined || extra.length > 0) {
      throw new UsageError(specFile === undefined ? 'Name the OpenAPI document: spec <SPEC_FILE>.' : `Unexpected arguments: ${extra.join(' ')}`);
    }
    if (values.write && values['dry-run']) {
      throw new UsageError('Choose one of --dry-run and --write.');
    }
    const root = resolve(io.cwd, values.root ?? '.');
    const specPath = specPathIn(root, io.cwd, specFile);
    if (specPath === undefined) {
      io.stderr(`${specFile} is outside the project folder ${root}; put the document inside it (its $refs are read from there).\n`);
      return REFUSED_EXIT_CODE;
    }
    let changeSet: SpecChangeSet;
    // The engine is loaded when used: the other commands start without it.
    const [{ readSpec }, { generateFromSpec }] = await Promise.all([import('../core/spec/read'), import('../core/generate/spec/index')]);
    try {
      const spec = await readSpec(new NodeFileSource(root), specPath);
      const { facts } = await indexProject(root, io.cwd);
      changeSet = generateFromSpec(facts, spec);
    } catch (error) {
      if (error instanceof SpecError) {
        io.stderr(`${error.message}\n`);
        return REFUSED_EXIT_CODE;
      }
      throw error;
    }
    const code = await deliverChangeSet(root, changeSet, io, { write: values.write === true, json: values.json === true });
    io.stderr(`${changeSet.summary}\n`);
    return code;
  },
};
