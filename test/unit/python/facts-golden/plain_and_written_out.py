"""Statements written plainly on one line beside the same shapes written out over lines, with
comments, continuations, escapes, prefixed strings and non-ASCII text: the first are read from
the text, the others from the syntax tree, and both must read alike.
"""
import functools
from dataclasses import dataclass
from typing import Annotated, ClassVar, Optional

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Security, status
from sqlmodel import Field, Relationship, SQLModel

router = APIRouter(prefix="/items", tags=["items"])
app = FastAPI(title="Items")
PREFIX = "/v2"
deps = [Depends(get_token)]


class Plain(SQLModel, table=True):
    """A table written plainly."""

    __tablename__ = "plain_items"
    model_config = ConfigDict(extra="forbid")
    __table_args__ = (UniqueConstraint("name"),)
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=200)
    title: str
    count: int = 0
    ratio: float=1.5
    label: "Label" = None
    note: str | None = None
    quoted: str = 'single'
    empty: str = ""
    required: int = ...
    required_field: int = Field(...)
    positional: int = Field(3, ge=0)
    both: int = Field(4, default=5)
    factory: list[str] = Field(default_factory=list)
    keyed: str = Field(default="x", foreign_key="owner.id")
    cls_var: ClassVar[int] = 1
    maybe: Optional[int] = None
    owner: "Owner" = Relationship(back_populates="items")
    tags: list["Tag"] = Relationship(back_populates="item", link_model=ItemTagLink)
    parts: list[Part] = Relationship(cascade_delete=True)
    kept: list[Part] = Relationship(sa_relationship_kwargs={"cascade": "all, delete-orphan"})
    mapped: Mapped[list["Part"]] = relationship(back_populates="whole")
    field_call: int = models.Field(default=7)
    x, y = 1, 2
    a.b = 3
    counter += 1
    chained = other = 1
    compared: bool = a == b
    at_least: bool = a >= b
    plain_value = 4

    def method(self) -> int:
        return 1

    async def async_method(self):
        pass

    @property
    def decorated_method(self):
        return 2

    def méthode(self):
        return 3


class WrittenOut(SQLModel):
    # a comment before the docstring
    """The docstring after a comment."""

    hashed: str = "a#b"
    parens: str = "(a, b)"
    escaped: str = "a\nb"
    formatted: str = f"{PREFIX}/x"
    raw: str = r"raw\d"
    data: bytes = b"bytes"
    joined: str = "a" "b"
    grouped: str = ("a")
    grouped_number: int = (1)
    commented: int = 1  # a comment
    continued: int = \
        2
    spread: int = Field(
        default=3,
        description="over lines",
    )
    one: int = 1; two: int = 2
    annotated: Annotated[int, Field(gt=0)] = 1
    annotated_default: Annotated[str, Field(max_length=3)]
    generated: int = Field(x for x in items)
    non_ascii: str = "é"
    café: int = 1
    lambda_value: Callable = lambda x: x
    type: str = "kind"
    match: int = 1
    spaced_call: int = Field (5)
    called_twice: int = Field(1)(2)
    chained_call: int = Field(1).default
    conditional: int = Field(1) if flag else Relationship()
    __tablename__: str = "annotated_name"
    tabbed:	int	=	1


class Concatenated(SQLModel):
    __tablename__ = ("grouped_name")


class Prefixed(SQLModel):
    'Single-quoted docstring.'
    __tablename__ = f"prefixed_{PREFIX}"


class RawDoc:
    r"""Raw docstring \d."""


class DocThenCode:
    """Doc."""; value: int = 1


class StringCall:
    "not a docstring".join(parts)


class Empty():
    pass


class Keywords(Base, metaclass=Meta) :
    pass


class Spread(
    Base,
    Mixin,
):
    pass


class Commented(Base,  # the base
                Mixin):
    pass


class OneLine: value: int = 1


@dataclass
class DecoratedPlain:
    value: int = 0


@dataclass(frozen=True)
class DecoratedCall:
    value: int = 0


@dataclass(
    frozen=True,
)
class DecoratedSpread:
    value: int = 0


def plain_function(a, b: int = 1, *args, c: str = "x", **kwargs) -> dict[str, int]:
    """Plain head."""
    return {"a": 1}


async def async_function(session: SessionDep, current: Annotated[User, Depends(get_user)]) -> None:
    return


def colon_in_string() -> "A:B":
    return "a;b"


def one_line() -> int: return 1


def one_line_without_annotation(): return 2


def spread_annotation() -> Annotated[
    int,
    "meta",
]:
    return (a,
            b)


def commented_parameters(
    a: int,  # a comment
    b=lambda: 1,
):
    return a  # a comment after the value


def fonction_née(x):
    return x


def docstrings():
    r"""Raw docstring."""
    return f"{x}"


def single_quoted_docstring():
    'Single.'


def docstring_then_code():
    """Doc."""; return 1


def comment_first():
    # a comment first
    """Doc after a comment."""
    return


def raises(item):
    if not item:
        raise HTTPException(status_code=404, detail="Item not found")
    if item.locked: raise HTTPException(423)
    if item.hidden:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "hidden")
    if item.bad:
        raise fastapi.HTTPException(status_code=400)
    try:
        item.save()
    except ValueError as error:
        raise HTTPException(status_code=409) from error
    if item.odd:
        raise HTTPException(  # a comment
            status_code=418,
        )
    if item.other:
        raise ValueError("not an HTTP error")
    if item.spaced:
        raise HTTPException (422)
    if item.keyword_later:
        raise HTTPException(detail="x", status_code=410)
    if item.none:
        raise HTTPException(detail="no code")
    if item.generated:
        raise HTTPException(x for x in codes)
    if item.twice:
        raise HTTPException(status_code=404)
    raise


@router.get("/")
def read_items() -> list[Item]:
    return []


@router.post("/", status_code=201, response_model=ItemPublic, dependencies=[Depends(get_admin), Security(get_scope, scopes=["items"])])
async def create_item(data: ItemCreate, session: SessionDep = Depends()) -> Item:
    """Create an item."""
    return Item(**data.model_dump())


@router.get(path="/by-path")
def by_path_keyword():
    return 1


@router.get(f"{PREFIX}/formatted")
def formatted_path():
    return 2


@router.get(PREFIX + "/computed")
def computed_path():
    return 3


@router.put("/tuple", dependencies=(Depends(get_admin),))
def tuple_dependencies():
    return 4


@router.patch("/named", dependencies=[Depends(dependency=get_admin), Depends()])
def named_dependency():
    return 5


@router.delete("/variable", dependencies=deps)
def variable_dependencies():
    return 6


@router.get(
    "/spread",
    response_model=ItemPublic,
)
def spread_decorator():
    return 7


@router.get("/commented")  # a comment
def commented_decorator():
    return 8


@routers["items"].get("/subscripted")
def subscripted_owner():
    return 9


@router.get ("/spaced")
def spaced_decorator():
    return 10


@ router.get("/after-at")
def space_after_at():
    return 11


@app.api_route("/both", methods=["GET", "POST"])
def api_route():
    return 12


@functools.cache
@router.head("/stacked")
@router.options("/stacked")
def stacked():
    return 13


@router.get("/one")

@router.get("/two")
def blank_line_between():
    return 14


@router.get("/é")
def non_ascii_path():
    return 15


@router.get("/escaped\t")
def escaped_path():
    return 16


@make_router().get("/called-owner")
def called_owner():
    return 17


@router.get("/called")(wrapper)
def called_decorator():
    return 18


def create_app():
    inner = FastAPI()

    @inner.get("/nested")
    def nested():
        return 19

    return inner


# The parser carries a statement over a line break where the line cannot end, as Python would
# not: such statements must read as the tree has them.
from .main import Session as
    Session


@router.get("/lenient") if flag
else other
def lenient_decorator():
    return a if b
    else c


def lenient_raise():
    raise HTTPException(404) if a
    else b


class Lenient:
    value: int =
        5
    other: str = Field(default="x") if a
    else None
    model_config:= SettingsConfigDict(extra="ignore")
