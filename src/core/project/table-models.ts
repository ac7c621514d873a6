/**
 * Table models as the commands offer them: which file, how many fields, and whether a router
 * already serves them (a route whose response model, return type or parameters name the family).
 */
import type { ModelFact, ProjectFacts } from './facts';

export interface TableModelEntry {
  readonly model: ModelFact;
  /** Router files whose routes mention the model or a member of its schema family. */
  readonly routerFiles: readonly string[];
}

export function tableModels(facts: ProjectFacts): TableModelEntry[] {
  return facts.models.filter((model) => model.table).map((model) => ({ model, routerFiles: routerFilesOf(facts, model) }));
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

function routerFilesOf(facts: ProjectFacts, model: ModelFact): string[] {
  const names = new Set(facts.models.filter((candidate) => candidate.family === model.family).map((candidate) => candidate.name));
  names.add(model.name);
  const pattern = new RegExp(`\\b(${[...names].map(escapeRegExp).join('|')})\\b`);
  const files = new Set<string>();
  for (const route of facts.routes) {
    const texts = [route.responseModel, route.returnAnnotation, ...route.parameters.map((parameter) => parameter.annotation)];
    if (texts.some((text) => text !== undefined && pattern.test(text))) files.add(route.file);
  }
  return [...files].sort();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
