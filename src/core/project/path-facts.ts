/**
 * What the list of Python paths alone tells the conventions (test files, conftests, `app/`
 * packages, a service module): computed once per listing, folder by folder, with tests on each
 * file that make no string, rather than on every update.
 */
import { listingOf } from './python-listing';

export interface PathFacts {
  readonly testFiles: readonly string[];
  readonly conftests: readonly string[];
  /** Project roots (`''`, `backend`) whose folder holds an `app/` package. */
  readonly appPackageRoots: ReadonlySet<string>;
  readonly firstServicePath: string | undefined;
}

const pathFactsByListing = new WeakMap<readonly string[], PathFacts>();

/** The folder part of `SERVICE_PATH` in conventions.ts, tested on a folder followed by `/`. */
const SERVICE_FOLDER = /(?:^|\/)(?:crud|services?|repositor(?:y|ies))\//;
/** The rest of `SERVICE_PATH`: file names, and the ends of file names. */
const SERVICE_FILES = ['crud.py', 'service.py', 'services.py', 'repository.py', 'repositories.py'];
const SERVICE_FILE_ENDS = ['_service.py', '_crud.py', '_repository.py'];

/** True when the file name of `path` (its last slash at `slash`) is `name`. */
function fileNameIs(path: string, slash: number, name: string): boolean {
  return path.length - slash - 1 === name.length && path.endsWith(name);
}

function isServiceFile(path: string, slash: number): boolean {
  return SERVICE_FILE_ENDS.some((end) => path.endsWith(end)) || SERVICE_FILES.some((name) => fileNameIs(path, slash, name));
}

/** `test_*.py` or `*_test.py`, for a path whose last slash is at `slash`. */
function isTestFile(path: string, slash: number): boolean {
  return path.endsWith('_test.py') || (path.startsWith('test_', slash + 1) && path.endsWith('.py'));
}

export function pathFactsOf(pythonPaths: readonly string[]): PathFacts {
  const known = pathFactsByListing.get(pythonPaths);
  if (known) return known;
  const listing = listingOf(pythonPaths);
  const testFiles: string[] = [];
  const conftests: string[] = [];
  const appPackageRoots = new Set<string>();
  let firstServicePath: string | undefined;
  for (const { dir, paths } of listing.folders) {
    const slash = dir === '' ? -1 : dir.length;
    const inServiceFolder = SERVICE_FOLDER.test(`${dir}/`);
    const inFolder = `/${dir}/`;
    const app = inFolder.indexOf('/app/');
    if (app >= 0) appPackageRoots.add(dir.slice(0, Math.max(app - 1, 0)));
    for (const path of paths) {
      const test = isTestFile(path, slash);
      if (test) testFiles.push(path);
      if (fileNameIs(path, slash, 'conftest.py')) conftests.push(path);
      const service = !test && (inServiceFolder || isServiceFile(path, slash));
      if (service && (firstServicePath === undefined || (!listing.folderByFolder && listing.orderOf(path) < listing.orderOf(firstServicePath)))) {
        firstServicePath = path;
      }
    }
  }
  const inOrder = (found: string[]): string[] => (listing.folderByFolder ? found : listing.sorted(found));
  const facts: PathFacts = {
    testFiles: inOrder(testFiles),
    conftests: inOrder(conftests),
    appPackageRoots,
    firstServicePath,
  };
  pathFactsByListing.set(pythonPaths, facts);
  return facts;
}
