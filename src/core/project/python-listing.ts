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
  private readonly members: ReadonlySet<string>;
  /** Each path's place in the listing, when first needed. */
  private order: Map<string, number> | undefined;
  /** Folders in the order their first file was listed. */
  readonly folders: readonly ListedFolder[];
  /** True when each folder's files come together: the folders' files in turn are then in listing order. */
  readonly folderByFolder: boolean;

  constructor(readonly paths: readonly string[]) {
    this.members = new Set(paths);
    const byDir = new Map<string, { readonly dir: string; readonly paths: string[] }>();
    const folders: { readonly dir: string; readonly paths: string[] }[] = [];
    // Listings come folder by folder: a path in the previous path's folder needs no slice to find it.
    let current: { readonly dir: string; readonly paths: string[] } | undefined;
    let currentSlash = -2;
    let folderByFolder = true;
    for (const path of paths) {
      const slash = path.lastIndexOf('/');
      if (current === undefined || slash !== currentSlash || (slash > 0 && !path.startsWith(current.dir))) {
        const dir = slash < 0 ? '' : path.slice(0, slash);
        current = byDir.get(dir);
        if (current) folderByFolder = false;
        else {
          current = { dir, paths: [] };
          byDir.set(dir, current);
          folders.push(current);
        }
        currentSlash = slash;
      }
      current.paths.push(path);
    }
    this.folders = folders;
    this.folderByFolder = folderByFolder;
  }

  has(path: string): boolean {
    return this.members.has(path);
  }

  /** The path's place in the listing (its first, when listed twice). */
  orderOf(path: string): number {
    if (!this.order) {
      const order = new Map<string, number>();
      this.paths.forEach((listed, i) => {
        if (!order.has(listed)) order.set(listed, i);
      });
      this.order = order;
    }
    return this.order.get(path) ?? Number.MAX_SAFE_INTEGER;
  }

  /** The paths in listing order. */
  sorted(paths: readonly string[]): string[] {
    return paths.length < 2 ? [...paths] : [...paths].sort((a, b) => this.orderOf(a) - this.orderOf(b));
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
