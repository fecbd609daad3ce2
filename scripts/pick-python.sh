#!/usr/bin/env bash
# Print the Python interpreter rcapp's virtual environment is made with.
#
# CPython 3.11 (Debian 12's 3.11.2 and 3.11.7 alike) now and then crashes in its garbage
# collector under concurrent load, killing the gunicorn worker and the request it serves;
# 3.12 did not (docs/performance.md, "What the unanswered requests are"). So a CPython
# 3.12 on the machine is preferred: on PATH, else one installed by pyenv; else python3.
set -euo pipefail

works() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; }

if command -v python3.12 >/dev/null 2>&1 && works python3.12; then
  command -v python3.12
  exit 0
fi
root="${PYENV_ROOT:-$HOME/.pyenv}"
for dir in $(ls -d "$root"/versions/3.12.* 2>/dev/null | sort -V -r); do
  if [[ -x "$dir/bin/python3" ]] && works "$dir/bin/python3"; then
    echo "$dir/bin/python3"
    exit 0
  fi
done
echo python3
