/**
 * The project's own tests before and after generation, from one pytest run each (`-rA` lists
 * every test's outcome): the baseline run of the untouched project, and the run of the copy
 * where the project's tests and the generated ones ran together, with the project's conftest.
 * A project test that passed before and not after is a failure of the row. Pure.
 */
import type { CheckOutcome } from './outcomes';
import { BASELINE, type VerificationRow } from './report';

export type TestStatus = 'passed' | 'failed' | 'error';

/** `PASSED tests/test_x.py::test_y`, `FAILED …`, `ERROR …` lines of pytest's `-rA` summary. */
export function pytestTestOutcomes(output: string): Map<string, TestStatus> {
  const outcomes = new Map<string, TestStatus>();
  for (const match of output.matchAll(/^(PASSED|FAILED|ERROR) (\S+)/gm)) {
    const status = match[1] === 'PASSED' ? 'passed' : match[1] === 'FAILED' ? 'failed' : 'error';
    const id = match[2] ?? '';
    // An error in setup and a failure in the call of one test: the worse one counts.
    if (outcomes.get(id) !== 'error') outcomes.set(id, status);
  }
  return outcomes;
}

function fileOf(testId: string): string {
  return testId.split('::')[0] ?? testId;
}

function pytestOf(row: VerificationRow): CheckOutcome | undefined {
  return row.checks.find((outcome) => outcome.check === 'pytest');
}

function passedCount(outcomes: ReadonlyMap<string, TestStatus>): number {
  return [...outcomes.values()].filter((status) => status === 'passed').length;
}

/** `12/12 → 12/12`: the project's own tests passed out of run, before and after. */
export function compareProjectTests(rows: readonly VerificationRow[]): VerificationRow[] {
  return rows.map((row) => {
    const pytest = pytestOf(row);
    if (pytest === undefined) return row;
    const own = pytestTestOutcomes(pytest.output);
    if (row.subject === BASELINE) return { ...row, projectTests: `${passedCount(own)}/${own.size}` };
    if (row.generation?.kind !== 'generated') return row;
    const baseline = rows.find((other) => other.project === row.project && other.subject === BASELINE);
    const baselinePytest = baseline === undefined ? undefined : pytestOf(baseline);
    if (baselinePytest === undefined) return row;
    const before = pytestTestOutcomes(baselinePytest.output);
    // pytest names files from where it runs (the Python project, maybe below the workspace root).
    const written = row.generation.written;
    const generatedFile = (file: string): boolean => written.some((path) => path === file || path.endsWith(`/${file}`));
    const after = new Map([...own].filter(([id]) => !generatedFile(fileOf(id))));
    const broken = [...before].filter(([id, status]) => status === 'passed' && after.get(id) !== 'passed').map(([id]) => id);
    const cell = `${passedCount(before)}/${before.size} → ${passedCount(after)}/${after.size}`;
    if (broken.length === 0) return { ...row, projectTests: cell };
    return {
      ...row,
      projectTests: `${cell} BROKEN`,
      checks: row.checks.map((outcome) =>
        outcome === pytest
          ? {
              ...outcome,
              passed: false,
              summary: `${outcome.summary}, ${broken.length} project tests broken`,
              output: `Project tests that passed before and not with the generated ones: ${broken.join(', ')}\n${outcome.output}`,
            }
          : outcome,
      ),
    };
  });
}
