import assert from 'node:assert/strict';
import {
  analyseOptional,
  annotatedDependency,
  collapseWhitespace,
  dependencyOfCall,
  normaliseAnnotation,
  splitTopLevel,
  stripForwardRefQuotes,
  subscriptOf,
} from '../../../src/core/python/annotation-text';
import { relationshipTarget } from '../../../src/core/python/field-facts';

describe('python facts: annotation text', () => {
  it('splits on separators outside brackets and strings', () => {
    assert.deepEqual(splitTopLevel('dict[str, int], "a, b", (1, 2)', ','), ['dict[str, int]', '"a, b"', '(1, 2)']);
    assert.deepEqual(splitTopLevel('int | Literal["x|y"] | None', '|'), ['int', 'Literal["x|y"]', 'None']);
    assert.deepEqual(splitTopLevel('', ','), ['']);
  });

  it('removes the quotes of forward references but not of Literal values', () => {
    assert.equal(stripForwardRefQuotes('list["Hero"]'), 'list[Hero]');
    assert.equal(stripForwardRefQuotes("Optional['Team']"), 'Optional[Team]');
    assert.equal(stripForwardRefQuotes('"User | None"'), 'User | None');
    assert.equal(stripForwardRefQuotes('"list[\'Hero\']"'), 'list[Hero]');
    assert.equal(stripForwardRefQuotes('Literal["a", "b"] | "Other"'), 'Literal["a", "b"] | Other');
    assert.equal(stripForwardRefQuotes('typing.Literal["on"]'), 'typing.Literal["on"]');
    assert.equal(stripForwardRefQuotes('dict[str, Literal["x"]] | "Y"'), 'dict[str, Literal["x"]] | Y');
    assert.equal(stripForwardRefQuotes('"unterminated'), 'unterminated');
  });

  it('collapses multi-line annotations to one line', () => {
    assert.equal(collapseWhitespace('Annotated[\n    Session,\n    Depends(get_db),\n]'), 'Annotated[Session, Depends(get_db)]');
    assert.equal(collapseWhitespace('int'), 'int');
    assert.equal(normaliseAnnotation('  Optional[\n  "Hero"  # the hero\n]'), 'Optional[Hero]');
  });

  it('reads whether an annotation admits None and its base type', () => {
    const cases: [string, boolean, string][] = [
      ['int', false, 'int'],
      ['int | None', true, 'int'],
      ['None | int', true, 'int'],
      ['int | str | None', true, 'int | str'],
      ['Optional[uuid.UUID]', true, 'uuid.UUID'],
      ['typing.Optional[int]', true, 'int'],
      ['Union[int, None]', true, 'int'],
      ['Union[int, str]', false, 'int | str'],
      ['Optional[int | None]', true, 'int'],
      ['Annotated[str | None, Field(max_length=5)]', true, 'str'],
      ['list[int | None]', false, 'list[int | None]'],
      ['dict[str, Any] | list[Any]', false, 'dict[str, Any] | list[Any]'],
      ['None', true, 'None'],
    ];
    for (const [annotation, optional, baseType] of cases) {
      assert.deepEqual(analyseOptional(annotation), { optional, baseType }, annotation);
    }
  });

  it('matches a subscript only when it spans the whole text', () => {
    assert.equal(subscriptOf('Optional[int]', ['Optional']), 'int');
    assert.equal(subscriptOf('Optional[int] | Optional[str]', ['Optional']), undefined);
    assert.equal(subscriptOf('NotOptional[int]', ['Optional']), undefined);
  });

  it('reads Depends and Security calls', () => {
    assert.equal(dependencyOfCall('Depends(get_db)'), 'get_db');
    assert.equal(dependencyOfCall('fastapi.Depends(deps.get_db, use_cache=False)'), 'deps.get_db');
    assert.equal(dependencyOfCall('Depends(dependency=get_db)'), 'get_db');
    assert.equal(dependencyOfCall('Security(get_user, scopes=["me"])'), 'get_user');
    assert.equal(dependencyOfCall('Depends()'), '');
    assert.equal(dependencyOfCall('Query(None)'), undefined);
    assert.deepEqual(annotatedDependency('Annotated[Session, Depends(get_session)]'), { type: 'Session', dependency: 'get_session' });
    assert.deepEqual(annotatedDependency('Annotated[str, Query(max_length=5), Depends(check)]'), { type: 'str', dependency: 'check' });
    assert.deepEqual(annotatedDependency('Annotated[Pager, Depends()]'), { type: 'Pager', dependency: 'Pager' });
    assert.equal(annotatedDependency('Annotated[str, Query()]'), undefined);
    assert.equal(annotatedDependency('SessionDep'), undefined);
  });

  it('reads relationship targets and cardinality', () => {
    assert.deepEqual(relationshipTarget('list[Hero]'), { target: 'Hero', many: true });
    assert.deepEqual(relationshipTarget('List[Hero]'), { target: 'Hero', many: true });
    assert.deepEqual(relationshipTarget('Optional[list[Hero]]'), { target: 'Hero', many: true });
    assert.deepEqual(relationshipTarget('Mapped[list[Hero]]'), { target: 'Hero', many: true });
    assert.deepEqual(relationshipTarget('Team | None'), { target: 'Team', many: false });
    assert.deepEqual(relationshipTarget('Optional[Team]'), { target: 'Team', many: false });
    assert.deepEqual(relationshipTarget('models.Team'), { target: 'models.Team', many: false });
  });
});
