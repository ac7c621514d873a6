/**
 * Writes a synthetic workspace for the index benchmark: a FastAPI + SQLModel app with one
 * model, schema and router module per entity, buried in thousands of unrelated Python modules
 * of realistic sizes (and some text files), like a monorepo with a web service in it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface WorkspaceShape {
  readonly pythonFiles: number;
  readonly entities: number;
  readonly textFiles: number;
}

export interface GeneratedWorkspace {
  readonly pythonFiles: number;
  readonly relevantFiles: number;
  readonly bytes: number;
  /** A model file the benchmark edits for incremental updates. */
  readonly editableModel: string;
  /** A routes module naming none of the prefilter's words: found only by following imports. */
  readonly wordlessRoutes: { readonly file: string; readonly paths: readonly string[] };
}

/**
 * Routes on a router created elsewhere: the module names no FastAPI, SQLModel or pydantic
 * word at all, and is served because the API module imports it.
 */
export const WORDLESS_ROUTES_MODULE = `"""Liveness and readiness probes, registered on the shared probe router when imported."""
from app.api.routing import probes


@probes.get("/live")
def read_liveness() -> dict[str, str]:
    return {"status": "live"}


@probes.get("/ready")
def read_readiness() -> dict[str, str]:
    return {"status": "ready"}
`;

/** Deterministic pseudo-random numbers, so every run writes the same tree. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = ['order', 'invoice', 'parcel', 'route', 'ledger', 'ticket', 'vendor', 'badge', 'sensor', 'quota', 'bucket', 'label'];

function entityName(index: number): string {
  const word = WORDS[index % WORDS.length] ?? 'thing';
  return `${word[0]?.toUpperCase() ?? ''}${word.slice(1)}${Math.floor(index / WORDS.length)}`;
}

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function modelModule(name: string, owner: string | undefined): string {
  const ownerField = owner ? `    ${snake(owner)}_id: int | None = Field(default=None, foreign_key="${snake(owner)}.id")\n` : '';
  return `from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import TimestampMixin


class ${name}Base(SQLModel):
    title: str = Field(max_length=200, index=True)
    description: str | None = Field(default=None, max_length=2000)
    quantity: int = Field(default=0, ge=0)
${ownerField}

class ${name}(${name}Base, TimestampMixin, table=True):
    """A ${snake(name).replace(/_/g, ' ')} record."""

    id: int | None = Field(default=None, primary_key=True)
    archived_at: datetime | None = None
`;
}

function schemaModule(name: string): string {
  return `from sqlmodel import SQLModel

from app.models.${snake(name)} import ${name}Base


class ${name}Create(${name}Base):
    pass


class ${name}Update(SQLModel):
    title: str | None = None
    description: str | None = None
    quantity: int | None = None


class ${name}Public(${name}Base):
    id: int


class ${name}sPublic(SQLModel):
    data: list[${name}Public]
    count: int
`;
}

function routerModule(name: string): string {
  const path = snake(name).replace(/_/g, '-');
  const variable = snake(name);
  return `from fastapi import APIRouter, HTTPException
from sqlmodel import func, select

from app.api.deps import CurrentUser, SessionDep
from app.models.${variable} import ${name}
from app.schemas.${variable} import ${name}Create, ${name}Public, ${name}sPublic, ${name}Update

router = APIRouter(prefix="/${path}s", tags=["${path}s"])


@router.get("/", response_model=${name}sPublic)
def read_${variable}s(session: SessionDep, current_user: CurrentUser, skip: int = 0, limit: int = 100) -> ${name}sPublic:
    count = session.exec(select(func.count()).select_from(${name})).one()
    rows = session.exec(select(${name}).offset(skip).limit(limit)).all()
    return ${name}sPublic(data=[${name}Public.model_validate(row) for row in rows], count=count)


@router.get("/{id}", response_model=${name}Public)
def read_${variable}(session: SessionDep, current_user: CurrentUser, id: int) -> ${name}:
    row = session.get(${name}, id)
    if not row:
        raise HTTPException(status_code=404, detail="${name} not found")
    return row


@router.post("/", response_model=${name}Public, status_code=201)
def create_${variable}(session: SessionDep, current_user: CurrentUser, data: ${name}Create) -> ${name}:
    row = ${name}.model_validate(data)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


@router.patch("/{id}", response_model=${name}Public)
def update_${variable}(session: SessionDep, current_user: CurrentUser, id: int, data: ${name}Update) -> ${name}:
    row = session.get(${name}, id)
    if not row:
        raise HTTPException(status_code=404, detail="${name} not found")
    row.sqlmodel_update(data.model_dump(exclude_unset=True))
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


@router.delete("/{id}", status_code=204)
def delete_${variable}(session: SessionDep, current_user: CurrentUser, id: int) -> None:
    row = session.get(${name}, id)
    if not row:
        raise HTTPException(status_code=404, detail="${name} not found")
    session.delete(row)
    session.commit()
`;
}

const FIXED_FILES: Readonly<Record<string, string>> = {
  'pyproject.toml': '[project]\nname = "bench"\nversion = "0.1.0"\n',
  '.gitignore': '.venv/\n__pycache__/\n*.log\n',
  'app/__init__.py': '',
  'app/models/__init__.py': '',
  'app/schemas/__init__.py': '',
  'app/api/__init__.py': '',
  'app/api/routes/__init__.py': '',
  'app/models/base.py': `from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


class TimestampMixin(SQLModel):
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
`,
  'app/core/config.py': `from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    API_V1_STR: str = "/api/v1"
    SECRET_KEY: str = "change-me"


settings = Settings()
`,
  'app/api/deps.py': `from collections.abc import Generator
from typing import Annotated

import jwt
from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer
from sqlmodel import Session

from app.core.config import settings
from app.core.db import engine
from app.models.user import User

oauth2 = OAuth2PasswordBearer(tokenUrl="/login")


def get_db() -> Generator[Session, None, None]:
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db)]


def get_current_user(session: SessionDep, token: Annotated[str, Depends(oauth2)]) -> User:
    payload = jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"])
    user = session.get(User, int(payload["sub"]))
    if not user:
        raise HTTPException(status_code=401, detail="Could not validate credentials")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
`,
  'app/api/routing.py': 'from fastapi import APIRouter\n\nprobes = APIRouter(prefix="/status", tags=["status"])\n',
  'app/api/routes/status.py': WORDLESS_ROUTES_MODULE,
  'app/models/user.py': `from sqlmodel import Field, SQLModel


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True)
`,
};

/** An unrelated module: helpers, a class, constants — sized around `targetBytes`. */
function unrelatedModule(index: number, targetBytes: number, random: () => number): string {
  const parts = [`"""Utilities for batch ${index}: parsing, retries and small data helpers."""\n\nimport math\nimport re\nfrom dataclasses import dataclass\n`];
  let size = parts[0]?.length ?? 0;
  for (let n = 0; size < targetBytes; n++) {
    const kind = Math.floor(random() * 3);
    const chunk =
      kind === 0
        ? `\n\ndef transform_${index}_${n}(values: list[float], scale: float = ${(random() * 10).toFixed(2)}) -> list[float]:\n    """Scale and clamp the values."""\n    result = []\n    for value in values:\n        scaled = value * scale\n        result.append(max(0.0, min(scaled, ${Math.floor(random() * 1000)}.0)))\n    return result\n`
        : kind === 1
          ? `\n\n@dataclass\nclass Record${index}x${n}:\n    key: str\n    weight: float = ${random().toFixed(3)}\n\n    def normalised(self) -> float:\n        return math.tanh(self.weight)\n`
          : `\n\nPATTERN_${n} = re.compile(r"^[a-z]{${1 + Math.floor(random() * 5)}}\\d+$")\nLIMIT_${n} = ${Math.floor(random() * 100000)}\n`;
    parts.push(chunk);
    size += chunk.length;
  }
  return parts.join('');
}

export function generateWorkspace(root: string, shape: WorkspaceShape): GeneratedWorkspace {
  const random = seeded(42);
  let bytes = 0;
  let pythonFiles = 0;
  let relevantFiles = 0;
  const write = (path: string, text: string): void => {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
    bytes += Buffer.byteLength(text);
    if (path.endsWith('.py')) pythonFiles++;
  };
  for (const [path, text] of Object.entries(FIXED_FILES)) write(path, text);
  write('app/core/db.py', 'from sqlmodel import create_engine\n\nengine = create_engine("sqlite://")\n');
  const names = Array.from({ length: shape.entities }, (_, index) => entityName(index));
  const includes: string[] = [];
  names.forEach((name, index) => {
    const owner = index > 0 && index % 3 === 0 ? names[index - 1] : undefined;
    write(`app/models/${snake(name)}.py`, modelModule(name, owner));
    write(`app/schemas/${snake(name)}.py`, schemaModule(name));
    write(`app/api/routes/${snake(name)}s.py`, routerModule(name));
    includes.push(`from app.api.routes import ${snake(name)}s\napi_router.include_router(${snake(name)}s.router)`);
    relevantFiles += 3;
  });
  includes.push('from app.api import routing\nfrom app.api.routes import status  # noqa: F401 (registers the probes)\napi_router.include_router(routing.probes)');
  write('app/api/main.py', `from fastapi import APIRouter\n\napi_router = APIRouter()\n${includes.join('\n')}\n`);
  write(
    'app/main.py',
    'from fastapi import FastAPI\n\nfrom app.api.main import api_router\nfrom app.core.config import settings\n\napp = FastAPI()\napp.include_router(api_router, prefix=settings.API_V1_STR)\n',
  );
  relevantFiles += Object.keys(FIXED_FILES).filter((path) => path.endsWith('.py')).length + 3;
  for (let index = 0; pythonFiles < shape.pythonFiles; index++) {
    // Mostly small modules, some large ones: roughly the spread of a real code base.
    const target = random() < 0.9 ? 400 + random() * 6000 : 8000 + random() * 40000;
    write(`lib/pkg_${index % 97}/sub_${index % 7}/module_${index}.py`, unrelatedModule(index, target, random));
  }
  for (let index = 0; index < shape.textFiles; index++) {
    write(`docs/notes_${index}.md`, `# Note ${index}\n\n${'Operational notes and runbooks. '.repeat(20 + (index % 50))}\n`);
  }
  return {
    pythonFiles,
    relevantFiles,
    bytes,
    editableModel: `app/models/${snake(names[0] ?? 'order0')}.py`,
    wordlessRoutes: { file: 'app/api/routes/status.py', paths: ['/api/v1/status/live', '/api/v1/status/ready'] },
  };
}
