#!/usr/bin/env bash
# Fail when the committed package differs from what the spec, config and templates generate.
# Only the hand-written polling/ package (and caches) may differ. Usage: check.sh [package_dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
committed="${1:-$root/generated_client/amplemarket_lead_lists}"
fresh="$(mktemp -d)/amplemarket_lead_lists"
trap 'rm -rf "$(dirname "$fresh")"' EXIT
bash "$root/generator/generate.sh" "$fresh"
if ! diff -r -u -x polling -x __pycache__ -x .ruff_cache -x .mypy_cache "$fresh" "$committed"; then
  echo "check-generated: the committed client differs from a fresh generation." >&2
  echo "Change openapi/, generator/config.yaml or generator/templates/, then run 'make generate'." >&2
  exit 1
fi
echo "check-generated: the committed client matches the spec."
