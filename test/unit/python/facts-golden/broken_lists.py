from fastapi import APIRouter, Depends
from .models import (Hero,
    Team

router = APIRouter(prefix="/broken", tags=["broken"])


@router.get("/{id}", response_model=Hero)
def read(id: int, session=Depends(get_session), limit: int = 10) -> Hero:
    return session.get(Hero, id)


def half(a, b: int = , c="x"):
    pass


class Model(SQLModel, table=True):
    id: int = Field(default=None, primary_key=True
    name: str = Field(max_length=10)

    def ok(self, x: int = 1) -> int:
        return x


@router.post("/", status_code=201)
async def create(data: dict = {"a": 1}, *, flag: bool = False):
    return data
