/**
 * The indexed `.py` paths grouped by folder, worked out once per listing and shared by every
 * step that reads all of them (the project layout, the module table, the projects, the
 * conventions). Thousands of files share a few hundred folders, so those steps do their work
 * per folder instead of per file, and a build with 10,000 paths makes no string per path.
 */

export interface ListedFolder {
  readonly dir: string;
  /** The folder's files, in listing order. */
  readonly paths: readonly string[];
}

export class PythonListing {
  /** Each path's place in the listing: a set of the paths that also orders them. */
  private readonly order = new Map<string, number>();
  /** Folders in the order their first file was listed. */
  readonly folders: readonly ListedFolder[];

  constructor(readonly paths: readonly string[]) {
    const byDir = new Map<string, { readonly dir: string; readonly paths: string[] }>();
    const folders: { readonly dir: string; readonly paths: string[] }[] = [];
    // Listings come folder by folder: a path in the previous path's folder needs no slice to find it.
    let current: { readonly dir: string; readonly paths: string[] } | undefined;
    let currentSlash = -2;
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i] as string;
      if (!this.order.has(path)) this.order.set(path, i);
      const slash = path.lastIndexOf('/');
      if (current === undefined || slash !== currentSlash || (slash > 0 && !path.startsWith(current.dir))) {
        const dir = slash < 0 ? '' : path.slice(0, slash);
        current = byDir.get(dir);
        if (!current) {
          current = { dir, paths: [] };
          byDir.set(dir, current);
          folders.push(current);
        }
        currentSlash = slash;
      }
      current.paths.push(path);
    }
    this.folders = folders;
  }

  has(path: string): boolean {
    return this.order.has(path);
  }

  /** The path's place in the listing (its first, when listed twice). */
  orderOf(path: string): number {
    return this.order.get(path) ?? Number.MAX_SAFE_INTEGER;
  }

  /** The paths in listing order. */
  sorted(paths: readonly string[]): string[] {
    return [...paths].sort((a, b) => this.orderOf(a) - this.orderOf(b));
  }
}

const listings = new WeakMap<readonly string[], PythonListing>();

/** The listing of these paths; the same array gives the same listing. */
export function listingOf(paths: readonly string[]): PythonListing {
  let listing = listings.get(paths);
  if (!listing) {
    listing = new PythonListing(paths);
    listings.set(paths, listing);
  }
  return listing;
}
