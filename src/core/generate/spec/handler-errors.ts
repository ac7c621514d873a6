/**
 * The errors a handler the spec engine writes answers on its own, whatever the spec says: 404
 * for a row that is not there, 401 from the security dependency.
 */
import type { ErrorAnswer } from '../python/route-docs';
import type { CollectionAction } from './collections';

export function handlerErrors(action: CollectionAction | undefined, secured: boolean): ErrorAnswer[] {
  const errors: ErrorAnswer[] = [];
  if (action === 'read' || action === 'update' || action === 'replace' || action === 'delete') {
    errors.push({ status: 404, when: 'no row has this id' });
  }
  if (secured) errors.push({ status: 401, when: 'the credentials are missing or invalid' });
  return errors;
}
