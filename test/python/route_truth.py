"""Lists the routes a FastAPI application really serves: JSON lines of
[method, path, handler, "file:line"], the file relative to the project.

Usage: python route_truth.py PROJECT_DIR MODULE:ATTRIBUTE

Reads the application's OpenAPI document (which resolves every include_router) and, for each
mounted FastAPI sub-application, the sub-application's own document under the mount path.
Each operation is tagged with its handler while the document is built.
"""

import json
import sys
import warnings
from importlib import import_module
from pathlib import Path
from typing import Any

import fastapi.openapi.utils as openapi_utils
from fastapi import FastAPI
from starlette.routing import Mount

original_metadata = openapi_utils.get_openapi_operation_metadata


def tagged_metadata(
    *, route: Any, method: str, operation_ids: set[str]
) -> dict[str, Any]:
    """The operation's metadata, with its handler's name and place as the operation id."""
    metadata = original_metadata(
        route=route, method=method, operation_ids=operation_ids
    )
    code = route.endpoint.__code__
    metadata["operationId"] = json.dumps(
        [route.endpoint.__name__, code.co_filename, code.co_firstlineno]
    )
    return metadata


def routes_of(app: FastAPI, prefix: str, project: Path) -> list[list[str]]:
    found: list[list[str]] = []
    paths: dict[str, Any] = app.openapi().get("paths", {})
    for path, operations in paths.items():
        for method, operation in operations.items():
            name, file_name, line = json.loads(operation["operationId"])
            place = (
                f"{Path(file_name).resolve().relative_to(project).as_posix()}:{line}"
            )
            found.append([method.upper(), prefix + path, name, place])
    for route in app.routes:
        if isinstance(route, Mount) and isinstance(route.app, FastAPI):
            found.extend(routes_of(route.app, prefix + route.path, project))
    return found


def main() -> None:
    project, target = Path(sys.argv[1]).resolve(), sys.argv[2]
    sys.path.insert(0, str(project))
    openapi_utils.get_openapi_operation_metadata = tagged_metadata
    warnings.simplefilter("ignore")
    module_name, attribute = target.split(":")
    app = getattr(import_module(module_name), attribute)
    for row in sorted(routes_of(app, "", project)):
        print(json.dumps(row))


if __name__ == "__main__":
    main()
