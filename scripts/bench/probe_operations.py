"""Send one planned request per operation to a generated app and say how each answered.

Usage: python probe_operations.py PLAN.json  (run in the project folder; prints JSON)

The app runs in-process through Starlette's TestClient (lifespan included), so nothing
listens on the network. Each operation's outcome is one of:
  answered  a response that is neither of the below (2xx with its body, 4xx, ...)
  stub      501 Not Implemented
  error     any other 5xx, or an exception inside the app
  empty     a 2xx without a body where the spec declares one (no content or JSON null)
  missing   the app serves no route for the operation's method and path
"""

import importlib
import json
import re
import sys
from typing import Any

from fastapi.testclient import TestClient


def shape(template: str) -> str:
    """A path template with its parameter names blanked: `{petId}` and `{pet_id}` match."""
    return re.sub(r"\{[^}]*\}", "{}", template).rstrip("/") or "/"


def served_routes(app: Any) -> set[tuple[str, str]]:
    paths: dict[str, dict[str, Any]] = app.openapi().get("paths", {})
    return {(method, shape(path)) for path, item in paths.items() for method in item}


def outcome(status: int, body: bytes, expects_body: bool) -> str:
    if status == 501:
        return "stub"
    if status >= 500:
        return "error"
    if 200 <= status < 300 and expects_body and body.strip() in (b"", b"null"):
        return "empty"
    return "answered"


def probe(
    client: TestClient, routes: set[tuple[str, str]], request: dict[str, Any]
) -> dict[str, Any]:
    method = request["method"]
    if (method, shape(request["template"])) in routes:
        url = request["url"]
    elif (method, shape(request["templateWithoutBase"])) in routes:
        url = request["urlWithoutBase"]
    else:
        return {"operation": request["operation"], "status": None, "outcome": "missing"}
    files = {
        name: (file_name, b"content")
        for name, file_name in request.get("files", {}).items()
    }
    client.cookies.clear()
    try:
        response = client.request(
            method.upper(),
            url,
            params=request["query"],
            headers=request["headers"],
            cookies=request["cookies"] or None,
            json=request.get("json"),
            data=request.get("data"),
            files=files or None,
            content=request.get("content"),
        )
    except Exception as error:  # noqa: BLE001 - an exception the app let through is its answer
        return {
            "operation": request["operation"],
            "status": None,
            "outcome": "error",
            "detail": repr(error)[:200],
        }
    result = outcome(response.status_code, response.content, request["expectsBody"])
    return {
        "operation": request["operation"],
        "status": response.status_code,
        "outcome": result,
    }


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as plan_file:
        plan = json.load(plan_file)
    sys.path.insert(0, ".")
    module_name, _, attribute = plan["app"].partition(":")
    try:
        app = getattr(importlib.import_module(module_name), attribute)
        routes = served_routes(app)
    except Exception as error:  # noqa: BLE001 - reported, the benchmark goes on
        json.dump(
            {"imported": False, "error": f"{type(error).__name__}: {error}"[:300]},
            sys.stdout,
        )
        return 0
    with TestClient(app, raise_server_exceptions=False) as client:
        results = [probe(client, routes, request) for request in plan["requests"]]
    json.dump({"imported": True, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
