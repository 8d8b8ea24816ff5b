#!/usr/bin/env bash
# Fail when the committed package differs from what the spec, config and templates generate.
# Only what the generator writes is compared: hand-written subpackages beside it (polling/, validation/, …) are not. Usage: check.sh [package_dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
committed="${1:-$root/generated_client/amplemarket_lead_lists}"
fresh="$(mktemp -d)/amplemarket_lead_lists"
trap 'rm -rf "$(dirname "$fresh")"' EXIT
bash "$root/generator/generate.sh" "$fresh"
status=0
for item in "$fresh"/* "$fresh"/.[!.]*; do
  [ -e "$item" ] || continue
  diff -r -u -x __pycache__ -x .ruff_cache -x .mypy_cache "$item" "$committed/$(basename "$item")" || status=1
done
if [ "$status" -ne 0 ]; then
  echo "check-generated: the committed client differs from a fresh generation." >&2
  echo "Change openapi/, generator/config.yaml or generator/templates/, then run 'make generate'." >&2
  exit 1
fi
echo "check-generated: the committed client matches the spec."
