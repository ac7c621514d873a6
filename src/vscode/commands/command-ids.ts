/**
 * Every command the extension contributes, in one table. package.json `contributes.commands` must
 * list exactly these (a spec checks it). No `vscode` import: plain Node reads this file.
 */

export const CATEGORY = 'FastAPI';

export interface CommandDefinition {
  readonly id: string;
  readonly title: string;
  /** A product icon for editor-title buttons: `$(check-all)`. */
  readonly icon?: string;
}

export const COMMANDS = {
  generateCrud: { id: 'fastapiBackendEngineer.generateCrud', title: 'Generate CRUD for Model…' },
  generateCrudForClass: { id: 'fastapiBackendEngineer.generateCrudForClass', title: 'Generate CRUD for this Model' },
  addJwtAuth: { id: 'fastapiBackendEngineer.addJwtAuth', title: 'Add JWT Authentication' },
  secureRoutes: { id: 'fastapiBackendEngineer.secureRoutes', title: 'Secure Unprotected Routes' },
  generateFromSpec: { id: 'fastapiBackendEngineer.generateFromSpec', title: 'Generate Endpoints from OpenAPI Spec' },
  showFacts: { id: 'fastapiBackendEngineer.showFacts', title: 'Show What the Assistant Sees' },
  reindex: { id: 'fastapiBackendEngineer.reindex', title: 'Read the Project Again' },
  reviewShow: { id: 'fastapiBackendEngineer.review.show', title: 'Review Proposed Changes', icon: '$(diff-multiple)' },
  reviewApplyAll: { id: 'fastapiBackendEngineer.review.applyAll', title: 'Apply All Proposed Changes', icon: '$(check-all)' },
  reviewApplySelected: { id: 'fastapiBackendEngineer.review.applySelected', title: 'Apply Selected Proposed Changes…', icon: '$(checklist)' },
  reviewDiscard: { id: 'fastapiBackendEngineer.review.discard', title: 'Discard Proposed Changes', icon: '$(discard)' },
  reviewOpenFileDiff: { id: 'fastapiBackendEngineer.review.openFileDiff', title: 'Open Diff of a Proposed File…', icon: '$(diff)' },
  reviewActions: { id: 'fastapiBackendEngineer.review.actions', title: 'Proposed Changes: Actions…' },
  reviewVerify: { id: 'fastapiBackendEngineer.review.verify', title: 'Verify Proposed Changes', icon: '$(beaker)' },
  setApiKey: { id: 'fastapiBackendEngineer.setApiKey', title: 'Set Anthropic API Key' },
  clearApiKey: { id: 'fastapiBackendEngineer.clearApiKey', title: 'Clear Anthropic API Key' },
  explorerRefresh: { id: 'fastapiBackendEngineer.explorer.refresh', title: 'Refresh FastAPI Explorer', icon: '$(refresh)' },
  explorerGoToRoute: { id: 'fastapiBackendEngineer.explorer.goToRoute', title: 'Go to Route…', icon: '$(search)' },
  explorerCopyPath: { id: 'fastapiBackendEngineer.explorer.copyPath', title: 'Copy Path', icon: '$(copy)' },
  explorerGenerateCrud: { id: 'fastapiBackendEngineer.explorer.generateCrud', title: 'Generate CRUD', icon: '$(wand)' },
} as const satisfies Record<string, CommandDefinition>;

/** Context keys set by the extension and used in package.json `when` clauses. */
export const CONTEXT_KEYS = {
  cursorInTableModel: 'fastapiBackendEngineer.cursorInTableModel',
  reviewOpen: 'fastapiBackendEngineer.reviewOpen',
} as const;

/** The FastAPI explorer view and the `viewItem` values its rows carry (package.json menus name them). */
export const EXPLORER = {
  viewId: 'fastapiBackendEngineer.explorer',
  routeItem: 'fastapiRoute',
  crudModelItem: 'fastapiModelWithoutRoutes',
} as const;

/** The id under which the extension offers its MCP server definitions. */
export const MCP_PROVIDER_ID = 'fastapiBackendEngineer.mcpServers';
