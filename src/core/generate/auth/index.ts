/**
 * The offline JWT authentication engine: project facts → a ChangeSet that adds what the
 * project's sign-in lacks (settings, hashing and tokens, the user and refresh-token tables,
 * the current-user dependency, the auth routes, attack tests) and secures every route that has
 * no current-user dependency — in the project's layout, deterministic for the same input.
 */
import { sourceFileReader } from '../../changes/source-reader';
import { readingEachFileOnce } from '../python/workspace-text';
import { declareNewImports } from '../python/dependency-declarations';
import type { ChangeSet, FileChange } from '../../changes/change-set';
import type { ProjectFacts } from '../../project/facts';
import type { ReadText } from '../crud/modules';
import { ChangeWorkspace, type FileDraft } from '../crud/workspace';
import { emitDeps } from './emit-deps';
import { emitModels } from './emit-models';
import { emitRegistration, emitRouter } from './emit-router';
import { routeDocsContext } from '../python/route-docs';
import { emitSecurity } from './emit-security';
import { emitSettings } from './emit-settings';
import { emitTests } from './emit-tests';
import { describeExisting, hasAnyAuth, isComplete } from './existing-auth';
import { planAuth, type AuthPlan } from './plan';
import { emitPartial } from './partial-emit';
import { planPartial } from './partial-plan';
import { emitPartialTests } from './partial-tests';
import { AuthRefusal } from './refusals';
import { secureRoutes, type SecureReport } from './secure-routes';
import { testsBrokenBySecuring } from './test-impact';
import { chosenFixIds, withFixes, type FixChoice } from './fixes';
import { findWeaknesses, type Weakness } from './weaknesses';
import { AmbiguousUserModel } from './user-model';

export { AmbiguousUserModel, AuthRefusal };
export type { FixChoice };

export interface GenerateAuthOptions {
  /** Current text of a workspace file; defaults to reading under `facts.root`. */
  readonly readText?: ReadText;
  /** The user table model, when several could be. */
  readonly userModel?: string;
  /** Which proposed fixes of the project's own weak spots to apply (default: all). */
  readonly fixes?: FixChoice;
}



/** Editing a file the parser could not fully read would build on a guess. */
function refuseBrokenFiles(facts: ProjectFacts, changes: readonly FileChange[], what: string): void {
  const broken = changes.filter((change) => change.kind === 'modify' && facts.files.get(change.path)?.hasSyntaxErrors);
  if (broken.length > 0) {
    const names = broken.map((change) => change.path).join(', ');
    throw new AuthRefusal(`${names} ${broken.length === 1 ? 'has' : 'have'} syntax errors; fix ${broken.length === 1 ? 'it' : 'them'} before ${what}.`);
  }
}

/** The change set's files, and the project's dependency declaration gaining what their new imports need. */
function declaringImports(facts: ProjectFacts, changes: FileChange[], readText: ReadText): { changes: FileChange[]; warnings: readonly string[] } {
  const anchorFile = facts.apps[0]?.file;
  if (anchorFile === undefined) return { changes, warnings: [] };
  const declaration = declareNewImports(changes, { anchorFile, projectRoots: facts.pythonProjects.map((project) => project.root), readText });
  return { changes: [...changes, ...declaration.changes], warnings: declaration.warnings };
}

/** A GET route without path parameters the change protects: the tests check it needs a token. */
function securedListing(facts: ProjectFacts, report: SecureReport): string | undefined {
  return facts.routes.find((route) => route.method === 'get' && !route.path.includes('{') && report.protectedRoutes.includes(`GET ${route.path}`))?.path;
}

function routeLines(report: SecureReport): string {
  const parts: string[] = [];
  if (report.protectedRoutes.length > 0) parts.push(`Now protected: ${report.protectedRoutes.join(', ')}.`);
  if (report.publicRoutes.length > 0) parts.push(`Left public: ${report.publicRoutes.join(', ')}.`);
  if (report.alreadyProtected.length > 0) parts.push(`Already protected: ${report.alreadyProtected.join(', ')}.`);
  return parts.join(' ');
}

/** The project signs access tokens already: refresh, rotation and logout wired into its own code. */
function completeAuth(facts: ProjectFacts, plan: AuthPlan, readText: ReadText): ChangeSet {
  const partial = planPartial(facts, readText, plan);
  const workspace = new ChangeWorkspace(facts, readText, plan.firstParty);
  emitPartial(plan, partial, facts, workspace);
  const currentUser = facts.dependencies.currentUser;
  const report: SecureReport =
    currentUser === undefined
      ? { protectedRoutes: [], secured: [], publicRoutes: [], alreadyProtected: [] }
      : secureRoutes(facts, workspace, { function: currentUser.function, module: currentUser.module, names: currentUser.alias === undefined ? [] : [currentUser.alias] });
  const testsWarning = emitPartialTests(plan, partial, facts, workspace, securedListing(facts, report));
  const written = workspace.toChanges();
  refuseBrokenFiles(facts, written, 'completing the sign-in');
  const { changes, warnings: declarationWarnings } = declaringImports(facts, written, readText);
  const warnings = [
    `A ${plan.names.refreshModel} table was added: create it in the database (a migration, or create_all).`,
    ...(testsWarning === undefined ? [] : [testsWarning]),
    ...declarationWarnings,
    ...testsBrokenBySecuring(facts, report, currentUser?.function ?? 'the current-user dependency'),
  ];
  return {
    title: 'Complete JWT authentication',
    summary:
      `Refresh tokens with rotation and logout added to the existing sign-in (${partial.login.route.method.toUpperCase()} ${partial.login.route.path}): ` +
      `POST ${partial.paths.refreshFull}, POST ${partial.paths.logoutFull}; ${currentUser?.function ?? 'the token check'} now refuses refresh tokens. ${routeLines(report)}`.trim(),
    warnings,
    changes,
  };
}

/**
 * In a single-module app the tables go after its last model and the dependency before its first
 * route; the routes stay at the end, registered right after them.
 */
function placeInSingleModule(flat: NonNullable<AuthPlan['flat']>, draft: FileDraft, modelBlocks: number, depBlocks: number, plan: AuthPlan): void {
  const models = draft.blocks.splice(0, modelBlocks);
  const deps = draft.blocks.splice(0, depBlocks - modelBlocks);
  if (flat.modelsAfterLine === flat.depsAfterLine) draft.placed.push({ afterLine: flat.depsAfterLine, blocks: [...models, ...deps] });
  else draft.placed.push({ afterLine: flat.modelsAfterLine, blocks: models }, { afterLine: flat.depsAfterLine, blocks: deps });
  draft.blocks.push(`${plan.app.variable}.include_router(${plan.routerVariable})`);
}

/**
 * Adds what the project's sign-in lacks, or completes it, with the chosen fixes of its weak
 * spots on top; a project whose sign-in is complete gets the fixes alone.
 */
export function generateAuth(facts: ProjectFacts, options: GenerateAuthOptions = {}): ChangeSet {
  const readText = readingEachFileOnce(options.readText ?? sourceFileReader(facts.root));
  const plan = planAuth(facts, readText, options.userModel === undefined ? {} : { userModel: options.userModel });
  const weaknesses = findWeaknesses(facts, readText);
  const chosen = chosenFixIds(weaknesses, options.fixes ?? 'all');
  if (isComplete(plan.existing)) return fixesOnly(facts, plan, readText, weaknesses, chosen);
  const changeSet = hasAnyAuth(plan.existing) ? completeAuth(facts, plan, readText) : addAuth(facts, plan, readText);
  const jose = weaknesses.filter((weakness) => weakness.id === 'jose').map((weakness) => weakness.file);
  if (hasAnyAuth(plan.existing) && jose.length > 0 && !chosen.has('jose')) {
    throw new AuthRefusal(
      `Completing this sign-in adds PyJWT code beside python-jose (${[...new Set(jose)].join(', ')}): keep the jose fix, or move to PyJWT first.`,
    );
  }
  return withFixes(changeSet, facts, readText, weaknesses, chosen);
}

/** A complete sign-in: only the fixes of its weak spots, or the refusal when there is nothing to fix. */
function fixesOnly(facts: ProjectFacts, plan: AuthPlan, readText: ReadText, weaknesses: readonly Weakness[], chosen: ReadonlySet<string>): ChangeSet {
  const complete = `The project already has complete JWT authentication: ${describeExisting(plan.existing)}.`;
  const fixed = withFixes({ title: 'Fix weaknesses in the existing sign-in', summary: '', warnings: [], changes: [] }, facts, readText, weaknesses, chosen);
  if (fixed.changes.length === 0) {
    const offered = fixed.fixes?.map((fix) => fix.id) ?? [];
    throw new AuthRefusal(offered.length === 0 ? complete : `${complete} No fix was chosen (proposed: ${[...new Set(offered)].join(', ')}).`);
  }
  const included = (fixed.fixes ?? []).filter((fix) => fix.included);
  return { ...fixed, summary: `${complete.replace(/\.$/, '')}; fixed: ${included.map((fix) => `${fix.title} (${fix.file})`).join('; ')}.` };
}

/** A project with no sign-in: all of it, in the project's layout. */
function addAuth(facts: ProjectFacts, plan: AuthPlan, readText: ReadText): ChangeSet {
  const workspace = new ChangeWorkspace(facts, readText, plan.firstParty);
  const warnings: string[] = [];
  emitSettings(plan, workspace);
  const appDraft = plan.flat ? workspace.file(plan.models.file, plan.models.module) : undefined;
  const addedFields = emitModels(plan, facts, workspace);
  const modelBlocks = appDraft?.blocks.length ?? 0;
  emitSecurity(plan, workspace);
  emitDeps(plan, workspace);
  const depBlocks = appDraft?.blocks.length ?? 0;
  emitRouter(plan, workspace, routeDocsContext(facts));
  if (plan.flat && appDraft) placeInSingleModule(plan.flat, appDraft, modelBlocks, depBlocks, plan);
  else emitRegistration(plan, facts, workspace);
  // In a single module the routes share the sign-in's file, so securing them could not be left
  // out of the review on its own: that is the separate "secure" step there.
  const report: SecureReport = plan.flat
    ? { protectedRoutes: [], secured: [], publicRoutes: [], alreadyProtected: [] }
    : secureRoutes(facts, workspace, { function: 'get_current_user', module: plan.deps.module, names: ['CurrentUser'] });
  emitTests(plan, workspace, securedListing(facts, report));
  appDraft?.imports.dropFrom(appDraft.module);
  const written = workspace.toChanges();
  refuseBrokenFiles(facts, written, 'adding authentication');
  const { changes, warnings: declarationWarnings } = declaringImports(facts, written, readText);
  warnings.push(...declarationWarnings);
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
  if (plan.flat) {
    warnings.push(
      `The routes of ${plan.app.module} were left as they are: run "Secure Unprotected Routes" (secure) to protect them once its own tests sign in.`,
    );
  }
  if (plan.tests === undefined) warnings.push('Tests were not generated: the tests folder already has test_auth.py and test_auth_security.py.');
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
