/**
 * A small FastAPI + SQLModel project in a temporary folder, with secrets planted where a careless
 * agent would pick them up: `.env`, an SSH key, a PEM file, and a git-ignored module.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileEntry, FileSource } from '../../../../src/core/ports';

export const PLANTED = {
  env: 'ENV-SECRET-7f3a9c',
  sshKey: 'SSH-PRIVATE-KEY-BODY-93ab',
  pem: 'PEM-CERT-SECRET-11cd',
  ignored: 'IGNORED-FILE-SECRET-5e2b',
  apiKey: 'sk-ant-api03-PLANTED-API-KEY-0123456789',
};

export const MODELS_PY = `"""Database models."""

from sqlmodel import Field, SQLModel


class Team(SQLModel, table=True):
    """A team heroes belong to."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)


class Hero(SQLModel, table=True):
    """A hero."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    age: int | None = None
    team_id: int | None = Field(default=None, foreign_key="team.id")
`;

export const MAIN_PY = `"""The application."""

from fastapi import FastAPI

from app.routers import teams

app = FastAPI()
app.include_router(teams.router)
`;

const TEAMS_PY = `"""Routes for teams."""

from fastapi import APIRouter, HTTPException

from app.deps import SessionDep
from app.models import Team

router = APIRouter(prefix="/teams", tags=["teams"])


@router.get("/{team_id}")
def read_team(team_id: int, session: SessionDep) -> Team:
    """Return one team."""
    team = session.get(Team, team_id)
    if team is None:
        raise HTTPException(status_code=404, detail="Team not found")
    return team
`;

const DEPS_PY = `"""Dependencies."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session, create_engine

engine = create_engine("sqlite:///app.db")


def get_session() -> Iterator[Session]:
    """Yield a database session."""
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
`;

const CONFIG_PY = `"""Settings."""

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    """Application settings."""

    SECRET_KEY: str = "config-literal-secret-42"
    PROJECT_NAME: str = "Heroes"


settings = Settings()
`;

export function createTempWorkspace(extra: Readonly<Record<string, string>> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'agent-ws-'));
  const files: Record<string, string> = {
    'app/__init__.py': '',
    'app/models.py': MODELS_PY,
    'app/main.py': MAIN_PY,
    'app/deps.py': DEPS_PY,
    'app/config.py': CONFIG_PY,
    'app/routers/__init__.py': '',
    'app/routers/teams.py': TEAMS_PY,
    '.gitignore': 'notes/\n*.log\n',
    '.env': `SECRET_KEY=${PLANTED.env}\n`,
    'id_rsa': `-----BEGIN OPENSSH PRIVATE KEY-----\n${PLANTED.sshKey}\n-----END OPENSSH PRIVATE KEY-----\n`,
    'certs/server.pem': `${PLANTED.pem}\n`,
    'notes/private.py': `TOKEN_NOTE = "${PLANTED.ignored}"\n`,
    ...extra,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export function removeTempWorkspace(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Every file under the root with its text: compared before and after to prove nothing was written. */
export function snapshotTree(root: string, base = ''): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of readdirSync(join(root, base))) {
    const relative = base === '' ? name : `${base}/${name}`;
    const info = statSync(join(root, relative), { throwIfNoEntry: false });
    if (info?.isDirectory() === true) {
      Object.assign(result, snapshotTree(root, relative));
    } else if (info !== undefined) {
      result[relative] = readFileSync(join(root, relative), 'utf8');
    }
  }
  return result;
}

/** FileSource over a folder, enough for the agent's reads. */
export function diskSource(root: string): FileSource {
  return {
    listFiles: () => Promise.resolve(Object.keys(snapshotTree(root)).map((path): FileEntry => ({ path, size: 0 }))),
    readText: (path) => readFile(join(root, path), 'utf8'),
    stat: async (path) => {
      const info = await stat(join(root, path)).catch(() => undefined);
      return info === undefined ? undefined : { size: info.size, mtimeMs: info.mtimeMs };
    },
  };
}
