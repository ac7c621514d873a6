/**
 * Paths and dotted module names of the files the engine creates, in the project's own layout.
 */
import type { ProjectFacts } from '../../project/facts';
import type { ReadText } from '../python/workspace-text';

/** Known (path, module) pairs of the project, to learn where module names start. */
function knownModules(facts: ProjectFacts): [string, string][] {
  return [
    ...facts.models.map((model): [string, string] => [model.file, model.module]),
    ...facts.routers.map((router): [string, string] => [router.file, router.module]),
    ...facts.apps.map((app): [string, string] => [app.file, app.module]),
    ...facts.settings.map((settings): [string, string] => [settings.file, settings.module]),
  ];
}

function naiveModule(path: string): string {
  return path
    .replace(/\.pyi?$/, '')
    .replace(/\/__init__$/, '')
    .split('/')
    .join('.');
}

/** The dotted module a project file would have: `app/api/routes/heroes.py` → `app.api.routes.heroes`. */
export function moduleForPath(facts: ProjectFacts, path: string): string {
  const naive = naiveModule(path);
  for (const [knownPath, knownModule] of knownModules(facts)) {
    const knownNaive = naiveModule(knownPath);
    if (knownNaive.endsWith(knownModule)) {
      const prefix = knownNaive.slice(0, knownNaive.length - knownModule.length);
      if (naive.startsWith(prefix)) {
        return naive.slice(prefix.length);
      }
    }
  }
  return naive;
}

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function joinPath(dir: string, name: string): string {
  const trimmed = dir.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return trimmed === '' ? name : `${trimmed}/${name}`;
}

export function stem(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.pyi?$/, '');
}

/** The package module of a module: `app.api.routes.heroes` → `app.api.routes`. */
export function parentModule(module: string): string {
  const dot = module.lastIndexOf('.');
  return dot < 0 ? '' : module.slice(0, dot);
}

/** Current text of a workspace file, undefined when it does not exist. */
export type { ReadText };

export function fileExists(facts: ProjectFacts, path: string, readText: ReadText): boolean {
  return facts.files.has(path) || readText(path) !== undefined;
}
