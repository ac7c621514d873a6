/**
 * Table models as the commands offer them: which file, how many fields, and whether a router
 * already serves them (a route whose response model, return type or parameters name the family).
 */
import type { ModelFact, ProjectFacts } from './facts';
import { classesNamed, modelReference } from '../generate/crud/refusals';

export interface TableModelEntry {
  readonly model: ModelFact;
  /** Router files whose routes mention the model or a member of its schema family. */
  readonly routerFiles: readonly string[];
}

export function tableModels(facts: ProjectFacts): TableModelEntry[] {
  // Linear in models and routes: the explorer asks on every save, and projects with thousands of
  // models exist.
  const familyNames = new Map<string, string[]>();
  for (const model of facts.models) {
    const names = familyNames.get(model.family);
    if (names === undefined) familyNames.set(model.family, [model.name]);
    else names.push(model.name);
  }
  const filesByName = routeFilesByName(facts);
  return facts.models
    .filter((model) => model.table)
    .map((model) => {
      const files = new Set<string>();
      for (const name of [model.name, ...(familyNames.get(model.family) ?? [])]) for (const file of filesByName.get(name) ?? []) files.add(file);
      return { model, routerFiles: [...files].sort() };
    });
}

/** What the engine is asked for: the bare name, or `Name@file` where another table model shares the name. */
export function modelArgument(facts: ProjectFacts, model: ModelFact): string {
  return classesNamed(facts, model.name).filter((candidate) => candidate.table).length > 1 ? modelReference(model) : model.name;
}

/** The table models a bare name may mean, when it means more than one (else empty). */
export function ambiguousTableModels(facts: ProjectFacts, reference: string): ModelFact[] {
  if (reference.includes('@')) return [];
  const tables = classesNamed(facts, reference).filter((candidate) => candidate.table);
  return tables.length > 1 ? tables : [];
}

/** Models of `file` first (in source order), then the rest by name. */
export function orderForFile(entries: readonly TableModelEntry[], file: string | undefined): TableModelEntry[] {
  const inFile = entries.filter((entry) => entry.model.file === file).sort((a, b) => a.model.range.startLine - b.model.range.startLine);
  const others = entries.filter((entry) => entry.model.file !== file).sort((a, b) => a.model.name.localeCompare(b.model.name));
  return [...inFile, ...others];
}

/** The table model whose class body contains the zero-based line, if any. */
export function tableModelAt(facts: ProjectFacts, file: string, line: number): ModelFact | undefined {
  return facts.models.find((model) => model.table && model.file === file && model.range.startLine <= line && line <= model.range.endLine);
}

const IDENTIFIER = /[\p{L}\p{N}_]+/gu;

/** Every name a route's response model, return type or parameter annotations mention → its files. */
function routeFilesByName(facts: ProjectFacts): Map<string, Set<string>> {
  const files = new Map<string, Set<string>>();
  for (const route of facts.routes) {
    const texts = [route.responseModel, route.returnAnnotation, ...route.parameters.map((parameter) => parameter.annotation)];
    for (const text of texts) {
      for (const [name] of text?.matchAll(IDENTIFIER) ?? []) {
        const known = files.get(name);
        if (known === undefined) files.set(name, new Set([route.file]));
        else known.add(route.file);
      }
    }
  }
  return files;
}
