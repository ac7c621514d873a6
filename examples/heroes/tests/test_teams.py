from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Team


def test_create_team(client: TestClient) -> None:
    response = client.post(
        "/teams/", json={"name": "Preventers", "headquarters": "Sharp Tower"}
    )
    assert response.status_code == 201
    data = response.json()
    assert data["name"] == "Preventers"
    assert data["headquarters"] == "Sharp Tower"
    assert isinstance(data["id"], int)


def test_create_team_rejects_missing_field(client: TestClient) -> None:
    response = client.post("/teams/", json={"name": "Preventers"})
    assert response.status_code == 422


def test_read_teams_paginates(session: Session, client: TestClient) -> None:
    for index in range(3):
        session.add(Team(name=f"Team {index}", headquarters="Somewhere"))
    session.commit()

    response = client.get("/teams/", params={"offset": 1, "limit": 1})

    assert response.status_code == 200
    assert [team["name"] for team in response.json()] == ["Team 1"]


def test_read_team(session: Session, client: TestClient) -> None:
    team = Team(name="Z-Force", headquarters="Sister Margaret's Bar")
    session.add(team)
    session.commit()

    response = client.get(f"/teams/{team.id}")

    assert response.status_code == 200
    assert response.json() == {
        "id": team.id,
        "name": "Z-Force",
        "headquarters": "Sister Margaret's Bar",
    }


def test_read_missing_team_is_404(client: TestClient) -> None:
    response = client.get("/teams/999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Team not found"}


def test_update_team_changes_only_given_fields(
    session: Session, client: TestClient
) -> None:
    team = Team(name="Preventers", headquarters="Sharp Tower")
    session.add(team)
    session.commit()

    response = client.patch(f"/teams/{team.id}", json={"headquarters": "Tall Tower"})

    assert response.status_code == 200
    assert response.json()["name"] == "Preventers"
    assert response.json()["headquarters"] == "Tall Tower"


def test_delete_team(session: Session, client: TestClient) -> None:
    team = Team(name="Preventers", headquarters="Sharp Tower")
    session.add(team)
    session.commit()

    response = client.delete(f"/teams/{team.id}")

    assert response.status_code == 204
    assert session.get(Team, team.id) is None
    assert client.delete(f"/teams/{team.id}").status_code == 404


def test_health(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
