/**
 * The project's own tests that call a route the change protects: without a token they get 401
 * from now on, so the review says which test, where, and which route, before anything is applied.
 */
import type { ProjectFacts } from '../../project/facts';
import { testRequestsTo } from '../../project/test-requests';
import type { SecureReport } from './secure-routes';

/** Calls listed in one warning; the rest are counted. */
const LISTED = 20;

/** One warning listing each such test call, or none when no test calls a newly protected route. */
export function testsBrokenBySecuring(facts: ProjectFacts, report: SecureReport, guard: string): string[] {
  const requests = testRequestsTo(facts, report.secured);
  if (requests.length === 0) return [];
  const calls = requests.slice(0, LISTED).map((request) => {
    const where = `${request.file}:${request.line}${request.inFunction === undefined ? '' : ` (${request.inFunction})`}`;
    return `${where} calls ${request.route.method.toUpperCase()} ${request.route.path}`;
  });
  const more = requests.length > LISTED ? `, and ${requests.length - LISTED} more` : '';
  const files = new Set(requests.map((request) => request.file)).size;
  return [
    `${requests.length} request${requests.length === 1 ? '' : 's'} in ${files} of the project's test files call${requests.length === 1 ? 's' : ''} ` +
      `routes that now require a signed-in user, and will get 401 without a token: ${calls.join('; ')}${more}. ` +
      `Send a token with them, or override ${guard} in their client fixture (app.dependency_overrides).`,
  ];
}
