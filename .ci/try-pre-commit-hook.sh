#!/usr/bin/env bash
# Try .pre-commit-hooks.yaml with the real pre-commit, by hand (the Rust tests do not need PyPI):
#
#   pip install pre-commit
#   cargo build -p statusmark && .ci/try-pre-commit-hook.sh [path/to/statusmark]
#
# In a new git repository holding a site from `statusmark init`, `pre-commit try-repo` runs the hook
# from this checkout: it must pass, then fail once an incident is broken.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-${CARGO_TARGET_DIR:-$repo/target}/debug/statusmark}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
command -v pre-commit > /dev/null || { echo "try-hook: pre-commit is not installed (pip install pre-commit)" >&2; exit 2; }
[ -x "$bin" ] || { echo "try-hook: no statusmark at $bin; build it or pass its path" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" && ln -s "$bin" "$work/bin/statusmark"
export PATH="$work/bin:$PATH"
cd "$work" && git init -q site && cd site
statusmark init . --ci none > /dev/null 2>&1
git add -A

pre-commit try-repo "$repo" statusmark-check --all-files
printf -- '---\ntitle: [\n---\n' > incidents/2026-01-01-broken.md
git add -A
if pre-commit try-repo "$repo" statusmark-check --all-files; then
  echo "try-hook: the hook passed a broken incident" >&2
  exit 1
fi
echo "try-hook: ok (passed a good site, stopped a broken one)"
