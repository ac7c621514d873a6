from sqlmodel import Field, Relationship, SQLModel


class TeamBase(SQLModel):
    name: str = Field(index=True, max_length=100)
    headquarters: str = Field(max_length=200)


class Team(TeamBase, table=True):
    id: int | None = Field(default=None, primary_key=True)

    heroes: list["Hero"] = Relationship(back_populates="team")


class TeamCreate(TeamBase):
    pass


class TeamUpdate(SQLModel):
    name: str | None = Field(default=None, max_length=100)
    headquarters: str | None = Field(default=None, max_length=200)


class TeamPublic(TeamBase):
    id: int


class Hero(SQLModel, table=True):
    """A hero; may belong to one team."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=100)
    secret_name: str = Field(max_length=100)
    age: int | None = Field(default=None, ge=0, index=True)
    team_id: int | None = Field(
        default=None, foreign_key="team.id", ondelete="SET NULL"
    )

    team: Team | None = Relationship(back_populates="heroes")
