from collections.abc import Iterator

from sqlmodel import Session, SQLModel, create_engine

from app.config import settings

# SQLite refuses connections shared across threads unless told otherwise; FastAPI runs
# plain `def` routes in a thread pool.
connect_args = (
    {"check_same_thread": False} if settings.database_url.startswith("sqlite") else {}
)
engine = create_engine(settings.database_url, connect_args=connect_args)


def create_db_and_tables() -> None:
    """Create the tables the models declare (development only; use migrations later)."""
    SQLModel.metadata.create_all(engine)


def get_session() -> Iterator[Session]:
    """Yield one database session per request."""
    with Session(engine) as session:
        yield session
