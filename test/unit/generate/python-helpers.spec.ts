import assert from 'node:assert/strict';
import { parsePythonFile } from '../../../src/core/python/parse';
import { mergeImports } from '../../../src/core/generate/python/import-merge';
import { scanDefinedNames, scanImports } from '../../../src/core/generate/python/module-scan';
import { firstPartyModules, ImportSet } from '../../../src/core/generate/python/imports';
import { appendTopLevel, editLines } from '../../../src/core/generate/python/line-edits';
import { humanWords, pluralPascal, pluralSnake, snakeCase , withArticle } from '../../../src/core/python/naming';
import { assertion, bracketed, collection, ifAny, pyString, signature } from '../../../src/core/generate/python/text';
import { overrideLine, removeOverrideLine } from '../../../src/core/generate/spec/spec-tests';
import { conditionLine } from '../../../src/core/generate/crud/access';
import { parentVar } from '../../../src/core/generate/crud/test-create-body';
import type { ModelFact } from '../../../src/core/project/facts';

const context = { firstParty: new Set(['app']) };

async function merge(text: string, needed: ImportSet, localNames?: Set<string>): Promise<string> {
  const facts = await parsePythonFile('app/x.py', text);
  return mergeImports(text, facts.imports, needed, { ...context, ...(localNames ? { localNames } : {}) });
}

describe('python naming', () => {
  it('converts class names to snake case', () => {
    assert.equal(snakeCase('Hero'), 'hero');
    assert.equal(snakeCase('TeamMember'), 'team_member');
    assert.equal(snakeCase('HTTPRequestLog'), 'http_request_log');
    assert.equal(snakeCase('Item2Tag'), 'item2_tag');
  });

  it('chooses the article by sound', () => {
    assert.deepEqual(
      ['user', 'unit price', 'item', 'umbrella', 'order', 'hero'].map(withArticle),
      ['a user', 'a unit price', 'an item', 'an umbrella', 'an order', 'a hero'],
    );
  });

  it('pluralises the last word', () => {
    assert.equal(pluralSnake('hero'), 'heroes');
    assert.equal(pluralSnake('category'), 'categories');
    assert.equal(pluralSnake('team_member'), 'team_members');
    assert.equal(pluralSnake('address'), 'addresses');
    assert.equal(pluralSnake('box'), 'boxes');
    assert.equal(pluralSnake('day'), 'days');
    assert.equal(pluralSnake('person'), 'people');
    assert.equal(pluralSnake('photo'), 'photos');
    assert.equal(pluralSnake('knife'), 'knives');
    assert.equal(pluralPascal('Hero'), 'Heroes');
    assert.equal(pluralPascal('TeamMember'), 'TeamMembers');
    assert.equal(pluralPascal('Category'), 'Categories');
    assert.equal(humanWords('TeamMember'), 'team member');
  });
});

describe('python text', () => {
  it('quotes strings with double quotes and escapes', () => {
    assert.equal(pyString('Hero not found'), '"Hero not found"');
    assert.equal(pyString('say "hi"\\n'), '"say \\"hi\\"\\\\n"');
  });

  it('lays out brackets like the formatter', () => {
    assert.equal(bracketed('', 'f', ['a', 'b']), 'f(a, b)');
    const long = ['argument_number_one: int', 'argument_number_two: str', 'argument_three: bool'];
    assert.equal(
      bracketed('', 'def some_function', long, ' -> None:'),
      'def some_function(\n    argument_number_one: int, argument_number_two: str, argument_three: bool\n) -> None:',
    );
    const longer = [...long, 'argument_four: float'];
    assert.equal(
      bracketed('    ', 'def some_function', longer, ' -> None:'),
      [
        '    def some_function(',
        '        argument_number_one: int,',
        '        argument_number_two: str,',
        '        argument_three: bool,',
        '        argument_four: float,',
        '    ) -> None:',
      ].join('\n'),
    );
  });
});

describe('python layout of long lines (as ruff format 0.17 lays them out)', () => {
  const long = 'organisation_membership_invitation';

  it('parenthesizes the right side of an assignment whose call cannot open on one line', () => {
    assert.equal(
      bracketed('    ', `${long} = OrganisationMembershipInvitation.model_validate`, [`${long}_in`, 'update={"owner_id": 1}']),
      [
        `    ${long} = (`,
        '        OrganisationMembershipInvitation.model_validate(',
        `            ${long}_in, update={"owner_id": 1}`,
        '        )',
        '    )',
      ].join('\n'),
    );
  });

  it('gives a lone parameter that must wrap a trailing comma', () => {
    assert.equal(
      signature('', `def test_${long}s_require_a_token_from_the_client`, ['client: TestClient'], ' -> None:'),
      `def test_${long}s_require_a_token_from_the_client(\n    client: TestClient,\n) -> None:`,
    );
    assert.equal(signature('', 'def f', ['a: int'], ' -> None:'), 'def f(a: int) -> None:');
  });

  it('puts one entry per line in a literal that does not fit', () => {
    assert.equal(collection('    ', 'payload = ', ['"a": 1']), '    payload = {"a": 1}');
    const entries = [`"${long}_message": "text 1"`, `"${long}_count": 1`];
    assert.equal(collection('    ', 'payload = ', entries), `    payload = {\n        ${entries[0]},\n        ${entries[1]},\n    }`);
  });

  it('splits an assertion at its operator', () => {
    assert.equal(assertion('    ', 'a', '==', 'b'), '    assert a == b');
    const left = `data["${long}_message_text"]`;
    const right = `payload["${long}_message_text"]`;
    assert.equal(assertion('    ', left, '==', right), `    assert (\n        ${left}\n        == ${right}\n    )`);
  });

  it('splits a long condition on its parenthesized last operand, then on and', () => {
    assert.equal(conditionLine('    ', ['row is None', 'row.shop_id != shop_id']), '    if row is None or row.shop_id != shop_id:');
    assert.equal(
      conditionLine('    ', ['project is None', '(not current_user.is_superuser and project.owner_id != current_user.id)']),
      '    if project is None or (\n        not current_user.is_superuser and project.owner_id != current_user.id\n    ):',
    );
    assert.equal(
      conditionLine('    ', [`${long} is None`, `(not current_user.is_superuser and ${long}.owner_id != current_user.id)`]),
      `    if ${long} is None or (\n        not current_user.is_superuser\n        and ${long}.owner_id != current_user.id\n    ):`,
    );
    assert.equal(
      conditionLine('    ', [`${long} is None`, `${long}.owner_id != current_user.id`]),
      `    if (\n        ${long} is None\n        or ${long}.owner_id != current_user.id\n    ):`,
    );
  });
});

describe('line edits', () => {
  it('keeps CRLF, a BOM and the rest of the file', () => {
    const text = '\uFEFFa\r\nb\r\nc\r\n';
    assert.equal(editLines(text, [{ start: 1, end: 2, lines: ['B1', 'B2'] }]), '\uFEFFa\r\nB1\r\nB2\r\nc\r\n');
    assert.equal(editLines(text, [{ start: 3, end: 3, lines: ['d'] }]), '\uFEFFa\r\nb\r\nc\r\nd\r\n');
  });

  it('puts an insertion before a replacement at the same line', () => {
    const text = 'a\nb\n';
    assert.equal(
      editLines(text, [
        { start: 1, end: 2, lines: ['B'] },
        { start: 1, end: 1, lines: ['x'] },
      ]),
      'a\nx\nB\n',
    );
  });

  it('appends top-level blocks after two blank lines', () => {
    assert.equal(appendTopLevel('x = 1\n\n', ['def f() -> None:\n    pass\n']), 'x = 1\n\n\ndef f() -> None:\n    pass\n');
  });
});

describe('imports', () => {
  it('renders sections and sorts names like ruff isort', () => {
    const set = new ImportSet()
      .from('sqlmodel', 'select', 'SQLModel', 'Session', 'Field')
      .from('app.models', 'ItemUpdate', 'ItemsPublic', 'API_X', 'a_func')
      .module('uuid')
      .from('typing', 'Annotated')
      .from('.', 'models')
      .from('..', 'y')
      .from('fastapi', 'APIRouter');
    assert.equal(
      set.render(context),
      [
        'import uuid',
        'from typing import Annotated',
        '',
        'from fastapi import APIRouter',
        'from sqlmodel import Field, Session, SQLModel, select',
        '',
        'from app.models import API_X, ItemsPublic, ItemUpdate, a_func',
        '',
        'from .. import y',
        'from . import models',
      ].join('\n'),
    );
  });

  it('wraps a long from-import one name per line', () => {
    const set = new ImportSet().from(
      'app.models',
      'TeamMember',
      'TeamMemberCreate',
      'TeamMemberPublic',
      'TeamMembersPublic',
      'TeamMemberUpdate',
    );
    assert.equal(
      set.render(context),
      'from app.models import (\n    TeamMember,\n    TeamMemberCreate,\n    TeamMemberPublic,\n    TeamMembersPublic,\n    TeamMemberUpdate,\n)',
    );
  });

  it('imports a top-level module straight, never from an empty package', () => {
    const set = new ImportSet()
      .add({ kind: 'from', module: '', level: 0, names: [{ name: 'teams' }] })
      .add({ kind: 'from', module: '', level: 0, names: [{ name: 'heroes', alias: 'heroes_router' }] })
      .from('', 'teams');
    assert.equal(set.render({ firstParty: new Set(['teams', 'heroes']) }), 'import heroes as heroes_router\nimport teams');
  });

  it('finds first-party modules from project paths', () => {
    assert.deepEqual(
      [...firstPartyModules(['app/main.py', 'main.py', 'tests/test_x.py', 'src/pkg/mod.py', 'my-dir/x.py'])].sort(),
      ['app', 'main', 'pkg', 'tests'],
    );
  });
});

describe('mergeImports', () => {
  const original = [
    '"""Routes."""',
    '',
    'import uuid',
    'from typing import Any',
    '',
    'from fastapi import APIRouter',
    'from sqlmodel import select',
    '',
    'from app.api.routes import items, users',
    '',
    'api_router = APIRouter()',
    '',
  ].join('\n');

  it('adds names to an existing statement and leaves other lines alone', async () => {
    const merged = await merge(original, new ImportSet().from('app.api.routes', 'heroes'));
    assert.equal(merged, original.replace('import items, users', 'import heroes, items, users'));
  });

  it('inserts new statements in sorted position within their section', async () => {
    const merged = await merge(
      original,
      new ImportSet().from('fastapi', 'HTTPException').from('pydantic', 'BaseModel').from('collections.abc', 'Sequence').module('json'),
    );
    assert.equal(
      merged,
      [
        '"""Routes."""',
        '',
        'import json',
        'import uuid',
        'from collections.abc import Sequence',
        'from typing import Any',
        '',
        'from fastapi import APIRouter, HTTPException',
        'from pydantic import BaseModel',
        'from sqlmodel import select',
        '',
        'from app.api.routes import items, users',
        '',
        'api_router = APIRouter()',
        '',
      ].join('\n'),
    );
  });

  it('opens a missing section in the right place', async () => {
    const text = 'from fastapi import FastAPI\n\napp = FastAPI()\n';
    assert.equal(
      await merge(text, new ImportSet().from('app.routers', 'heroes').from('typing', 'Annotated')),
      'from typing import Annotated\n\nfrom fastapi import FastAPI\n\nfrom app.routers import heroes\n\napp = FastAPI()\n',
    );
  });

  it('adds an import block after the docstring of a file without imports', async () => {
    assert.equal(
      await merge('"""Doc."""\n\nx = 1\n', new ImportSet().module('uuid')),
      '"""Doc."""\n\nimport uuid\n\nx = 1\n',
    );
    assert.equal(
      await merge('"""Doc."""\n\ndef f() -> None:\n    pass\n', new ImportSet().module('uuid')),
      '"""Doc."""\n\nimport uuid\n\n\ndef f() -> None:\n    pass\n',
    );
    assert.equal(await merge('x = 1\n', new ImportSet().module('uuid')), 'import uuid\n\nx = 1\n');
  });

  it('skips names already bound or defined locally', async () => {
    const text = 'from sqlmodel import Session\n\nx = 1\n';
    assert.equal(await merge(text, new ImportSet().from('sqlmodel', 'Session').from('main', 'Hero'), new Set(['Hero'])), text);
  });

  it('rewraps a statement that grows past the line length', async () => {
    const text = 'from app.models import TeamMember, TeamMemberCreate, TeamMemberPublic\n\nx = 1\n';
    assert.equal(
      await merge(text, new ImportSet().from('app.models', 'TeamMembersPublic', 'TeamMemberUpdate')),
      'from app.models import (\n    TeamMember,\n    TeamMemberCreate,\n    TeamMemberPublic,\n    TeamMembersPublic,\n    TeamMemberUpdate,\n)\n\nx = 1\n',
    );
  });
});

describe('python layout of long lines, as the formatter writes them', () => {
  it('splits an annotated parameter too long for its own line inside its subscript', () => {
    const kinds = 'kinds: Annotated[list[Literal["created", "updated", "archived"]] | None, Query()] = None';
    assert.equal(
      signature('', 'def history_bolt', ['bolt_id: Annotated[int, Path(alias="boltId", ge=1)]', kinds], ' -> list[Bolt]:'),
      [
        'def history_bolt(',
        '    bolt_id: Annotated[int, Path(alias="boltId", ge=1)],',
        '    kinds: Annotated[',
        '        list[Literal["created", "updated", "archived"]] | None, Query()',
        '    ] = None,',
        ') -> list[Bolt]:',
      ].join('\n'),
    );
  });

  it('splits a long condition one operand per line in parentheses', () => {
    assert.equal(ifAny('    ', ['credentials is None', 'not settings.A']), '    if credentials is None or not settings.A:');
    assert.equal(
      ifAny('    ', ['credentials is None', 'not settings.BASIC_AUTH_USERNAME', 'not settings.BASIC_AUTH_PASSWORD']),
      ['    if (', '        credentials is None', '        or not settings.BASIC_AUTH_USERNAME', '        or not settings.BASIC_AUTH_PASSWORD', '    ):'].join('\n'),
    );
  });

  it('overrides a dependency with a long name: the value in parentheses, else the subscript split', () => {
    const guard = 'require_api_key_query_and_basic_auth_or_bearer_auth';
    assert.equal(overrideLine('    ', 'app', 'require_basic_auth', 'allow'), '    app.dependency_overrides[require_basic_auth] = allow');
    assert.equal(overrideLine('    ', 'app', guard, 'allow'), `    app.dependency_overrides[${guard}] = (\n        allow\n    )`);
    assert.equal(overrideLine('        ', 'app', guard, 'allow'), `        app.dependency_overrides[\n            ${guard}\n        ] = allow`);
    assert.equal(removeOverrideLine('        ', 'app', guard), `        app.dependency_overrides.pop(\n            ${guard}, None\n        )`);
  });
});

describe('module scan of a file the index did not parse', () => {
  it('reads the imports and names of the code, not those of a template in a triple-quoted string', () => {
    const text = ['import os', 'from textwrap import dedent  # for templates', '', 'CONFIG = dedent("""', 'from pydantic_settings import BaseSettings', '', 'class Settings(BaseSettings):', '    SECRET_KEY: str = "x"', '""")', '', 'def main() -> None:', '    print(CONFIG)', ''].join('\n');
    assert.deepEqual(scanImports(text).map((fact) => [fact.module, fact.range.startLine]), [['os', 0], ['textwrap', 1]]);
    assert.deepEqual(scanImports(text)[1]?.names, [{ name: 'dedent' }]);
    assert.deepEqual([...scanDefinedNames(text)].sort(), ['CONFIG', 'main']);
  });
});

describe('names of the rows generated tests store', () => {
  it('never shadows a fixture the test takes: a Client parent row is client_row beside the client fixture', () => {
    const parent = (name: string): ModelFact => ({ name }) as unknown as ModelFact;
    assert.equal(parentVar(parent('Client')), 'client_row');
    assert.equal(parentVar(parent('Session')), 'session_row');
    assert.equal(parentVar(parent('TeamMember')), 'team_member');
  });
});
