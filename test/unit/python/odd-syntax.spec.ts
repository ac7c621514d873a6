import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PythonFileFacts } from '../../../src/core/python/facts';
import { normalisePythonText, parsePythonFile, toOriginalIndex } from '../../../src/core/python/parse';
import { classNamed } from './fact-lookup';

const FIXTURE = join('test', 'fixtures', 'odd-syntax');

function readFixture(name: string): string {
  return readFileSync(join(FIXTURE, name), 'utf8');
}

async function parseFixture(name: string): Promise<PythonFileFacts> {
  return parsePythonFile(name, readFixture(name));
}

describe('python facts: odd syntax', () => {
  it('reads a file with a byte-order mark and CRLF line endings, with ranges on the normalised text', async () => {
    const raw = readFixture('crlf_bom_models.py');
    assert.equal(raw.charCodeAt(0), 0xfeff, 'the fixture keeps its byte-order mark');
    assert.ok(raw.includes('\r\n'), 'the fixture keeps its CRLF line endings');
    const facts = await parsePythonFile('crlf_bom_models.py', raw);
    assert.equal(facts.hasSyntaxErrors, false);
    assert.deepEqual(
      facts.classes.map((fact) => [fact.name, fact.table]),
      [
        ['TeamBase', false],
        ['Team', true],
        ['Hero', true],
      ],
    );
    const team = classNamed(facts, 'Team');
    assert.equal(team.docstring, 'A team of heroes.');
    assert.deepEqual(
      team.relationships.map((relationship) => [relationship.target, relationship.many, relationship.cascadeDelete]),
      [['Hero', true, true]],
    );
    const teamId = classNamed(facts, 'Hero').fields.find((field) => field.name === 'team_id');
    assert.deepEqual(teamId?.fieldArgs, { default: 'None', foreign_key: '"team.id"', ondelete: '"SET NULL"' });
    assert.equal(teamId?.value?.includes('\r'), false);
    const normalised = normalisePythonText(raw);
    const hero = classNamed(facts, 'Hero');
    assert.equal(normalised.slice(hero.nameRange.startIndex, hero.nameRange.endIndex), 'Hero');
    assert.equal(normalised.split('\n')[hero.nameRange.startLine]?.slice(hero.nameRange.startColumn, hero.nameRange.endColumn), 'Hero');
    const start = toOriginalIndex(raw, teamId?.range.startIndex ?? 0);
    const end = toOriginalIndex(raw, teamId?.range.endIndex ?? 0);
    assert.equal(raw.slice(start, end), ['team_id: int | None = Field(', '        default=None,', '        foreign_key="team.id",', '        ondelete="SET NULL",', '    )'].join('\r\n'));
  });

  it('reads tab-indented routes', async () => {
    const facts = await parseFixture('tabs_router.py');
    assert.equal(facts.hasSyntaxErrors, false);
    assert.deepEqual(
      facts.routes.map((route) => [route.method, route.path, route.functionName, route.statusCode, route.isAsync]),
      [
        ['get', '/{hero_id}', 'read_hero', undefined, false],
        ['delete', '/{hero_id}', 'delete_hero', '204', true],
      ],
    );
    assert.equal(facts.routes[0]?.docstring, 'Read one hero.');
    assert.deepEqual(facts.functions.map((fn) => fn.raisedStatusCodes), [['404'], ['404']]);
    const deps = await parseFixture('deps.py');
    assert.equal(deps.functions[0]?.yieldsSession, true);
    assert.deepEqual(deps.aliases.map((alias) => [alias.name, alias.dependency]), [['SessionDep', 'get_session']]);
  });

  it('reads Python 3.12-3.14 syntax without errors', async () => {
    const facts = await parseFixture('modern_syntax.py');
    assert.deepEqual(facts.diagnostics, []);
    assert.equal(facts.hasSyntaxErrors, false);
    assert.deepEqual(
      facts.aliases.map((alias) => [alias.name, alias.type, alias.dependency]),
      [['SessionDep', 'Session', 'get_session']],
    );
    assert.deepEqual(
      facts.classes.map((fact) => [fact.name, fact.bases]),
      [
        ['Page', ['SQLModel']],
        ['Box', ['SQLModel']],
        ['Café', ['SQLModel']],
      ],
    );
    assert.deepEqual(classNamed(facts, 'Page').fields.map((field) => [field.name, field.annotation]), [
      ['data', 'Sequence[T]'],
      ['count', 'int'],
    ]);
    assert.deepEqual(classNamed(facts, 'Box').fields.map((field) => [field.name, field.optional, field.baseType]), [['content', true, 'T']]);
    assert.deepEqual(classNamed(facts, 'Café').fields.map((field) => [field.name, field.default]), [
      ['id', 'None'],
      ['prénom', undefined],
      ['名前', '"名無し"'],
    ]);
    assert.deepEqual(
      facts.functions.map((fn) => [fn.name, fn.isAsync, fn.returnAnnotation]),
      [
        ['first', false, 'T'],
        ['handle', true, 'R'],
        ['grouped', false, 'str'],
        ['describe', false, 'str'],
      ],
    );
    assert.deepEqual(
      facts.assignments.map((assignment) => [assignment.name, assignment.stringValue]),
      [
        ['GREETING', undefined],
        ['PATTERN', '\\d+\\.\\d+'],
        ['RAW_BYTES', undefined],
        ['ESCAPED', 'tab\there é'],
        ['NAMED', undefined],
      ],
    );
    assert.deepEqual(facts.functions[1]?.parameters.map((parameter) => [parameter.name, parameter.variadic]), [
      ['call', undefined],
      ['args', '*'],
      ['kwargs', '**'],
    ]);
  });

  it('reads unicode names with ranges in UTF-16 code units', async () => {
    const text = readFixture('modern_syntax.py');
    const cafe = classNamed(await parsePythonFile('modern_syntax.py', text), 'Café');
    const name = cafe.fields[2];
    assert.equal(text.slice(name?.range.startIndex, name?.range.endIndex), '名前: str = "名無し"');
    assert.equal(text.slice(cafe.nameRange.startIndex, cafe.nameRange.endIndex), 'Café');
  });

  it('flags classes and imports under TYPE_CHECKING and strips quoted forward references', async () => {
    const facts = await parseFixture('type_checking.py');
    assert.deepEqual(
      facts.classes.map((fact) => [fact.name, fact.typeCheckingOnly]),
      [
        ['HeroProtocol', true],
        ['Mission', false],
      ],
    );
    assert.deepEqual(
      facts.imports.map((fact) => [fact.module, fact.level, fact.typeCheckingOnly]),
      [
        ['__future__', 0, false],
        ['typing', 0, false],
        ['typing', 0, false],
        ['sqlmodel', 0, false],
        ['crlf_bom_models', 1, true],
        ['collections.abc', 0, true],
      ],
    );
    const mission = classNamed(facts, 'Mission');
    assert.equal(mission.tableName, 'missions');
    assert.deepEqual(
      mission.fields.map((field) => [field.name, field.annotation, field.optional, field.baseType]),
      [
        ['id', 'int | None', true, 'int'],
        ['leader_id', 'int | None', true, 'int'],
        ['tags', 'list[Literal["red", "blue"]]', false, 'list[Literal["red", "blue"]]'],
      ],
    );
    assert.deepEqual(
      mission.relationships.map((relationship) => [relationship.name, relationship.target, relationship.many, relationship.cascadeDelete]),
      [
        ['leader', 'Hero', false, undefined],
        ['crew', 'Hero', true, true],
      ],
    );
  });

  it('reads what it can around syntax errors and reports them', async () => {
    const facts = await parseFixture('broken.py');
    assert.equal(facts.hasSyntaxErrors, true);
    assert.ok(facts.diagnostics.length >= 1);
    for (const diagnostic of facts.diagnostics) {
      assert.equal(diagnostic.severity, 'error');
      assert.match(diagnostic.message, /^Syntax error: /);
    }
    assert.equal(facts.diagnostics[0]?.range.startLine, 6, 'the first error is on the unclosed Field( line');
    assert.deepEqual(
      facts.classes.map((fact) => [fact.name, fact.table, fact.fields.map((field) => field.name)]),
      [
        ['Draft', true, ['id', 'body']],
        ['Survivor', false, ['name']],
      ],
    );
    const body = classNamed(facts, 'Draft').fields[1];
    assert.deepEqual([body?.range.startLine, body?.range.startColumn, body?.default], [7, 4, '""']);
    assert.equal(classNamed(facts, 'Survivor').range.startLine, 10);
    assert.deepEqual(
      facts.routers.map((router) => [router.variable, router.prefix, router.range.startLine]),
      [['router', '/drafts', 18]],
    );
    assert.deepEqual(
      facts.routes.map((route) => [route.method, route.path, route.functionName, route.returnAnnotation, route.range.startLine]),
      [['get', '/{draft_id}', 'read_draft', 'Draft', 21]],
    );
    assert.deepEqual(facts.functions.map((fn) => fn.name), ['read_draft'], 'a function whose header is broken is left out');
    assert.deepEqual(facts.imports.map((fact) => fact.module), ['fastapi', 'sqlmodel']);
  });

  it('reads the app that mounts the tab-indented router', async () => {
    const facts = await parseFixture('main.py');
    assert.deepEqual(facts.apps.map((app) => app.variable), ['app']);
    assert.deepEqual(
      facts.includes.map((include) => [include.target, include.router, include.prefix]),
      [['app', 'tabs_router.router', '/api']],
    );
  });
});
