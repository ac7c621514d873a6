/**
 * `spec <SPEC_FILE>` with the engine options (`--root`, `--write`, `--verify` ...): endpoints
 * from an OpenAPI document inside the project. Same output and exit codes as `crud`; a
 * document the engine cannot read is a refusal (3) with the reason on stderr.
 */
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { SpecChangeSet } from '../core/generate/spec/index';
import type { ProjectFacts } from '../core/project/facts';
import type { CliCommand } from './cli-command';
import { indexProject } from './context-command';
import { REFUSED_EXIT_CODE } from './crud-command';
import { deliverProposal, ENGINE_USAGE, parseEngineArgs } from './engine-options';
import { NodeFileSource } from '../core/project/node-file-source';

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
  usage: `spec <SPEC_FILE> ${ENGINE_USAGE}`,
  async run(args, io) {
    const parsed = parseEngineArgs(args, io, { positionals: [{ name: 'spec', missing: 'Name the OpenAPI document: spec <SPEC_FILE>.' }] });
    const specFile = parsed.positionals[0] ?? '';
    const { root } = parsed;
    const specPath = specPathIn(root, io.cwd, specFile);
    if (specPath === undefined) {
      io.stderr(`${specFile} is outside the project folder ${root}; put the document inside it (its $refs are read from there).\n`);
      return REFUSED_EXIT_CODE;
    }
    let changeSet: SpecChangeSet;
    let facts: ProjectFacts;
    // The engine is loaded when used: the other commands start without it.
    const { readSpec, generateFromSpec, SpecError } = await import('./spec-engine');
    try {
      const spec = await readSpec(new NodeFileSource(root), specPath);
      facts = (await indexProject(root, io.cwd)).facts;
      changeSet = generateFromSpec(facts, spec);
    } catch (error) {
      if (error instanceof SpecError) {
        io.stderr(`${error.message}\n`);
        return REFUSED_EXIT_CODE;
      }
      throw error;
    }
    const code = await deliverProposal(parsed, changeSet, facts, io);
    io.stderr(`${changeSet.summary}\n`);
    return code;
  },
};
