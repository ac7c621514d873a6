/**
 * The one way the command line writes a change set (`crud --write`, `ask --write`, the MCP
 * server's `apply_proposal`): the same rules as the editor's apply, and one line per file so
 * scripts can read what happened.
 */
import { applyChangeSetToDisk, type ApplyFileSystem, type ApplyResult, nodeApplyFileSystem } from '../core/changes/apply-to-disk';
import type { ChangeSet } from '../core/changes/change-set';
import { changeSetToUnifiedDiff } from '../core/changes/unified-diff';
import type { CliIo } from './cli-command';

export interface WrittenReport {
  readonly result: ApplyResult;
  /** `created <path>` / `modified <path>`, one per written file. */
  readonly written: readonly string[];
  /** `<path>: <reason>`, one per conflict or rejected path. */
  readonly problems: readonly string[];
  /** One sentence when writing failed part-way (every file is then as it was). */
  readonly failure?: string;
}

/** Applies `changeSet` under `root` (only `accepted` paths when given) and describes the outcome per file. */
export async function applyAndReport(
  root: string,
  changeSet: ChangeSet,
  accepted?: ReadonlySet<string>,
  fileSystem: ApplyFileSystem = nodeApplyFileSystem,
): Promise<WrittenReport> {
  const result = await applyChangeSetToDisk(root, changeSet, accepted, fileSystem);
  const written = result.written.map((path) => {
    const change = changeSet.changes.find((candidate) => candidate.path === path);
    return `${change?.kind === 'create' ? 'created' : 'modified'} ${path}`;
  });
  const problems = [...result.conflicts, ...result.rejected].map((problem) => `${problem.path}: ${problem.reason}`);
  return { result, written, problems, ...(result.failure === undefined ? {} : { failure: result.failure }) };
}

/**
 * Applies `changeSet` under `root` and reports `created <path>` / `modified <path>` on stdout and
 * `not written: <path>: <reason>` on stderr (or the whole result as JSON). A failure part-way
 * (a full disk, a refused rename) is one sentence, with every file as it was. Exit code 1 when any
 * file was a conflict or rejected or writing failed, else 0.
 */
export async function writeChangeSet(
  root: string,
  changeSet: ChangeSet,
  io: Pick<CliIo, 'stdout' | 'stderr'>,
  json = false,
  fileSystem: ApplyFileSystem = nodeApplyFileSystem,
): Promise<number> {
  const report = await applyAndReport(root, changeSet, undefined, fileSystem);
  if (json) {
    io.stdout(`${JSON.stringify(report.result, null, 2)}\n`);
  } else {
    for (const line of report.written) io.stdout(`${line}\n`);
    for (const line of report.problems) io.stderr(`not written: ${line}\n`);
    if (report.failure !== undefined) io.stderr(`error: ${report.failure}\n`);
  }
  return report.problems.length > 0 || report.failure !== undefined ? 1 : 0;
}

/**
 * What every engine command does with its proposal: `--write` applies it (as `writeChangeSet`),
 * otherwise it is printed as a unified diff (or JSON); then each warning goes to stderr.
 */
export async function deliverChangeSet(
  root: string,
  changeSet: ChangeSet,
  io: Pick<CliIo, 'stdout' | 'stderr'>,
  mode: { readonly write: boolean; readonly json: boolean },
): Promise<number> {
  let code = 0;
  if (mode.write) code = await writeChangeSet(root, changeSet, io, mode.json);
  else io.stdout(mode.json ? `${JSON.stringify(changeSet, null, 2)}\n` : changeSetToUnifiedDiff(changeSet));
  for (const warning of changeSet.warnings) io.stderr(`warning: ${warning}\n`);
  return code;
}
