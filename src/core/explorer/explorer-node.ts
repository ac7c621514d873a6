/**
 * The FastAPI explorer's tree as plain data: what each row says, where a click leads, and which
 * actions it offers. Built from ProjectFacts by pure functions; the editor only renders it.
 */
import type { HttpMethod } from '../python/facts';
import type { RouteAccess } from '../project/route-access';

export type ExplorerNodeKind =
  | 'app'
  | 'router'
  | 'route'
  | 'group'
  | 'model'
  | 'field'
  | 'relationship'
  | 'problem';

/** A place in the workspace: a workspace-relative POSIX path and a zero-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface ExplorerRouteInfo {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handler: string;
  readonly access: RouteAccess;
  readonly responseModel?: string;
  /** The `if` conditions an include on the way is under: the route is served only when they hold. */
  readonly conditions?: readonly string[];
}

export interface ExplorerNode {
  /** Unique in its tree and stable across rebuilds of the same project (keeps rows expanded). */
  readonly id: string;
  readonly kind: ExplorerNodeKind;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  /** A product icon name (`symbol-class`, `lock`, ...). */
  readonly icon: string;
  /** Where a click opens, when the row stands for code. */
  readonly location?: SourceLocation;
  readonly children: readonly ExplorerNode[];
  /** Whether there are children, when that is known without building them (they are built lazily). */
  readonly hasChildren?: boolean;
  /** Shown expanded the first time. */
  readonly expanded?: boolean;
  readonly route?: ExplorerRouteInfo;
  /** A table model that no route serves yet: the row offers "Generate CRUD". */
  readonly crudModel?: string;
}

export interface ExplorerTree {
  /** Shown above the rows when something needs the user's attention (no app found, ...). */
  readonly message?: string;
  readonly roots: readonly ExplorerNode[];
}
