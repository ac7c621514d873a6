import assert from 'node:assert/strict';
import type { ClassFact, FunctionFact, PythonFileFacts, RouteFact } from '../../../src/core/python/facts';

function found<T>(item: T | undefined, what: string): T {
  assert.ok(item, `${what} not found`);
  return item;
}

export function classNamed(facts: PythonFileFacts, name: string): ClassFact {
  return found(
    facts.classes.find((candidate) => candidate.name === name),
    `class ${name}`,
  );
}

export function functionNamed(facts: PythonFileFacts, name: string): FunctionFact {
  return found(
    facts.functions.find((candidate) => candidate.name === name),
    `function ${name}`,
  );
}

export function routeNamed(facts: PythonFileFacts, functionName: string, method?: string): RouteFact {
  return found(
    facts.routes.find((candidate) => candidate.functionName === functionName && (method === undefined || candidate.method === method)),
    `route ${functionName}`,
  );
}
