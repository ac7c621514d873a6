/**
 * The offline spec engine's proposal for /spec on an OpenAPI document: the model's starting
 * point, and the whole answer when no model is available. A file that is not an OpenAPI (or
 * Swagger) document is a written specification: no draft, the model reads it as before.
 */
import type { SpecChangeSet } from '../generate/spec/index';
import type { FileSource } from '../ports';
import type { SpecDocument } from '../spec/model';
import { specKindOf } from '../spec/sniff';
import type { ProjectFacts } from '../project/facts';

export type SpecDraft =
  | { readonly kind: 'written' }
  | { readonly kind: 'draft'; readonly spec: SpecDocument; readonly changeSet: SpecChangeSet }
  /** An OpenAPI or Swagger document the engine cannot use: Swagger 2.0, invalid YAML, a broken `$ref`. */
  | { readonly kind: 'refused'; readonly reason: string };

export async function specDraft(facts: ProjectFacts, source: FileSource, file: string): Promise<SpecDraft> {
  let text: string;
  try {
    text = await source.readText(file);
  } catch {
    return { kind: 'refused', reason: `${file} could not be read.` };
  }
  if (specKindOf(text) === undefined) return { kind: 'written' };
  const [{ readSpec }, { SpecError }, { generateFromSpec }] = await Promise.all([import('../spec/read'), import('../spec/errors'), import('../generate/spec/index')]);
  try {
    const spec = await readSpec(source, file);
    return { kind: 'draft', spec, changeSet: generateFromSpec(facts, spec) };
  } catch (error) {
    if (error instanceof SpecError) return { kind: 'refused', reason: error.message };
    throw error;
  }
}

/** The spec file a /spec request names: `specs/pets.yaml`, `./openapi.json` (the first that exists). */
export async function specFileInRequest(text: string, source: FileSource): Promise<string | undefined> {
  for (const match of text.matchAll(/(?:^|[\s`'"(])((?:\.\/)?[\w.-]+(?:\/[\w.-]+)*\.(?:ya?ml|json))(?=$|[\s`'"),.;:])/gi)) {
    const path = (match[1] ?? '').replace(/^\.\//, '');
    if (path !== '' && !path.split('/').includes('..') && (await source.stat(path)) !== undefined) return path;
  }
  return undefined;
}
