/**
 * The offline CRUD engine's proposal, used as the model's starting point for /crud and as the
 * whole answer when no model is available.
 */
import type { ChangeSet } from '../changes/change-set';
import { generateCrud } from '../generate/crud/index';
import type { ProjectFacts } from '../project/facts';

export type CrudDraft = { readonly ok: true; readonly changeSet: ChangeSet } | { readonly ok: false; readonly reason: string };

export function crudDraft(facts: ProjectFacts, modelName: string): CrudDraft {
  try {
    return { ok: true, changeSet: generateCrud(facts, modelName) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
