/**
 * Verification of the authentication engine on one project: the untouched copy (baseline), a
 * copy with `auth --write`, and one with `auth --write` then `crud <Model> --write` (the new
 * router must be secured by the new dependency), each through ruff, ruff format, mypy, pytest.
 */
import { join } from 'node:path';
import { classifyGeneration, type GenerationOutcome } from './outcomes';
import { copyProject, runChecks, startRows, runCli, type ProjectTask, type Toolchain } from './project-run';
import { BASELINE, type VerificationRow } from './report';

export interface AuthTask extends ProjectTask {
  /** The table model `crud` generates for after `auth`. */
  readonly crudModel: string;
}

function merged(first: GenerationOutcome, second: GenerationOutcome): GenerationOutcome {
  if (first.kind !== 'generated') return first;
  if (second.kind !== 'generated') return second;
  return { ...second, output: `${first.output}\n${second.output}`, written: [...first.written, ...second.written] };
}

export async function verifyAuthProject(
  task: AuthTask,
  toolchain: Toolchain,
  onRow: (row: VerificationRow) => void,
): Promise<VerificationRow[]> {
  const { rows, add } = startRows(task.workDir, toolchain, onRow);
  if (task.skipBaseline !== true) {
    const baselineCopy = join(task.workDir, BASELINE);
    copyProject(task.sourceDir, baselineCopy);
    add({ project: task.name, subject: BASELINE, checks: await runChecks(baselineCopy, toolchain, task.workDir) });
  }
  for (const withCrud of [false, true]) {
    const subject = withCrud ? `auth + crud ${task.crudModel}` : 'auth';
    const copy = join(task.workDir, withCrud ? 'auth-crud' : 'auth');
    copyProject(task.sourceDir, copy);
    let generation = classifyGeneration(await runCli(toolchain, ['auth', '--root', copy, '--write'], task.workDir));
    if (withCrud && generation.kind === 'generated') {
      const crud = classifyGeneration(await runCli(toolchain, ['crud', task.crudModel, '--root', copy, '--write'], task.workDir));
      generation = merged(generation, crud);
    }
    const checks = generation.kind === 'generated' ? await runChecks(copy, toolchain, task.workDir) : [];
    add({ project: task.name, subject, generation, checks });
  }
  return rows;
}
