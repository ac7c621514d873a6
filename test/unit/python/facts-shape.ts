import assert from 'node:assert/strict';
import type { PythonFileFacts, SourceRange } from '../../../src/core/python/facts';

const LISTS = [
  'imports',
  'classes',
  'functions',
  'routes',
  'apps',
  'routers',
  'includes',
  'mounts',
  'constructions',
  'unresolvedRoutes',
  'aliases',
  'assignments',
  'calls',
  'diagnostics',
] as const;

function assertRange(range: SourceRange, textLength: number, where: string): void {
  const { startLine, startColumn, endLine, endColumn, startIndex, endIndex } = range;
  for (const value of [startLine, startColumn, endLine, endColumn, startIndex, endIndex]) {
    assert.ok(Number.isInteger(value) && value >= 0, `${where}: range values are non-negative integers`);
  }
  assert.ok(startIndex <= endIndex && endIndex <= textLength, `${where}: range ${startIndex}-${endIndex} within ${textLength}`);
  assert.ok(startLine < endLine || (startLine === endLine && startColumn <= endColumn), `${where}: range start before end`);
}

/** Visits every object under `value` that looks like a SourceRange. */
function eachRange(value: unknown, visit: (range: SourceRange) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) eachRange(item, visit);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.startIndex === 'number' && typeof record.startLine === 'number') visit(record as unknown as SourceRange);
  else for (const item of Object.values(record)) eachRange(item, visit);
}

/** Asserts the facts are complete, serialisable and that every range lies inside the normalised text. */
export function assertWellFormed(facts: PythonFileFacts, path: string, normalisedLength: number): void {
  assert.equal(facts.path, path);
  for (const key of LISTS) assert.ok(Array.isArray(facts[key]), `${path}: ${key} is an array`);
  assert.equal(typeof facts.hasSyntaxErrors, 'boolean');
  assert.equal(facts.hasSyntaxErrors, facts.diagnostics.some((diagnostic) => diagnostic.message.startsWith('Syntax error')));
  for (const diagnostic of facts.diagnostics) assert.ok(diagnostic.message.length > 0);
  for (const fact of facts.classes) {
    assert.ok(fact.name.length > 0, `${path}: class names are not empty`);
    for (const field of fact.fields) assert.equal(typeof field.optional, 'boolean');
  }
  eachRange(facts, (range) => assertRange(range, normalisedLength, path));
  assert.deepEqual(JSON.parse(JSON.stringify(facts)), facts, `${path}: facts are plain serialisable data`);
}
