/**
 * Small in-memory FastAPI + SQLModel projects for the CRUD engine's focused specs: indexed by
 * the real ProjectIndex, with conventions overridden where a spec needs one branch.
 */
import type { FileChange } from '../../../src/core/changes/change-set';
import { generateCrud } from '../../../src/core/generate/crud/index';
import type { Conventions, Observed, ProjectFacts } from '../../../src/core/project/facts';
import { ProjectIndex } from '../../../src/core/project/project-index';
import type { FileEntry, FileSource, FileStat } from '../../../src/core/ports';

export type Files = Record<string, string>;

class MemorySource implements FileSource {
  constructor(private readonly files: Files) {}

  listFiles(): Promise<readonly FileEntry[]> {
    return Promise.resolve(Object.entries(this.files).map(([path, text]) => ({ path, size: text.length })));
  }

  readText(path: string): Promise<string> {
    const text = this.files[path];
    return text === undefined ? Promise.reject(new Error(`no file ${path}`)) : Promise.resolve(text);
  }

  stat(path: string): Promise<FileStat | undefined> {
    const text = this.files[path];
    return Promise.resolve(text === undefined ? undefined : { size: text.length, mtimeMs: 0 });
  }
}

export async function indexFiles(files: Files): Promise<ProjectFacts> {
  return new ProjectIndex({ root: '/memory', source: new MemorySource(files) }).build();
}

type ValueOf<T> = T extends Observed<infer V> ? V : never;
type ConventionOverrides = { [K in keyof Conventions]?: ValueOf<Conventions[K]> };

export function withConventions(facts: ProjectFacts, overrides: ConventionOverrides): ProjectFacts {
  const conventions: Record<string, unknown> = { ...facts.conventions };
  for (const [key, value] of Object.entries(overrides) as [string, unknown][]) {
    conventions[key] = { value, source: 'observed' };
  }
  return { ...facts, conventions: conventions as unknown as Conventions };
}

export function generate(facts: ProjectFacts, files: Files, model: string): Map<string, FileChange> {
  const changeSet = generateCrud(facts, model, { readText: (path) => files[path] });
  return new Map(changeSet.changes.map((change) => [change.path, change]));
}

export const MODELS = `import uuid

from sqlmodel import Field, SQLModel


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, max_length=255)
    hashed_password: str
    is_superuser: bool = False


class NoteBase(SQLModel):
    title: str = Field(min_length=1, max_length=100)
    body: str | None = None


class Note(NoteBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id")


class Tag(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    label: str


class NoteTagLink(SQLModel, table=True):
    note_id: int = Field(foreign_key="note.id", primary_key=True)
    tag_id: uuid.UUID = Field(foreign_key="tag.id", primary_key=True)


class Draft(SQLModel, table=True):
    text: str
`;

export const DB = `from collections.abc import Generator
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session, create_engine

engine = create_engine("sqlite://")


def get_session() -> Generator[Session, None, None]:
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
`;

export const DEPS = `from typing import Annotated

import jwt
from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer

from app.db import SessionDep
from app.models import User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/token")


def create_access_token(subject: str) -> str:
    return jwt.encode({"sub": subject}, "secret", algorithm="HS256")


def get_current_user(session: SessionDep, token: Annotated[str, Depends(oauth2_scheme)]) -> User:
    payload = jwt.decode(token, "secret", algorithms=["HS256"])
    user = session.get(User, int(payload["sub"]))
    if user is None:
        raise HTTPException(status_code=401, detail="Could not validate credentials")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
`;

export const MAIN = `from fastapi import FastAPI

from app.routers import health

app = FastAPI()
app.include_router(health.router)
`;

export const HEALTH = `from fastapi import APIRouter

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/")
def health() -> dict[str, str]:
    return {"status": "ok"}
`;

/** A package project: models, a session dependency, one router, an app including it. */
export function baseProject(withAuth: boolean): Files {
  return {
    'pyproject.toml': '[project]\nname = "notes"\n',
    'app/__init__.py': '',
    'app/models.py': MODELS,
    'app/db.py': DB,
    'app/main.py': MAIN,
    'app/routers/__init__.py': '',
    'app/routers/health.py': HEALTH,
    ...(withAuth ? { 'app/deps.py': DEPS } : {}),
  };
}

/**
 * Calls split over lines joined back onto one (`@router.get(\n    "/x",\n)` → `@router.get("/x")`),
 * so a spec can name a decorator's arguments whatever the formatter's layout.
 */
export function flatCalls(text: string): string {
  return text.replace(/([([{])\n\s*/g, '$1').replace(/,?\n\s*([)}\]])/g, '$1').replace(/,\n\s*/g, ', ');
}
