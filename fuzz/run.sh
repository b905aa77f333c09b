#!/usr/bin/env bash
# Fuzz brecha's loaders with atheris for SECONDS seconds (default 60).
#
#   fuzz/run.sh 660            # extra libFuzzer flags may follow: fuzz/run.sh 60 -jobs=2
#
# Inputs that reach new coverage are added to fuzz/corpus/; a crash, a hang (an input
# running over 10 s) or memory over 2 GB writes its input to fuzz/crashes/ and makes this
# script exit non-zero. Needs atheris in the project's venv: .venv/bin/pip install atheris
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
seconds="${1:-60}"
shift || true
case "$seconds" in
  ''|*[!0-9]*) echo "usage: $0 SECONDS [libFuzzer flags...]" >&2; exit 2 ;;
esac
python="${PYTHON:-$root/.venv/bin/python}"
"$python" -c 'import atheris' 2>/dev/null || {
  echo "$0: atheris is not installed for $python (run: $root/.venv/bin/pip install atheris)" >&2
  exit 2
}
# libFuzzer re-runs the target through its #! line (python3 from PATH) for -merge/-fork
export PATH="$(dirname "$python"):$PATH"
mkdir -p "$here/corpus" "$here/crashes"
cd "$root"

status=0
"$python" "$here/fuzz_loaders.py" \
  -max_total_time="$seconds" \
  -max_len=65536 \
  -rss_limit_mb=2048 \
  -timeout=10 \
  -dict="$here/yaml.dict" \
  -artifact_prefix="$here/crashes/" \
  -print_final_stats=1 \
  "$@" \
  "$here/corpus" || status=$?

if [ "$status" -ne 0 ]; then
  echo "$0: fuzzing stopped with status $status: crash, hang or out-of-memory; input saved in $here/crashes/" >&2
  exit "$status"
fi
echo "$0: no crash in ${seconds}s" >&2
