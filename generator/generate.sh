#!/usr/bin/env bash
# Regenerate the client package from openapi/lead-lists.yaml into $1 (default: the committed package).
# The output is fully determined by the spec, generator/config.yaml, generator/templates/ and the
# pinned openapi-python-client + ruff versions; `make check-generated` relies on that.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/generated_client/amplemarket_lead_lists}"
# Generate into a scratch directory, then copy what the generator owns into place: its ruff
# post-hooks run over the whole output directory, and must never reformat the hand-written
# subpackages (polling/, uploads/, cli/, …) that live beside the generated code.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
openapi-python-client generate \
  --path "$root/openapi/lead-lists.yaml" \
  --config "$root/generator/config.yaml" \
  --custom-template-path "$root/generator/templates" \
  --meta none \
  --output-path "$scratch/package" \
  --overwrite \
  --fail-on-warning >/dev/null
rm -rf "$scratch/package/.ruff_cache"
# The package's front door (__init__.py: every public name) is hand-written; the generator's is dropped.
rm "$scratch/package/__init__.py"
# Every generated Python file says so in its first line.
find "$scratch/package" -name '*.py' -exec sed -i '1i # Generated from openapi/lead-lists.yaml by `make generate`: do not edit.' {} +
# PEP 561 marker, and the spec as JSON so the client validates request bodies against it.
touch "$scratch/package/py.typed"
python -c 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], "w"), indent=1, sort_keys=True); open(sys.argv[2], "a").write("\n")' \
  "$root/openapi/lead-lists.yaml" "$scratch/package/openapi.json"
mkdir -p "$out"
for item in "$scratch/package"/*; do
  rm -rf "${out:?}/$(basename "$item")"
  cp -R "$item" "$out/"
done
