/**
 * The offline authentication engine's proposal, used as the model's starting point for /auth
 * and as the whole answer when no model is available.
 */
import { generateAuth } from '../generate/auth/index';
import type { ProjectFacts } from '../project/facts';
import type { CrudDraft } from './crud-draft';

export function authDraft(facts: ProjectFacts): CrudDraft {
  try {
    return { ok: true, changeSet: generateAuth(facts) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
