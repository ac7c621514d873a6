"""Time fastapi-code-generator in-process on one spec, as the spec benchmark's baseline.

Usage: python time_code_generator.py SPEC OUT_DIR RUNS  (prints JSON: milliseconds per run)

Each run writes a fresh OUT_DIR/run-N with the tool's own defaults (formatting included), as
its command line does; the first run's output is the one the benchmark then imports.
"""

import json
import sys
import time
from pathlib import Path

from fastapi_code_generator.cli import generate_code


def main() -> int:
    spec, out_dir, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    text = spec.read_text(encoding="utf-8")
    times: list[float] = []
    try:
        for run in range(runs):
            started = time.perf_counter()
            generate_code(
                spec.name,
                text,
                "utf-8",
                out_dir / f"run-{run}",
                None,
                disable_timestamp=True,
            )
            times.append((time.perf_counter() - started) * 1000)
    except Exception as error:  # noqa: BLE001 - reported, the benchmark goes on
        json.dump({"error": f"{type(error).__name__}: {error}"[:300]}, sys.stdout)
        return 0
    json.dump({"times": times}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
