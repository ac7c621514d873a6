"""Property-based conformance of a generated app to its input spec, with schemathesis.

Usage: python spec_conformance.py PLAN.json  (run in the project folder; prints one line
per operation and a closing `N passed, N failed`; exit 1 on any failure)

PLAN.json: {"spec": path, "app": "module:attr", "examples": N,
            "session": "module:function" (optional), "security": ["module:function", ...],
            "operations": {operationId: {"implemented": bool}}}

Implemented operations are called in-process (the app through the ASGI transport, nothing on
the network) with schemathesis's generated, schema-valid cases and must pass
not_a_server_error, status_code_conformance and response_schema_conformance; each stub must
answer 501 to its cases. The session dependency is given an empty in-memory database, and the
security dependencies let every request through: credentials are what the generated 401 tests
check, here it is what the operations answer.
"""

import importlib
import json
import sys
from collections.abc import Iterator
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, reject, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
FORM_MEDIA_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}

# `format: email` as the generated models check it (pydantic's EmailStr, email-validator):
# addresses at special-use domains (`.test`, `.local`) are refused by design, so the cases use an
# ordinary domain rather than fail on a stricter-than-RFC validator.
schemathesis.openapi.format(
    "email",
    st.from_regex(r"\A[a-z][a-z0-9]{0,15}\Z", fullmatch=True).map(
        lambda local: f"{local}@example.com"
    ),
)


def load(target: str) -> Any:
    module_name, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def allow() -> None:
    return None


def override_dependencies(app: Any, plan: dict[str, Any]) -> None:
    for target in plan.get("security", []):
        app.dependency_overrides[load(target)] = allow
    if plan.get("session"):
        engine = create_engine(
            "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
        )
        SQLModel.metadata.create_all(engine)

        def in_memory_session() -> Iterator[Session]:
            with Session(engine) as session:
                yield session

        app.dependency_overrides[load(plan["session"])] = in_memory_session


def run_operation(
    operation: Any, app: Any, examples: int, entry: dict[str, Any]
) -> str | None:
    """None when every case passes, else the first failure in a few lines."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    def check(case: Case) -> None:
        # FastAPI reads an empty form field as a missing one (by design, for HTML forms), so
        # a form whose field is "" is refused with 422 whatever the handler: a framework limit
        # the generated code cannot change, left out here rather than reported as ours.
        form = case.media_type in FORM_MEDIA_TYPES and isinstance(case.body, dict)
        if form and any(
            # `type(...) is str`: schemathesis's file contents are a str subclass.
            type(value) is str and value == ""
            for value in case.body.values()
        ):
            reject()
        if entry["implemented"]:
            case.call_and_validate(app=app, checks=CHECKS)
        else:
            response = case.call(app=app)
            assert response.status_code == 501, (
                f"stub answered {response.status_code}, not 501: {response.text[:300]}"
                f"\n{case.as_curl_command()}"
            )

    try:
        check()
    # schemathesis reports its findings as an exception group: every failure is kept.
    except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001
        text = str(error).strip() or type(error).__name__
        return "\n".join(text.splitlines()[:12])
    return None


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as plan_file:
        plan = json.load(plan_file)
    sys.path.insert(0, ".")
    app = load(plan["app"])
    override_dependencies(app, plan)
    schema = schemathesis.openapi.from_path(plan["spec"])
    passed = failed = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operation_id = operation.definition.raw.get("operationId", operation.label)
        entry = plan["operations"].get(operation_id)
        if entry is None:
            continue
        failure = run_operation(operation, app, plan["examples"], entry)
        kind = "implemented" if entry["implemented"] else "stub"
        if failure is None:
            passed += 1
            print(f"  pass {operation.label} ({kind})")
        else:
            failed += 1
            print(f"  FAIL {operation.label} ({kind})\n{failure}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
