/**
 * Analyses the third-party packages every project imports once, in a throwaway project with
 * the fixtures' mypy settings, so each project's cache can start from a copy of it instead of
 * re-analysing FastAPI, SQLModel, Pydantic and SQLAlchemy from scratch.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from './processes';

const SETTINGS = ['[tool.mypy]', 'strict = true', 'plugins = ["pydantic.mypy"]', ''].join('\n');

const IMPORTS = [
  'import fastapi',
  'import fastapi.security',
  'import fastapi.testclient',
  'import jwt',
  'import pwdlib',
  'import pydantic',
  'import pydantic_settings',
  'import pytest',
  'import sqlalchemy',
  'import sqlmodel',
  'import sqlmodel.pool',
  '',
].join('\n');

/** Returns the warm cache folder, or undefined when mypy failed (each project then starts cold). */
export async function warmMypyCache(venvBin: string, workDir: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const project = join(workDir, 'project');
  const cache = join(workDir, 'mypy-cache');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'pyproject.toml'), SETTINGS);
  writeFileSync(join(project, 'warm.py'), IMPORTS);
  const result = await runProcess(join(venvBin, 'mypy'), ['.'], {
    cwd: project,
    env: { ...env, MYPY_CACHE_DIR: cache },
    timeoutMs: 300_000,
  });
  return result.exitCode === 0 ? cache : undefined;
}
