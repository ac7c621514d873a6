/**
 * Small Python programs verification writes into its private tools folder (never the project):
 * the import check, the pytest reporter plugin, and the environment probe. Each writes JSON, so
 * nothing depends on the wording of a traceback.
 */

/**
 * argv: copy root, report file, JSON [[module, path], ...], JSON extra sys.path entries.
 * Imports each module in turn and records the first failure of each with the deepest frame
 * inside the copy (the line to blame: for a circular import, the `from … import` that found the
 * module half-initialised).
 */
export const IMPORT_CHECK_SCRIPT = String.raw`
import importlib, json, os, sys, traceback

root = os.path.realpath(sys.argv[1])
report_path = sys.argv[2]
modules = json.loads(sys.argv[3])
sys.path[:0] = json.loads(sys.argv[4])
if sys.path and sys.path[-1] == "":
    sys.path.pop()

def inside(path):
    real = os.path.realpath(path)
    return real == root or real.startswith(root + os.sep)

def relative(path):
    return os.path.relpath(os.path.realpath(path), root).replace(os.sep, "/")

results = []
for module, path in modules:
    entry = {"module": module, "path": path, "ok": True}
    try:
        importlib.import_module(module)
    except BaseException as error:
        entry["ok"] = False
        entry["error"] = type(error).__name__ + ": " + str(error)
        where = None
        if isinstance(error, SyntaxError) and error.filename and inside(error.filename):
            where = (error.filename, error.lineno, error.offset)
        else:
            for frame in traceback.extract_tb(error.__traceback__):
                if frame.filename and inside(frame.filename):
                    where = (frame.filename, frame.lineno, None)
        if where is not None:
            entry["file"] = relative(where[0])
            entry["line"] = where[1]
            if where[2]:
                entry["column"] = where[2]
        entry["traceback"] = "".join(traceback.format_exception(type(error), error, error.__traceback__))[-4000:]
    results.append(entry)

with open(report_path, "w", encoding="utf-8") as report:
    json.dump(results, report)
`;

/** Module name of the pytest plugin; loaded with `-p` from the tools folder on PYTHONPATH. */
export const PYTEST_PLUGIN_MODULE = 'fastapi_engineer_verify_report';

/**
 * Writes one JSON line per failed phase and per finished test to $FASTAPI_ENGINEER_REPORT, with
 * the deepest traceback entry inside the copy ($FASTAPI_ENGINEER_ROOT).
 */
export const PYTEST_PLUGIN_SCRIPT = String.raw`
import json, os

_REPORT = os.environ["FASTAPI_ENGINEER_REPORT"]
_ROOT = os.path.realpath(os.environ["FASTAPI_ENGINEER_ROOT"])
_ROOTDIR = [os.getcwd()]

def pytest_configure(config):
    _ROOTDIR[0] = str(config.rootpath)

def _inside(path):
    real = os.path.realpath(path)
    return real == _ROOT or real.startswith(_ROOT + os.sep)

def _relative(path):
    return os.path.relpath(os.path.realpath(path), _ROOT).replace(os.sep, "/")

def _blame(report):
    where = None
    traceback = getattr(report.longrepr, "reprtraceback", None)
    for entry in getattr(traceback, "reprentries", None) or []:
        location = getattr(entry, "reprfileloc", None)
        if location is None:
            continue
        path = location.path if os.path.isabs(location.path) else os.path.join(os.getcwd(), location.path)
        if _inside(path):
            where = (_relative(path), location.lineno)
    if where is None:
        crash = getattr(report.longrepr, "reprcrash", None)
        if crash is not None and _inside(crash.path):
            where = (_relative(crash.path), crash.lineno)
    return where

def _message(report):
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None and crash.message:
        return crash.message
    text = report.longreprtext.strip().splitlines()
    return text[-1] if text else report.outcome

def _write(record):
    with open(_REPORT, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")

def pytest_runtest_logreport(report):
    if report.failed or report.when == "call":
        record = {"kind": "test", "nodeid": report.nodeid, "when": report.when, "outcome": report.outcome}
        fspath, lineno, _domain = report.location
        record["testFile"] = _relative(os.path.join(_ROOTDIR[0], fspath))
        if lineno is not None:
            record["testLine"] = lineno + 1
        if report.failed:
            record["message"] = _message(report)
            record["text"] = report.longreprtext[-4000:]
            where = _blame(report)
            if where is not None:
                record["file"], record["line"] = where
        _write(record)

def pytest_collectreport(report):
    if report.failed:
        record = {"kind": "collect", "nodeid": report.nodeid, "outcome": "failed", "text": report.longreprtext[-4000:]}
        lines = report.longreprtext.strip().splitlines()
        record["message"] = lines[-1] if lines else "collection failed"
        path = getattr(report, "fspath", None)
        if path and _inside(str(path)):
            record["file"] = _relative(str(path))
        _write(record)
`;

/** Prints the interpreter's version and which of the tools verification uses it has. */
export const PROBE_SCRIPT = String.raw`
import importlib.util, json, os, shutil, sys
tools = {}
for name in ("ruff", "mypy", "pytest", "pyright"):
    try:
        tools[name] = importlib.util.find_spec(name) is not None
    except Exception:
        tools[name] = False
bin_dir = os.path.dirname(sys.executable)
pyright = shutil.which("pyright", path=bin_dir)
print(json.dumps({"version": sys.version.split()[0], "executable": sys.executable, "prefix": sys.prefix, "tools": tools, "pyrightBin": pyright}))
`;
