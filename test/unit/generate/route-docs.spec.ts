import assert from 'node:assert/strict';
import { docstringStyleOf } from '../../../src/core/project/docstring-style';
import { functionDocstring, responsesArgument, routeDocstring, type OperationDoc } from '../../../src/core/generate/python/route-docs';
import { baseProject, type Files, generate, indexFiles, MODELS } from './crud-project';

const READ: OperationDoc = {
  summary: 'Read one note by id.',
  access: 'owner',
  owned: 'notes',
  superuserSeesAll: true,
  errors: [
    { status: 404, when: "the note does not exist or is not the caller's" },
    { status: 401, when: 'the token is missing or invalid' },
  ],
};

describe('route documentation', () => {
  it('writes what the route does, who may call it and each error, in plain sentences', () => {
    assert.equal(
      routeDocstring(READ, { prefix: '    ', style: 'plain' }),
      [
        '    """Read one note by id.',
        '',
        '    Any signed-in user may call it; it reaches only the notes they own, a superuser',
        '    reaches all.',
        '',
        "    Answers 401 when the token is missing or invalid; 404 when the note does not exist",
        "    or is not the caller's.",
        '    """',
      ].join('\n'),
    );
  });

  it('lists the errors under Raises in Google and NumPy styles', () => {
    const google = routeDocstring(READ, { prefix: '    ', style: 'google' });
    assert.match(google, /\n {4}Raises:\n {8}HTTPException: 401 when the token is missing or invalid\.\n {8}HTTPException: 404 when/);
    const numpy = routeDocstring(READ, { prefix: '    ', style: 'numpy' });
    assert.match(numpy, /\n {4}Raises\n {4}------\n {4}HTTPException\n {8}401 when the token is missing or invalid\.\n/);
    assert.equal(docstringStyleOf(google.trim().replace(/^"""|"""$/g, '').replace(/\n {4}/g, '\n')), 'google');
    assert.equal(docstringStyleOf(numpy.trim().replace(/^"""|"""$/g, '').replace(/\n {4}/g, '\n')), 'numpy');
  });

  it('names what a service function returns', () => {
    const doc = { summary: 'The note with this id.', returns: 'The note, or None when there is none to see.' };
    assert.equal(functionDocstring(doc, { prefix: '    ', style: 'plain' }), '    """The note with this id.\n\n    Returns the note, or None when there is none to see.\n    """');
    assert.match(functionDocstring(doc, { prefix: '    ', style: 'google' }), /\n {4}Returns:\n {8}The note, or None when there is none to see\.\n {4}"""$/);
  });

  it('declares each error status once, leaving 422 to FastAPI, with lines that fit', () => {
    const responses = responsesArgument(
      [...READ.errors, { status: 422, when: 'a field is null' }, { status: 404, when: 'the parent is gone' }],
      'ErrorDetail',
    );
    assert.ok(responses);
    assert.deepEqual(
      responses.split('\n').map((line) => line.trim()).filter((line) => /^\d{3}:/.test(line)).map((line) => line.slice(0, 3)),
      ['401', '404'],
    );
    assert.doesNotMatch(responses, /422/);
    assert.match(responses, /"description": \(\n {12}"The note does not exist or is not the caller's, or the parent is /);
    for (const line of responses.split('\n')) assert.ok(line.length + 4 <= 88, line);
    assert.equal(responsesArgument([{ status: 422, when: 'a field is null' }], 'ErrorDetail'), undefined);
  });
});

describe('CRUD routes document their errors and answer unique conflicts with 409', () => {
  const uniqueModels = MODELS.replace(
    'class Tag(SQLModel, table=True):\n    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)\n    label: str\n',
    [
      'class Tag(SQLModel, table=True):',
      '    __table_args__ = (UniqueConstraint("label"),)',
      '',
      '    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)',
      '    label: str',
      '    slug: str = Field(sa_column=Column(String(50), unique=True, nullable=False))',
      '',
    ].join('\n'),
  ).replace('from sqlmodel import Field, SQLModel', 'from sqlalchemy import Column, String, UniqueConstraint\nfrom sqlmodel import Field, SQLModel');

  it('checks every kind of unique column before writing, and tests the 409', async () => {
    const files: Files = { ...baseProject(false), 'app/models.py': uniqueModels };
    const changes = generate(await indexFiles(files), files, 'Tag');
    const router = changes.get('app/routers/tags.py')?.after ?? '';
    for (const column of ['label', 'slug']) {
      assert.match(router, new RegExp(`taken = session\\.exec\\(select\\(Tag\\)\\.where\\(Tag\\.${column} == tag_in\\.${column}\\)\\)\\.first\\(\\)`));
      assert.match(router, new RegExp(`detail="A tag with this ${column} already exists"`));
    }
    assert.match(router, /409: \{\n {12}"model": ErrorDetail,\n {12}"description": "Another tag already has this label or slug",\n/);
    const tests = Object.fromEntries(changes)['tests/test_tags.py']?.after ?? '';
    assert.match(tests, /def test_create_tag_with_a_taken_slug_is_a_conflict\(/);
    assert.match(tests, /def test_update_tag_to_a_taken_label_is_a_conflict\(/);
    assert.match(tests, /\("post", "\/tags\/"\): \{"409"\}/);
    assert.match(changes.get('app/models.py')?.after ?? '', /class ErrorDetail\(SQLModel\):\n {4}"""The body of an error answer\."""\n\n {4}detail: str\n/);
  });

  it("reuses the project's error model and follows its Google docstrings", async () => {
    const models = `${MODELS}\n\nclass Problem(SQLModel):\n    """An error answer.\n\n    Attributes:\n        detail: What went wrong.\n    """\n\n    detail: str\n`;
    const files: Files = { ...baseProject(false), 'app/models.py': models };
    const changes = generate(await indexFiles(files), files, 'Note');
    const router = changes.get('app/routers/notes.py')?.after ?? '';
    assert.match(router, /from app\.models import Note, NoteCreate, NotePublic, NoteUpdate, Problem/);
    assert.match(router, /404: \{"model": Problem, "description": "No note has this id"\}/);
    assert.match(router, /\n {4}Raises:\n {8}HTTPException: 404 when no note has this id\.\n/);
    assert.doesNotMatch(changes.get('app/models.py')?.after ?? '', /ErrorDetail/);
  });
});
