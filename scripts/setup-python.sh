#!/usr/bin/env bash
# Creates (once) the Python virtual environment that verifies generated code, and points the
# repository's `.cache/venv` at it. The environment lives outside the repository, keyed by the
# hash of test/python/requirements.txt, so changing a pin builds a fresh one and an unchanged
# file reuses the cached one in milliseconds.
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
requirements="$repo_root/test/python/requirements.txt"
python_bin="${PYTHON:-python3}"
cache_dir="${FBE_CACHE_DIR:-$HOME/.cache/fastapi-backend-engineer}"

if ! command -v "$python_bin" >/dev/null 2>&1; then
  echo "setup:python: '$python_bin' not found; install Python 3.11 or newer (or set PYTHON)." >&2
  exit 1
fi
if ! "$python_bin" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "setup:python: $("$python_bin" --version 2>&1) is too old; Python 3.11 or newer is needed." >&2
  exit 1
fi

requirements_hash="$(sha256sum "$requirements" | cut -c1-12)"
venv="$cache_dir/venv-$requirements_hash"
# Written last, so an interrupted install is detected and redone instead of half-used.
complete_marker="$venv/.setup-complete"

mkdir -p "$cache_dir"
# A cached environment whose interpreter has gone (Python upgraded or removed) is rebuilt.
if [ -f "$complete_marker" ] && ! "$venv/bin/python" -c '' >/dev/null 2>&1; then
  rm -f "$complete_marker"
fi
if [ ! -f "$complete_marker" ]; then
  # Two setups started at once (parallel CI steps) must not install into the same folder.
  exec 9>"$cache_dir/.setup.lock"
  flock 9
  if [ ! -f "$complete_marker" ]; then
    rm -rf "$venv"
    if ! "$python_bin" -m venv "$venv"; then
      echo "setup:python: creating a virtual environment failed; on Debian install python3-venv." >&2
      exit 1
    fi
    "$venv/bin/python" -m pip install --quiet --quiet --disable-pip-version-check \
      --no-input -r "$requirements"
    touch "$complete_marker"
  fi
  flock -u 9
fi

mkdir -p "$repo_root/.cache"
ln -sfn "$venv" "$repo_root/.cache/venv"
echo "setup:python: using $venv ($("$venv/bin/python" --version 2>&1)) via .cache/venv"
