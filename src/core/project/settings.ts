/**
 * pydantic-settings classes and the string values the project builds from them: a router
 * prefix written as `settings.API_V1_STR` is worth its literal default, `"/api/v1"`.
 */
import type { PythonFileFacts } from '../python/facts';
import type { ClassGraph, ClassNode } from './class-graph';
import { evaluateArithmetic } from './constant-arithmetic';
import type { SettingField, SettingsFact } from './facts';
import type { ModuleTable } from './module-names';
import { compareText, unquote } from './resolve-models';
import type { SymbolResolver } from './symbols';

const STRING_LITERAL = /^[rRuU]?(['"])(?:(?!\1)[^\\\n]|\\.)*\1$/;
const OTHER_LITERAL = /^(?:-?\d+(?:\.\d+)?|True|False)$/;

/** The literal a default is written as, or undefined when it is computed (or None). */
function literalValue(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (STRING_LITERAL.test(trimmed)) return unquote(trimmed);
  if (OTHER_LITERAL.test(trimmed)) return trimmed;
  const number = evaluateArithmetic(trimmed);
  return number === undefined ? undefined : String(number);
}

/** The JSON value of a default: strings, numbers (constant arithmetic too), booleans, None as null. */
function defaultValue(text: string): { value: SettingField['value'] } | undefined {
  const trimmed = text.trim();
  if (trimmed === 'None') return { value: null };
  if (trimmed === 'True' || trimmed === 'False') return { value: trimmed === 'True' };
  if (STRING_LITERAL.test(trimmed)) return { value: unquote(trimmed) };
  const number = evaluateArithmetic(trimmed);
  return number === undefined ? undefined : { value: number };
}

function settingField(field: ClassNode['cls']['fields'][number], owner: ClassNode): SettingField {
  const written = field.default ?? (field.defaultFactory === undefined ? undefined : `${field.defaultFactory}()`);
  const value = field.default === undefined ? undefined : defaultValue(field.default);
  return {
    name: field.name,
    annotation: field.annotation,
    required: !field.hasDefault,
    ...(written === undefined ? {} : { default: written }),
    ...(value ?? {}),
    declaredIn: owner.cls.name,
    file: owner.path,
    range: field.range,
  };
}

export function buildSettings(
  graph: ClassGraph,
  files: ReadonlyMap<string, PythonFileFacts>,
  resolver: SymbolResolver,
  modules: ModuleTable,
): SettingsFact[] {
  const settings: SettingsFact[] = [];
  for (const node of graph.nodes) {
    if (graph.kindOf(node) !== 'settings') continue;
    const literals: Record<string, string> = {};
    const fields = new Map<string, SettingField>();
    const owners = graph.mroOf(node).filter((ref): ref is ClassNode => typeof ref !== 'string');
    for (const owner of [...owners].reverse()) {
      for (const field of owner.cls.fields) {
        if (field.isClassVar || field.name === 'model_config') continue;
        fields.set(field.name, settingField(field, owner));
        const value = literalValue(field.default);
        if (value === undefined) delete literals[field.name];
        else literals[field.name] = value;
      }
    }
    const instance = findInstance(node, files, resolver);
    settings.push({
      className: node.cls.name,
      file: node.path,
      module: modules.moduleOf(node.path),
      ...(instance === undefined ? {} : { instance }),
      literals,
      fields: [...fields.values()],
    });
  }
  return settings.sort((a, b) => compareText(a.file, b.file) || compareText(a.className, b.className));
}

/** `settings = Settings()` in the class's own module, else anywhere that resolves to it. */
function findInstance(
  node: ClassNode,
  files: ReadonlyMap<string, PythonFileFacts>,
  resolver: SymbolResolver,
): string | undefined {
  const candidates = [files.get(node.path), ...files.values()];
  for (const facts of candidates) {
    for (const assignment of facts?.assignments ?? []) {
      const call = /^([\w.]+)\(\s*\)$/.exec(assignment.value.trim());
      if (!call?.[1] || !facts) continue;
      const target = resolver.resolveClass(facts.path, call[1]);
      if (target && target.path === node.path && target.cls.name === node.cls.name) return assignment.name;
    }
  }
  return undefined;
}

/** Evaluates simple string expressions: literals, f-strings, `+`, constants and settings attributes. */
export class StringEvaluator {
  constructor(
    private readonly resolver: SymbolResolver,
    private readonly settings: readonly SettingsFact[],
  ) {}

  evaluate(path: string, expression: string, depth = 0): string | undefined {
    const text = expression.trim();
    if (depth > 8 || text === '') return undefined;
    if (STRING_LITERAL.test(text)) return unquote(text);
    const fString = /^[fF][rR]?(['"])(.*)\1$/s.exec(text);
    if (fString) return this.evaluateFString(path, fString[2] ?? '', depth);
    if (text.includes('+')) {
      const parts = text.split('+').map((part) => this.evaluate(path, part, depth + 1));
      return parts.every((part) => part !== undefined) ? parts.join('') : undefined;
    }
    return this.evaluateName(path, text, depth);
  }

  /** The settings class an instance is made from: `Settings()` → its SettingsFact. */
  private settingsOfInstance(path: string, value: string): SettingsFact | undefined {
    const call = /^([\w.]+)\(\s*\)$/.exec(value.trim());
    const target = call?.[1] ? this.resolver.resolveClass(path, call[1]) : undefined;
    if (!target) return undefined;
    return this.settings.find((fact) => fact.file === target.path && fact.className === target.cls.name);
  }

  private evaluateFString(path: string, body: string, depth: number): string | undefined {
    let failed = false;
    const value = body.replace(/\{([^{}]+)\}/g, (_match, inner: string) => {
      const part = this.evaluate(path, inner, depth + 1);
      if (part === undefined) failed = true;
      return part ?? '';
    });
    return failed ? undefined : value;
  }

  private evaluateName(path: string, text: string, depth: number): string | undefined {
    const dot = text.lastIndexOf('.');
    if (dot < 0) {
      const symbol = this.resolver.resolve(path, text);
      if (symbol?.kind !== 'assignment') return undefined;
      return symbol.assignment.stringValue ?? this.evaluate(symbol.path, symbol.assignment.value, depth + 1);
    }
    const owner = text.slice(0, dot);
    const attribute = text.slice(dot + 1);
    const ownerSymbol = /^[\w.]+$/.test(owner) ? this.resolver.resolve(path, owner) : undefined;
    if (ownerSymbol?.kind === 'module') {
      const symbol = this.resolver.resolve(path, text);
      if (symbol?.kind === 'assignment') {
        return symbol.assignment.stringValue ?? this.evaluate(symbol.path, symbol.assignment.value, depth + 1);
      }
    }
    if (ownerSymbol?.kind === 'assignment') {
      const literal = this.settingsOfInstance(ownerSymbol.path, ownerSymbol.assignment.value)?.literals[attribute];
      if (literal !== undefined) return literal;
    }
    // `get_settings().API_PREFIX` and the like: trust an attribute only one settings class has.
    const holders = this.settings.filter((candidate) => candidate.literals[attribute] !== undefined);
    return holders.length === 1 ? holders[0]?.literals[attribute] : undefined;
  }
}
