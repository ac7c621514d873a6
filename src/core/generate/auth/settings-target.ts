/**
 * Where the signing key, algorithm and token lifetimes live: the project's pydantic-settings
 * class, a plain settings class (`class Settings:` with a module-level instance), or a new
 * `config.py`. Existing fields are reused under their own names.
 */
import type { ProjectFacts } from '../../project/facts';
import { dirname, joinPath, moduleForPath, type ReadText } from '../crud/modules';

export type SettingsKind = 'pydantic' | 'plain' | 'new';

export interface SettingsTarget {
  readonly kind: SettingsKind;
  readonly file: string;
  readonly module: string;
  readonly className: string;
  readonly instance: string;
  /** Zero-based line new fields are inserted at, and their indentation. */
  readonly insertLine: number;
  readonly indent: string;
  readonly secretKey: SettingsField;
  readonly algorithm: SettingsField;
  readonly accessMinutes: SettingsField;
  readonly refreshDays: SettingsField;
}

export interface SettingsField {
  readonly name: string;
  /** True when the field is added. */
  readonly added: boolean;
  /** The field's default as written, when it exists. */
  readonly existingDefault?: string;
}

const SECRET_NAMES = /^(SECRET_KEY|JWT_SECRET(_KEY)?|JWT_SIGNING_KEY|TOKEN_SECRET|AUTH_SECRET(_KEY)?|SIGNING_KEY)$/i;
const ALGORITHM_NAMES = /^(JWT_)?ALGORITHM$/i;
const ACCESS_NAMES = /^ACCESS_TOKEN_EXPIRE_MINUTES$|^JWT_EXPIRE_MINUTES$|^TOKEN_EXPIRE_MINUTES$/i;
const REFRESH_NAMES = /^REFRESH_TOKEN_EXPIRE_DAYS$/i;

function field(names: readonly { name: string; default?: string }[], pattern: RegExp, fallback: string): SettingsField {
  const found = names.find((candidate) => pattern.test(candidate.name));
  if (found === undefined) return { name: fallback, added: true };
  return { name: found.name, added: false, ...(found.default === undefined ? {} : { existingDefault: found.default }) };
}

/**
 * A plain class used as settings: no bases, a `Settings`-like name, and a module-level instance.
 * Such a module often mentions neither FastAPI nor SQLModel, so the index may not have parsed
 * it: the modules the project imports `settings` from are read here, as text.
 */
function plainSettings(facts: ProjectFacts, readText: ReadText): PlainSettings | undefined {
  const modules = new Set<string>();
  for (const file of facts.files.values()) {
    for (const statement of file.imports) {
      if (statement.kind === 'from' && statement.level === 0 && statement.names.some((name) => /settings/i.test(name.name))) {
        modules.add(statement.module);
      }
    }
  }
  for (const module of [...modules].sort()) {
    for (const path of [`${module.replace(/\./g, '/')}.py`, `${module.replace(/\./g, '/')}/__init__.py`]) {
      const text = readText(path);
      const found = text === undefined ? undefined : readPlainSettings(text);
      if (found !== undefined) return { file: path, ...found };
    }
  }
  return undefined;
}

interface PlainSettings {
  readonly file: string;
  readonly className: string;
  readonly instance: string;
  readonly fieldNames: readonly string[];
  /** Zero-based line after the class body's last line, and the body's indentation. */
  readonly insertLine: number;
  readonly indent: string;
}

function readPlainSettings(text: string): Omit<PlainSettings, 'file'> | undefined {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  for (let start = 0; start < lines.length; start++) {
    const header = /^class\s+(\w*(?:Settings|Config))\s*(?:\(\s*(?:object)?\s*\))?\s*:\s*$/.exec(lines[start] ?? '');
    const className = header?.[1];
    if (className === undefined) continue;
    const instance = lines
      .map((line) => new RegExp(`^(\\w+)\\s*(?::[^=]+)?=\\s*${className}\\(\\s*\\)\\s*$`).exec(line)?.[1])
      .find((name) => name !== undefined);
    if (instance === undefined) continue;
    let last = start;
    const fieldNames: string[] = [];
    let indent = '    ';
    for (let index = start + 1; index < lines.length; index++) {
      const line = lines[index] ?? '';
      if (line.trim() === '') continue;
      if (!/^\s/.test(line)) break;
      last = index;
      const field = /^(\s+)([A-Za-z_]\w*)\s*(?::[^=]+)?=/.exec(line);
      if (field?.[2] !== undefined) {
        fieldNames.push(field[2]);
        indent = field[1] ?? indent;
      }
    }
    return { className, instance, fieldNames, insertLine: last + 1, indent };
  }
  return undefined;
}

export function planSettings(facts: ProjectFacts, packageDir: string, readText: ReadText): SettingsTarget {
  const pydantic = facts.settings.find((candidate) => candidate.instance !== undefined);
  const cls = pydantic ? facts.files.get(pydantic.file)?.classes.find((candidate) => candidate.name === pydantic.className) : undefined;
  const lastField = cls ? [...cls.fields].sort((a, b) => a.range.endLine - b.range.endLine).at(-1) : undefined;
  const plain = pydantic ? undefined : plainSettings(facts, readText);
  const found =
    pydantic && cls
      ? {
          kind: 'pydantic' as const,
          file: pydantic.file,
          className: pydantic.className,
          instance: pydantic.instance ?? 'settings',
          fields: cls.fields.map((candidate) => ({ name: candidate.name, ...(candidate.default === undefined ? {} : { default: candidate.default }) })),
          insertLine: lastField ? lastField.range.endLine + 1 : cls.range.endLine + 1,
          indent: ' '.repeat(lastField?.range.startColumn ?? 4),
        }
      : plain
        ? { kind: 'plain' as const, ...plain, fields: plain.fieldNames.map((name) => ({ name })) }
        : undefined;
  if (found === undefined) {
    const file = ['config.py', 'settings.py', 'auth_settings.py']
      .map((name) => joinPath(packageDir, name))
      .find((path) => readText(path) === undefined) ?? joinPath(packageDir, 'auth_settings.py');
    return {
      kind: 'new',
      file,
      insertLine: 0,
      indent: '    ',
      module: moduleForPath(facts, file),
      className: 'Settings',
      instance: 'settings',
      secretKey: { name: 'SECRET_KEY', added: true },
      algorithm: { name: 'JWT_ALGORITHM', added: true },
      accessMinutes: { name: 'ACCESS_TOKEN_EXPIRE_MINUTES', added: true },
      refreshDays: { name: 'REFRESH_TOKEN_EXPIRE_DAYS', added: true },
    };
  }
  return {
    kind: found.kind,
    file: found.file,
    module: moduleForPath(facts, found.file),
    className: found.className,
    instance: found.instance,
    insertLine: found.insertLine,
    indent: found.indent,
    secretKey: field(found.fields, SECRET_NAMES, 'SECRET_KEY'),
    algorithm: field(found.fields, ALGORITHM_NAMES, 'JWT_ALGORITHM'),
    accessMinutes: field(found.fields, ACCESS_NAMES, 'ACCESS_TOKEN_EXPIRE_MINUTES'),
    refreshDays: field(found.fields, REFRESH_NAMES, 'REFRESH_TOKEN_EXPIRE_DAYS'),
  };
}

/** The package folder new modules go into: the app's own folder. */
export function packageDirOf(facts: ProjectFacts): string {
  const app = facts.apps[0];
  return app === undefined ? '' : dirname(app.file);
}
