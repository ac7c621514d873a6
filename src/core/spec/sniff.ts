/**
 * What a YAML or JSON text says it is, from its top-level version key, without parsing it. Menus
 * and pickers use this to offer only OpenAPI documents among a workspace's many `.json` and
 * `.yaml` files; the reader (`load.ts`) decides for real and explains what is wrong.
 */

export type SpecKind = 'openapi' | 'swagger';

/** Only the start is looked at: the version key comes first in practice, and files can be large. */
const SNIFF_CHARS = 64 * 1024;

const YAML_KEY = /^(["']?)(openapi|swagger)\1[ \t]*:/m;
const JSON_KEY = /"(openapi|swagger)"\s*:/;

export function specKindOf(text: string): SpecKind | undefined {
  const start = text.slice(0, SNIFF_CHARS).replace(/^\uFEFF/, '');
  const trimmed = start.trimStart();
  // JSON (also valid YAML): a top-level object whose keys may be in any order and indentation.
  const match = trimmed.startsWith('{') ? JSON_KEY.exec(trimmed) : YAML_KEY.exec(start);
  const key = match === null ? undefined : trimmed.startsWith('{') ? match[1] : match[2];
  return key === 'openapi' || key === 'swagger' ? key : undefined;
}

/** File names a spec can have: what the menus offer the command on. */
export function isSpecFileName(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path);
}
