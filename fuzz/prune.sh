#!/usr/bin/env bash
# Shrink fuzz/corpus/: keep every named seed, plus the fewest SHA-named inputs libFuzzer
# found that still cover all features the seeds do not (libFuzzer -merge=1).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-$root/.venv/bin/python}"
export PATH="$(dirname "$python"):$PATH"   # libFuzzer re-runs the target through its #! line
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/kept"
for file in "$here"/corpus/*; do
  name="$(basename "$file")"
  [[ "$name" =~ ^[0-9a-f]{40}$ ]] || cp "$file" "$work/kept/"
done
cd "$root"
"$python" "$here/fuzz_loaders.py" -merge=1 -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
  "$work/kept" "$here/corpus" >"$work/merge.log" 2>&1 || { cat "$work/merge.log" >&2; exit 1; }
grep -q "MERGE-OUTER: successful" "$work/merge.log" || { cat "$work/merge.log" >&2; exit 1; }
grep "MERGE-OUTER: .* new files" "$work/merge.log" >&2
before="$(ls "$here/corpus" | wc -l)"
rm -f "$here"/corpus/*
cp "$work"/kept/* "$here/corpus/"
echo "$0: corpus $before -> $(ls "$here/corpus" | wc -l) files, $(du -sh --apparent-size "$here/corpus" | cut -f1)" >&2
