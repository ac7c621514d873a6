/**
 * The signing key, algorithm and token lifetimes in the project's settings: fields added to a
 * pydantic-settings class or a plain settings class, or a new `config.py`. The key is read from
 * the environment and never written as a literal.
 */
import { bracketed } from '../python/text';
import type { ChangeWorkspace } from '../crud/workspace';
import type { AuthPlan } from './plan';
import type { SettingsField } from './settings-target';

const NEW_SETTINGS = `class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # From the environment; otherwise a random key, so no token outlives the process.
    SECRET_KEY: str = secrets.token_urlsafe(32)
    JWT_ALGORITHM: str = "HS256"
    ACCESS_TOKEN_EXPIRE_MINUTES: int = 15
    REFRESH_TOKEN_EXPIRE_DAYS: int = 7`;

function pydanticLines(plan: AuthPlan, indent: string): string[] {
  const { secretKey, algorithm, accessMinutes, refreshDays } = plan.settings;
  const lines: string[] = [];
  const add = (field: SettingsField, line: string): void => {
    if (field.added) lines.push(`${indent}${line}`);
  };
  if (secretKey.added) lines.push(`${indent}# From the environment; otherwise a random key, so no token outlives the process.`);
  add(secretKey, `${secretKey.name}: str = secrets.token_urlsafe(32)`);
  add(algorithm, `${algorithm.name}: str = "HS256"`);
  add(accessMinutes, `${accessMinutes.name}: int = 15`);
  add(refreshDays, `${refreshDays.name}: int = 7`);
  return lines;
}

function plainLines(plan: AuthPlan, indent: string): string[] {
  const { secretKey, algorithm, accessMinutes, refreshDays } = plan.settings;
  const lines: string[] = [];
  if (secretKey.added) {
    lines.push(
      `${indent}# From the environment; otherwise a random key, so no token outlives the process.`,
      `${indent}${secretKey.name}: str = os.environ.get("${secretKey.name}") or secrets.token_urlsafe(32)`,
    );
  }
  if (algorithm.added) lines.push(`${indent}${algorithm.name}: str = os.environ.get("${algorithm.name}", "HS256")`);
  if (accessMinutes.added) {
    lines.push(bracketed(indent, `${accessMinutes.name}: int = int`, [`os.environ.get("${accessMinutes.name}", "15")`]));
  }
  if (refreshDays.added) {
    lines.push(bracketed(indent, `${refreshDays.name}: int = int`, [`os.environ.get("${refreshDays.name}", "7")`]));
  }
  return lines;
}

export function emitSettings(plan: AuthPlan, workspace: ChangeWorkspace): void {
  const target = plan.settings;
  const draft = workspace.file(target.file, target.module);
  if (target.kind === 'new') {
    draft.imports.module('secrets');
    draft.imports.from('pydantic_settings', 'BaseSettings', 'SettingsConfigDict');
    draft.blocks.push(NEW_SETTINGS, `${target.instance} = ${target.className}()`);
    draft.descriptions.push('new settings: the signing key (SECRET_KEY from the environment), algorithm and token lifetimes');
    return;
  }
  const line = target.insertLine;
  const indent = target.indent;
  const lines = target.kind === 'pydantic' ? pydanticLines(plan, indent) : plainLines(plan, indent);
  if (lines.length === 0) return;
  if (target.secretKey.added) draft.imports.module('secrets');
  if (target.kind === 'plain') draft.imports.module('os');
  draft.edits.push({ start: line, end: line, lines: lines.flatMap((text) => text.split('\n')) });
  const added = [target.secretKey, target.algorithm, target.accessMinutes, target.refreshDays].filter((field) => field.added);
  draft.descriptions.push(`adds ${added.map((field) => field.name).join(', ')} to ${target.className}`);
}

/** `settings.SECRET_KEY` and friends as the generated code writes them. */
export function settingsRef(plan: AuthPlan, field: SettingsField): string {
  return `${plan.settings.instance}.${field.name}`;
}

