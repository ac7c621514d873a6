/**
 * Makes sure generated tests really ran: when the generator wrote a test module, pytest on the
 * generated copy must pass more tests than on the untouched project. A test file pytest never
 * collects (wrong name, wrong folder) would otherwise pass unnoticed. Pure.
 */
import { pytestPassedCount, type CheckOutcome } from './outcomes';
import { BASELINE, type VerificationRow } from './report';

export function isTestModule(path: string): boolean {
  const name = path.split('/').at(-1) ?? '';
  return /^test_.*\.py$/.test(name) || /_test\.py$/.test(name);
}

function passedTests(row: VerificationRow | undefined): number | undefined {
  const pytest = row?.checks.find((outcome) => outcome.check === 'pytest');
  return pytest?.passed === true ? pytestPassedCount(pytest.output) : undefined;
}

function compareWithBaseline(pytest: CheckOutcome, testModules: readonly string[], before: number): CheckOutcome {
  const after = pytestPassedCount(pytest.output);
  if (after === undefined) return pytest;
  if (after > before) return { ...pytest, summary: `${pytest.summary}, +${after - before} new` };
  return {
    ...pytest,
    passed: false,
    summary: `${pytest.summary}, no new tests ran`,
    output:
      `The generator wrote ${testModules.join(', ')} but pytest passed ${after} tests, ` +
      `no more than the ${before} of the untouched project.\n${pytest.output}`,
  };
}

export function checkGeneratedTestsRan(rows: readonly VerificationRow[]): VerificationRow[] {
  return rows.map((row) => {
    if (row.generation?.kind !== 'generated') return row;
    const testModules = row.generation.written.filter(isTestModule);
    const before = passedTests(rows.find((other) => other.project === row.project && other.subject === BASELINE));
    if (testModules.length === 0 || before === undefined) return row;
    return {
      ...row,
      checks: row.checks.map((outcome) =>
        outcome.check === 'pytest' && outcome.passed ? compareWithBaseline(outcome, testModules, before) : outcome,
      ),
    };
  });
}
