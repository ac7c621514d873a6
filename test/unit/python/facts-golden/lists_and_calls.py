"""Parameter lists, call arguments, imports and strings in the shapes the index reads.

Plain lists and the ones with comments, continuations, lambdas and prefixed strings.
"""

from __future__ import annotations

from typing import (  # grouped
    Annotated,
    Any,
    Callable,  # a comment between names
    Optional,
)
from . import sibling
from .. import parent as up
from . models . hero import Hero, Team as Crew
from ...deep.pkg import *
from app.core import config, \
    security
import os.path as osp, sys
from .import dotted_prefix
from zipimport import zipimporter
from importlib import (import_module as load,)
from a . b import c . d
from fastapi import APIRouter, Depends, FastAPI, Query, Security  # trailing comment

from sqlmodel import Field, Relationship, SQLModel

router = APIRouter(prefix="/heroes", tags=["heroes", 'crew'], dependencies=[Depends(get_token)],)
admin = APIRouter(
    prefix=settings.API_V1_STR + "/admin",  # computed
    tags=["admin"],
)
app = FastAPI(title="Héros", description='a "quoted" title, with: commas = and colons', debug=True)
app.include_router(router, prefix="/v1", tags=["v1"])
app.include_router(
    admin,
    prefix=f"{PREFIX}/admin",
    dependencies=[Security(get_admin, scopes=["admin"])],
)
api = routers["a.b"].router
handler = make(*args, **kwargs)
fallback = make(x for x in items)
duplicated = make(key=1, other=2, key=3)
walrus = make((y := 10), y == 10, z <= 3)

SessionDep = Annotated[Session, Depends(get_session)]


def plain(a, b: int, c=3, d: str = "x,y", *args, e: Optional[int] = None, **kwargs) -> None:
    pass


def markers(a, /, b, *, c: int = 1, d: list[int] = [1, 2], e: dict[str, int] = {"k": 1}):
    return a


def unusual(
    a: int,  # a comment inside the list
    b: Callable[[int], int] = lambda x: x,
    c: str = f"{a}:{b}",
    d: str = r"raw\d",
    e=b"bytes",
    f="tab\tand\\backslash",
    g: "Hero" = None,
    h=lambda: (1, 2),
) -> Callable[..., Any]:
    return lambda: a


def continued(a, \
        b=1):
    pass


def non_ascii(café: str = "é", naïve=1):
    return café


def equals_in_defaults(a=b == c, d: int = e >= f, g=(h := 1), i: bool = not j):
    return a


async def spaced( * items ,  ** options ):
    yield items


@router.get("/", response_model=list[Hero], status_code=200)
async def read_heroes(
    session: SessionDep,
    offset: int = 0,
    limit: Annotated[int, Query(le=100)] = 100,
    user=Depends(current_user),
    token: str = Security(oauth2, scopes=["me"]),
    q: str | None = Query(default=None, max_length=50, description="a, b = c"),
) -> list[Hero]:
    """Read heroes.

        Indented continuation.
    """
    if not session:
        raise HTTPException(status_code=404, detail="none")
    return session.exec(select(Hero).offset(offset).limit(limit)).all()


@ router . post ( "/{id}" , status_code = 201 )
def create_hero(hero: Hero, session: Session = Depends(get_session)):  # comment
    return hero


@routers["v1.x"].delete("/{hero_id}")
@router.api_route("/{hero_id}/both", methods=["GET", 'POST'])
def delete_hero(hero_id: int) -> None:
    raise HTTPException(403)


@router.put(
    "/{hero_id}",  # path
    response_model=Hero,
)
def update_hero(hero_id: int, data: dict = {"a": (1, 2), "b": [3]}) -> Hero:
    return Hero(**data)


class Hero(SQLModel, table=True):
    """A hero."""

    __tablename__ = "heroes"
    model_config = {"extra": "forbid"}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=255, description="a, b")
    secret: Annotated[str, Field(min_length=3)] = "x"
    age: Optional[int] = Field(None, ge=0)  # positional default
    team_id: int | None = Field(default=None, foreign_key="team.id")
    team: Optional["Team"] = Relationship(back_populates="heroes", sa_relationship_kwargs={"cascade": "all, delete"})
    tags: list["Tag"] = Relationship(back_populates="heroes", link_model=HeroTagLink)
    plain: str = "a # not a comment"
    text: str = '''triple
    quoted'''
    escaped: str = "line\nbreak \x41 \u00e9 \N{BULLET}"
    concatenated: str = "one" 'two' """three"""
    nothing: ClassVar[int] = 0
    ellipsis: int = ...

    class Config:
        orm_mode = True

    @property
    def title(self) -> str:
        return self.name

    async def refresh(self, *, force: bool = False) -> None:
        pass


@dataclass(frozen=True)
class Settings(BaseSettings, metaclass=Meta):
    # comment first
    """Not a docstring: a comment comes first, then the string."""

    database_url: str = "sqlite://"
    secret_key: str


def create_app() -> FastAPI:
    application = FastAPI(lifespan=lifespan)
    nested = APIRouter(prefix="/nested")

    @nested.get("/ping")
    def ping() -> dict[str, str]:
        return {"ping": "pong"}

    application.include_router(nested)
    application.add_api_route("/health", health, methods=["GET"], status_code=200)
    application.mount("/static", StaticFiles(directory="static"), name="static")
    return application


for module in [users, items]:
    app.include_router(module.router, prefix=f"/{module.NAME}")

if TYPE_CHECKING:
    from app.models import Secret

type HeroId = Annotated[int, Depends(hero_id)]
