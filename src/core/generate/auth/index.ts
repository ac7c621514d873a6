/**
 * The offline JWT authentication engine: project facts → a ChangeSet that adds what the
 * project's sign-in lacks (settings, hashing and tokens, the user and refresh-token tables,
 * the current-user dependency, the auth routes, attack tests) and secures every route that has
 * no current-user dependency — in the project's layout, deterministic for the same input.
 */
import { sourceFileReader } from '../../changes/source-reader';
import { readingEachFileOnce } from '../python/workspace-text';
import type { ChangeSet, FileChange } from '../../changes/change-set';
import type { ProjectFacts } from '../../project/facts';
import type { ReadText } from '../crud/modules';
import { ChangeWorkspace } from '../crud/workspace';
import { emitDeps } from './emit-deps';
import { emitModels } from './emit-models';
import { emitRegistration, emitRouter } from './emit-router';
import { routeDocsContext } from '../python/route-docs';
import { emitSecurity } from './emit-security';
import { emitSettings } from './emit-settings';
import { emitTests } from './emit-tests';
import { describeExisting, hasAnyAuth, isComplete } from './existing-auth';
import { planAuth } from './plan';
import { AuthRefusal } from './refusals';
import { secureRoutes, type SecureReport } from './secure-routes';
import { testsBrokenBySecuring } from './test-impact';
import { findWeaknesses } from './weaknesses';
import { AmbiguousUserModel } from './user-model';

export { AmbiguousUserModel, AuthRefusal };

export interface GenerateAuthOptions {
  /** Current text of a workspace file; defaults to reading under `facts.root`. */
  readonly readText?: ReadText;
  /** The user table model, when several could be. */
  readonly userModel?: string;
}



/** Editing a file the parser could not fully read would build on a guess. */
function refuseBrokenFiles(facts: ProjectFacts, changes: readonly FileChange[], what: string): void {
  const broken = changes.filter((change) => change.kind === 'modify' && facts.files.get(change.path)?.hasSyntaxErrors);
  if (broken.length > 0) {
    const names = broken.map((change) => change.path).join(', ');
    throw new AuthRefusal(`${names} ${broken.length === 1 ? 'has' : 'have'} syntax errors; fix ${broken.length === 1 ? 'it' : 'them'} before ${what}.`);
  }
}

function routeLines(report: SecureReport): string {
  const parts: string[] = [];
  if (report.protectedRoutes.length > 0) parts.push(`Now protected: ${report.protectedRoutes.join(', ')}.`);
  if (report.publicRoutes.length > 0) parts.push(`Left public: ${report.publicRoutes.join(', ')}.`);
  if (report.alreadyProtected.length > 0) parts.push(`Already protected: ${report.alreadyProtected.join(', ')}.`);
  return parts.join(' ');
}

export function generateAuth(facts: ProjectFacts, options: GenerateAuthOptions = {}): ChangeSet {
  const readText = readingEachFileOnce(options.readText ?? sourceFileReader(facts.root));
  const plan = planAuth(facts, readText, options.userModel === undefined ? {} : { userModel: options.userModel });
  if (isComplete(plan.existing)) {
    throw new AuthRefusal(`The project already has complete JWT authentication: ${describeExisting(plan.existing)}.`);
  }
  if (hasAnyAuth(plan.existing)) {
    throw new AuthRefusal(
      `The project already has part of its authentication (${describeExisting(plan.existing)}); ` +
        'completing existing sign-in in place is not offered offline yet — ask @fastapi /auth in the chat.',
    );
  }
  const workspace = new ChangeWorkspace(facts, readText, plan.firstParty);
  const warnings: string[] = [];
  emitSettings(plan, workspace);
  const addedFields = emitModels(plan, facts, workspace);
  emitSecurity(plan, workspace);
  emitDeps(plan, workspace);
  emitRouter(plan, workspace, routeDocsContext(facts));
  emitRegistration(plan, facts, workspace);
  const report = secureRoutes(facts, workspace, { function: 'get_current_user', module: plan.deps.module, names: ['CurrentUser'] });
  const securedGet = facts.routes.find(
    (route) => route.method === 'get' && !route.path.includes('{') && report.protectedRoutes.includes(`GET ${route.path}`),
  );
  emitTests(plan, workspace, securedGet?.path);
  const changes = workspace.toChanges();
  refuseBrokenFiles(facts, changes, 'adding authentication');
  if (plan.settings.secretKey.added) {
    warnings.push(
      `Set ${plan.settings.secretKey.name} in the environment of every server process: without it each process signs with a random key of its own, so tokens stop working after a restart and across workers.`,
    );
  }
  if (plan.user === undefined) {
    warnings.push(`A new ${plan.userName} table and a refresh token table were added: create them in the database (a migration, or create_all).`);
  } else if (addedFields.length > 0) {
    warnings.push(`${plan.userName} gains ${addedFields.join(', ')}: existing rows and the database schema need them (a migration).`);
  }
  if (plan.tests === undefined) warnings.push('Tests were not generated: the tests folder already has test_auth.py and test_auth_security.py.');
  warnings.push(...findWeaknesses(facts, readText).map((weakness) => `${weakness.file}: ${weakness.message}`));
  warnings.push(...testsBrokenBySecuring(facts, report, 'get_current_user'));
  return {
    title: 'JWT authentication',
    summary: `Sign-in with access and refresh tokens for ${plan.userName} in ${plan.router.file}. ${routeLines(report)}`.trim(),
    warnings,
    changes,
  };
}

/** Only the route protection: the project's own current-user dependency on every route without one. */
export function generateSecureRoutes(facts: ProjectFacts, options: GenerateAuthOptions = {}): ChangeSet {
  const readText = readingEachFileOnce(options.readText ?? sourceFileReader(facts.root));
  const currentUser = facts.dependencies.currentUser;
  if (currentUser === undefined) {
    throw new AuthRefusal('The project has no current-user dependency to protect routes with; add JWT authentication first.');
  }
  const workspace = new ChangeWorkspace(facts, readText, new Set([...facts.files.keys()].map((path) => path.split('/')[0] ?? '')));
  const report = secureRoutes(facts, workspace, {
    function: currentUser.function,
    module: currentUser.module,
    names: currentUser.alias === undefined ? [] : [currentUser.alias],
  });
  const changes = workspace.toChanges();
  if (changes.length === 0) {
    throw new AuthRefusal(`Every route is already protected or meant to be public. ${routeLines(report)}`.trim());
  }
  refuseBrokenFiles(facts, changes, 'securing routes');
  const warnings = testsBrokenBySecuring(facts, report, currentUser.function);
  return { title: 'Secure unprotected routes', summary: routeLines(report), warnings, changes };
}
