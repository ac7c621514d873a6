/**
 * Every class of the parsed files with its bases resolved across modules: what it ultimately
 * derives from (SQLModel, a pydantic BaseModel, pydantic-settings' BaseSettings) and its method
 * resolution order, computed with C3 like Python does.
 */
import type { ClassFact, PythonFileFacts } from '../python/facts';
import type { SymbolResolver } from './symbols';

export type ClassKind = 'sqlmodel' | 'pydantic' | 'settings' | 'other';

export interface ClassNode {
  readonly key: string;
  readonly path: string;
  readonly cls: ClassFact;
}

/** A base that is a project class, or the name of one from outside the project. */
export type BaseRef = ClassNode | string;

const KIND_BY_EXTERNAL_NAME: Readonly<Record<string, ClassKind>> = {
  SQLModel: 'sqlmodel',
  BaseModel: 'pydantic',
  BaseSettings: 'settings',
};

const KIND_PRIORITY: readonly ClassKind[] = ['settings', 'sqlmodel', 'pydantic', 'other'];

/** `Generic[T]` → `Generic`; `models.Base` stays. */
function baseName(expression: string): string {
  const bracket = expression.indexOf('[');
  return (bracket < 0 ? expression : expression.slice(0, bracket)).trim();
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** A parsed class is always the same node, so graphs of successive derivations can be compared by identity. */
const nodesByClass = new WeakMap<ClassFact, ClassNode>();

function nodeOf(path: string, cls: ClassFact): ClassNode {
  let node = nodesByClass.get(cls);
  if (!node) {
    node = { key: `${path}#${cls.name}`, path, cls };
    nodesByClass.set(cls, node);
  }
  return node;
}

function sameRefs(a: readonly BaseRef[], b: readonly BaseRef[]): boolean {
  return a.length === b.length && a.every((ref, i) => ref === b[i]);
}

export class ClassGraph {
  /** Project files a base led into that are not parsed yet. */
  readonly unparsed = new Set<string>();
  private readonly nodesByKey = new Map<string, ClassNode>();
  private readonly basesByKey = new Map<string, readonly BaseRef[]>();
  private readonly kinds = new Map<string, ClassKind>();
  private readonly mros = new Map<string, readonly BaseRef[]>();

  /**
   * `previous`, the graph of the last derivation: a class whose bases are the same nodes as
   * then, each with the same resolution order, keeps its order (and kind) without a C3 merge.
   */
  constructor(
    files: ReadonlyMap<string, PythonFileFacts>,
    private readonly resolver: SymbolResolver,
    private previous?: ClassGraph,
  ) {
    for (const facts of files.values()) {
      for (const cls of facts.classes) {
        const node = nodeOf(facts.path, cls);
        if (!this.nodesByKey.has(node.key)) this.nodesByKey.set(node.key, node);
      }
    }
    for (const node of this.nodesByKey.values()) this.basesOf(node);
  }

  /** Drops the last derivation's graph once this one's orders are all known (graphs do not chain). */
  forgetPrevious(): void {
    this.previous = undefined;
  }

  get nodes(): Iterable<ClassNode> {
    return this.nodesByKey.values();
  }

  basesOf(node: ClassNode): readonly BaseRef[] {
    const known = this.basesByKey.get(node.key);
    if (known) return known;
    const bases: BaseRef[] = [];
    for (const expression of node.cls.bases) {
      const name = baseName(expression);
      if (name === '' || name === 'Generic' || name === 'object') continue;
      const symbol = this.resolver.resolve(node.path, name);
      if (symbol?.kind === 'class') {
        bases.push(this.nodesByKey.get(`${symbol.path}#${symbol.cls.name}`) ?? name);
      } else {
        if (symbol?.kind === 'unparsed') this.unparsed.add(symbol.path);
        bases.push(symbol?.kind === 'external' && symbol.name !== '' ? lastSegment(symbol.name) : lastSegment(name));
      }
    }
    const before = this.previous?.basesByKey.get(node.key);
    const kept = before && sameRefs(before, bases) ? before : bases;
    this.basesByKey.set(node.key, kept);
    return kept;
  }

  kindOf(node: ClassNode): ClassKind {
    const known = this.kinds.get(node.key);
    if (known) return known;
    this.kinds.set(node.key, 'other'); // guards against a cycle of bases
    let best: ClassKind = 'other';
    for (const base of this.basesOf(node)) {
      const kind = typeof base === 'string' ? (KIND_BY_EXTERNAL_NAME[base] ?? 'other') : this.kindOf(base);
      if (KIND_PRIORITY.indexOf(kind) < KIND_PRIORITY.indexOf(best)) best = kind;
    }
    this.kinds.set(node.key, best);
    return best;
  }

  /** The class followed by its bases in method resolution order. */
  mroOf(node: ClassNode): readonly BaseRef[] {
    const known = this.mros.get(node.key);
    if (known) return known;
    this.mros.set(node.key, [node]); // guards against a cycle of bases
    const bases = this.basesOf(node);
    const baseMros = bases.map((base) => (typeof base === 'string' ? undefined : this.mroOf(base)));
    const before = this.previous;
    const kept = before?.mros.get(node.key);
    if (
      kept &&
      kept[0] === node &&
      before?.basesByKey.get(node.key) === bases &&
      bases.every((base, i) => typeof base === 'string' || before.mros.get(base.key) === baseMros[i])
    ) {
      this.mros.set(node.key, kept);
      return kept;
    }
    const sequences = [...bases.map((base, i) => (typeof base === 'string' ? [base] : [...(baseMros[i] ?? [])])), [...bases]];
    const mro = [node, ...(mergeC3(sequences) ?? depthFirst(sequences))];
    this.mros.set(node.key, mro);
    return mro;
  }
}

function sameRef(a: BaseRef, b: BaseRef): boolean {
  return typeof a === 'string' || typeof b === 'string' ? a === b : a.key === b.key;
}

/** C3 linearisation; undefined when the bases admit no consistent order (Python raises then). */
function mergeC3(sequences: readonly BaseRef[][]): BaseRef[] | undefined {
  // Each sequence is consumed from `starts[i]` on, without copying.
  const starts = sequences.map(() => 0);
  const inTail = (candidate: BaseRef): boolean =>
    sequences.some((sequence, i) => {
      for (let j = (starts[i] ?? 0) + 1; j < sequence.length; j++) if (sameRef(sequence[j] as BaseRef, candidate)) return true;
      return false;
    });
  const result: BaseRef[] = [];
  for (;;) {
    let head: BaseRef | undefined;
    let remaining = false;
    for (let i = 0; i < sequences.length && head === undefined; i++) {
      const candidate = sequences[i]?.[starts[i] ?? 0];
      if (candidate === undefined) continue;
      remaining = true;
      if (!inTail(candidate)) head = candidate;
    }
    if (head === undefined) return remaining ? undefined : result;
    result.push(head);
    sequences.forEach((sequence, i) => {
      const first = sequence[starts[i] ?? 0];
      if (first !== undefined && sameRef(first, head)) starts[i] = (starts[i] ?? 0) + 1;
    });
  }
}

function depthFirst(sequences: readonly BaseRef[][]): BaseRef[] {
  const result: BaseRef[] = [];
  for (const sequence of sequences) {
    for (const ref of sequence) if (!result.some((seen) => sameRef(seen, ref))) result.push(ref);
  }
  return result;
}
