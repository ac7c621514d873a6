import assert from 'node:assert/strict';
import {
  importFindings,
  parseImportReport,
  parseMypyOutput,
  parsePyrightJson,
  parsePytestReport,
  parseRuffFormatDiff,
  parseRuffJson,
  pytestFindings,
  workspacePathOf,
} from '../../../src/core/verify/tool-output';

const COPY = '/tmp/fastapi-engineer-verify-abc/project';
const REAL_COPY = '/private/tmp/fastapi-engineer-verify-abc/project';

describe('tool output → findings', () => {
  it('maps paths inside the copy (either spelling) to workspace paths, and keeps relative ones', () => {
    assert.equal(workspacePathOf(`${COPY}/app/main.py`, [COPY, REAL_COPY]), 'app/main.py');
    assert.equal(workspacePathOf(`${REAL_COPY}/app/main.py`, [COPY, REAL_COPY]), 'app/main.py');
    assert.equal(workspacePathOf('./app/routers/heroes.py', [COPY]), 'app/routers/heroes.py');
    assert.equal(workspacePathOf('app\\main.py', [COPY]), 'app/main.py');
  });

  it('reads ruff check JSON, syntax errors (no code) included', () => {
    const output = JSON.stringify([
      { code: 'F821', message: 'Undefined name `Heroo`', filename: `${COPY}/app/routers/heroes.py`, location: { row: 14, column: 12 }, end_location: { row: 14, column: 17 } },
      { code: null, message: 'SyntaxError: Expected an expression', filename: `${COPY}/app/models.py`, location: { row: 3, column: 9 } },
    ]);
    assert.deepEqual(parseRuffJson(output, [COPY]), [
      { path: 'app/routers/heroes.py', line: 14, column: 12, message: 'Undefined name `Heroo`', severity: 'error', code: 'F821' },
      { path: 'app/models.py', line: 3, column: 9, message: 'SyntaxError: Expected an expression', severity: 'error' },
    ]);
    assert.deepEqual(parseRuffJson('not json', [COPY]), []);
  });

  it('reads ruff format --diff: one finding per file at its first changed line, and parse failures', () => {
    const diff = [
      '--- app/routers/heroes.py',
      '+++ app/routers/heroes.py',
      '@@ -10,7 +10,7 @@',
      ' context one',
      ' context two',
      '-x=1',
      '+x = 1',
      '@@ -40,3 +40,3 @@',
      '-y=2',
      '+y = 2',
      '--- tests/test_heroes.py',
      '+++ tests/test_heroes.py',
      '@@ -1,2 +1,2 @@',
      '-import os,sys',
      '+import os, sys',
    ].join('\n');
    const stderr = 'error: Failed to parse app/models.py:7:5: Expected an indented block\n';
    assert.deepEqual(parseRuffFormatDiff(diff, stderr, [COPY]), [
      { path: 'app/routers/heroes.py', line: 12, message: 'ruff format would reformat this file from here', severity: 'error', code: 'format' },
      { path: 'tests/test_heroes.py', line: 1, message: 'ruff format would reformat this file from here', severity: 'error', code: 'format' },
      { path: 'app/models.py', line: 7, column: 5, message: 'cannot be formatted: Expected an indented block', severity: 'error', code: 'format' },
    ]);
  });

  it('reads mypy lines with columns and codes, and leaves notes out', () => {
    const output = [
      'app/routers/heroes.py:22:12: error: Incompatible return value type (got "str", expected "int")  [return-value]',
      'app/routers/heroes.py:22:12: note: See https://mypy.readthedocs.io',
      'app/models.py:5: error: Name "Sessoin" is not defined  [name-defined]',
      'Success: no issues found in 1 source file',
    ].join('\n');
    assert.deepEqual(parseMypyOutput(output, [COPY]), [
      { path: 'app/routers/heroes.py', line: 22, column: 12, message: 'Incompatible return value type (got "str", expected "int")', severity: 'error', code: 'return-value' },
      { path: 'app/models.py', line: 5, message: 'Name "Sessoin" is not defined', severity: 'error', code: 'name-defined' },
    ]);
  });

  it('reads pyright JSON with zero-based positions, errors and warnings only', () => {
    const output = JSON.stringify({
      generalDiagnostics: [
        { file: `${COPY}/app/routers/heroes.py`, severity: 'error', message: 'Type "str" is not assignable to "int"\n  more detail', range: { start: { line: 21, character: 11 } }, rule: 'reportReturnType' },
        { file: `${COPY}/app/main.py`, severity: 'warning', message: 'Import "x" is not accessed', range: { start: { line: 0, character: 0 } } },
        { file: `${COPY}/app/main.py`, severity: 'information', message: 'ignored', range: { start: { line: 1, character: 0 } } },
      ],
      summary: { errorCount: 1 },
    });
    assert.deepEqual(parsePyrightJson(output, [COPY]), [
      { path: 'app/routers/heroes.py', line: 22, column: 12, message: 'Type "str" is not assignable to "int"', severity: 'error', code: 'reportReturnType' },
      { path: 'app/main.py', line: 1, column: 1, message: 'Import "x" is not accessed', severity: 'warning' },
    ]);
  });

  it('turns the pytest reporter lines into findings at the blamed line, setup failures and collection errors included', () => {
    const report = [
      JSON.stringify({ kind: 'test', nodeid: 'tests/test_heroes.py::test_create', when: 'call', outcome: 'passed', testFile: 'tests/test_heroes.py', testLine: 10 }),
      JSON.stringify({ kind: 'test', nodeid: 'tests/test_heroes.py::test_read', when: 'call', outcome: 'failed', message: 'assert 404 == 200', file: 'tests/test_heroes.py', line: 31, testFile: 'tests/test_heroes.py', testLine: 25 }),
      JSON.stringify({ kind: 'test', nodeid: 'tests/test_teams.py::test_list', when: 'setup', outcome: 'failed', message: "fixture 'client' not found", testFile: 'tests/test_teams.py', testLine: 4 }),
      JSON.stringify({ kind: 'collect', nodeid: 'tests/test_broken.py', outcome: 'failed', message: 'E   NameError: name "x" is not defined', file: 'tests/test_broken.py' }),
      'garbage line',
    ].join('\n');
    const records = parsePytestReport(report);
    assert.equal(records.length, 4);
    assert.deepEqual(pytestFindings(records), [
      { path: 'tests/test_heroes.py', line: 31, message: 'tests/test_heroes.py::test_read failed: assert 404 == 200', severity: 'error', code: 'tests/test_heroes.py::test_read' },
      { path: 'tests/test_teams.py', line: 4, message: "tests/test_teams.py::test_list failed (setup): fixture 'client' not found", severity: 'error', code: 'tests/test_teams.py::test_list' },
      { path: 'tests/test_broken.py', message: 'error collecting tests/test_broken.py: E   NameError: name "x" is not defined', severity: 'error', code: 'tests/test_broken.py' },
    ]);
  });

  it('reads the import check report, blaming the file and line the error came from', () => {
    const report = JSON.stringify([
      { module: 'app.main', path: 'app/main.py', ok: true },
      { module: 'app.routers.heroes', path: 'app/routers/heroes.py', ok: false, error: "ImportError: cannot import name 'Hero' from partially initialized module 'app.models'", file: 'app/models.py', line: 3 },
      { module: 'app.db', path: 'app/db.py', ok: false, error: 'SyntaxError: invalid syntax', file: 'app/db.py', line: 9, column: 14 },
      { module: 'app.unplaced', path: 'app/unplaced.py', ok: false, error: 'RuntimeError: boom' },
    ]);
    assert.deepEqual(importFindings(parseImportReport(report)), [
      { path: 'app/models.py', line: 3, message: "import app.routers.heroes failed: ImportError: cannot import name 'Hero' from partially initialized module 'app.models'", severity: 'error', code: 'app.routers.heroes' },
      { path: 'app/db.py', line: 9, column: 14, message: 'import app.db failed: SyntaxError: invalid syntax', severity: 'error', code: 'app.db' },
      { path: 'app/unplaced.py', message: 'import app.unplaced failed: RuntimeError: boom', severity: 'error', code: 'app.unplaced' },
    ]);
    assert.deepEqual(parseImportReport('{}'), []);
  });
});
