from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from sqlmodel import select

from app.deps import SessionDep
from app.models import Team, TeamCreate, TeamPublic, TeamUpdate

router = APIRouter(prefix="/teams", tags=["teams"])


@router.get("/", response_model=list[TeamPublic])
def read_teams(
    session: SessionDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
) -> Sequence[Team]:
    """List teams, a page at a time."""
    return session.exec(select(Team).offset(offset).limit(limit)).all()


@router.get("/{team_id}", response_model=TeamPublic)
def read_team(session: SessionDep, team_id: int) -> Team:
    """Read one team by id."""
    team = session.get(Team, team_id)
    if team is None:
        raise HTTPException(status_code=404, detail="Team not found")
    return team


@router.post("/", response_model=TeamPublic, status_code=status.HTTP_201_CREATED)
def create_team(session: SessionDep, team_in: TeamCreate) -> Team:
    """Create a team."""
    team = Team.model_validate(team_in)
    session.add(team)
    session.commit()
    session.refresh(team)
    return team


@router.patch("/{team_id}", response_model=TeamPublic)
def update_team(session: SessionDep, team_id: int, team_in: TeamUpdate) -> Team:
    """Update the given fields of a team; fields left out keep their value."""
    team = session.get(Team, team_id)
    if team is None:
        raise HTTPException(status_code=404, detail="Team not found")
    team.sqlmodel_update(team_in.model_dump(exclude_unset=True))
    session.add(team)
    session.commit()
    session.refresh(team)
    return team


@router.delete("/{team_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_team(session: SessionDep, team_id: int) -> None:
    """Delete a team."""
    team = session.get(Team, team_id)
    if team is None:
        raise HTTPException(status_code=404, detail="Team not found")
    session.delete(team)
    session.commit()
