/**
 * Hand-built ProjectFacts for agent specs: just the parts the agent reads, so the specs do not
 * depend on the index to say what they mean.
 */
import type { Conventions, ModelFact, Observed, ProjectFacts, ResolvedField } from '../../../../src/core/project/facts';
import type { SourceRange } from '../../../../src/core/python/facts';

const range = (startLine: number, endLine: number): SourceRange => ({
  startLine,
  startColumn: 0,
  endLine,
  endColumn: 0,
  startIndex: 0,
  endIndex: 0,
});

const fallback = <T>(value: T, evidence?: string): Observed<T> =>
  evidence === undefined ? { value, source: 'default' } : { value, source: 'observed', evidence };

export function field(name: string, annotation: string, extra: Partial<ResolvedField> = {}): ResolvedField {
  return {
    name,
    annotation,
    optional: annotation.includes('None'),
    baseType: annotation.replace(/\s*\|\s*None/, ''),
    hasDefault: false,
    fieldArgs: {},
    isClassVar: false,
    range: range(0, 0),
    declaredIn: 'X',
    declaredInFile: 'app/models.py',
    primaryKey: false,
    ...extra,
  };
}

export function model(name: string, file: string, lines: [number, number], extra: Partial<ModelFact> = {}): ModelFact {
  return {
    name,
    file,
    module: file.replace(/\.py$/, '').replace(/\//g, '.'),
    range: range(lines[0], lines[1]),
    nameRange: range(lines[0], lines[0]),
    table: true,
    tableName: name.toLowerCase(),
    mro: [],
    fields: [],
    relationships: [],
    primaryKey: ['id'],
    role: 'table',
    family: name,
    ...extra,
  };
}

export function conventions(overrides: Partial<Conventions> = {}): Conventions {
  return {
    layout: {
      routersDir: fallback('app/routers', 'app/routers/teams.py'),
      schemas: fallback({ path: 'app/models.py', kind: 'file' as const }),
      services: fallback(null),
      testsDir: fallback('tests'),
      conftest: fallback(null),
    },
    idType: fallback('int' as const),
    updateMethod: fallback('patch' as const),
    listShape: fallback('list' as const),
    envelope: fallback({ items: 'data', count: 'count' }),
    createStatus: fallback(201),
    deleteStatus: fallback(204),
    deleteReturns: fallback('none' as const),
    deleteLiteral: fallback(null),
    detailResponse: fallback('public' as const),
    sessionDependency: fallback({ function: 'get_session', file: 'app/deps.py', module: 'app.deps', alias: 'SessionDep' }, 'app/deps.py'),
    currentUserDependency: fallback(null),
    superuserDependency: fallback(null),
    async: fallback(false),
    apiPrefix: fallback(''),
    includePoint: fallback({ file: 'app/main.py', target: 'app' }, 'app/main.py'),
    routeNaming: fallback('verb_noun' as const),
    routerFileNaming: fallback('plural' as const),
    prefixPlacement: fallback('router' as const),
    ...overrides,
  };
}

export function projectFacts(root: string, overrides: Partial<ProjectFacts> = {}): ProjectFacts {
  return {
    root,
    pythonFileCount: 4,
    pythonProjects: [{ root: '', sourceRoots: [''], packages: ['app'] }],
    parsedFiles: ['app/models.py', 'app/main.py', 'app/deps.py', 'app/routers/teams.py'],
    models: [],
    families: [],
    apps: [{ file: 'app/main.py', module: 'app.main', variable: 'app' }],
    routers: [],
    routes: [],
    dependencies: { session: { function: 'get_session', file: 'app/deps.py', module: 'app.deps', alias: 'SessionDep', aliasFile: 'app/deps.py' } },
    settings: [{ className: 'Settings', file: 'app/config.py', module: 'app.config', instance: 'settings', literals: {}, fields: [] }],
    conventions: conventions(),
    notes: [],
    files: new Map(),
    ...overrides,
  };
}
