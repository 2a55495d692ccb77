#!/usr/bin/env bash
# buf breaking for the contract: proto/ now against proto/ of the previous commit (or of $BUF_AGAINST_REF),
# then a self-check that a deliberately breaking change is caught. Needs `./mvnw -pl proto generate-sources`
# (google/api protos in proto/target/buf-deps) and proto/node_modules (npm install in proto/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUF="$ROOT/proto/node_modules/.bin/buf"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# a buf module directory holding proto/src/main/proto from git revision $1 (plus today's buf-deps)
module_at() {
  local rev="$1" dir="$work/$1"
  mkdir -p "$dir"
  git -C "$ROOT" archive "$rev" proto/src/main/proto | tar -x -C "$dir"
  mkdir -p "$dir/proto/target"
  cp -r "$ROOT/proto/target/buf-deps" "$dir/proto/target/"
  cp "$ROOT/proto/buf.yaml" "$dir/proto/"
  echo "$dir/proto"
}

against="${BUF_AGAINST_REF:-HEAD~1}"
if git -C "$ROOT" rev-parse --verify -q "$against^{commit}" >/dev/null \
    && git -C "$ROOT" cat-file -e "$against:proto/src/main/proto" 2>/dev/null; then
  echo "buf breaking: proto/ against $against ($(git -C "$ROOT" rev-parse --short "$against"))"
  (cd "$ROOT/proto" && "$BUF" breaking --against "$(module_at "$against")")
  echo "buf breaking: no breaking change"
else
  echo "buf breaking: $against has no proto/ to compare with; skipped"
fi

# Recipe and self-check: renumbering a field is a breaking change and must be reported.
broken="$work/broken"
mkdir -p "$broken"
cp -r "$ROOT/proto/src" "$ROOT/proto/buf.yaml" "$broken/"
mkdir -p "$broken/target" && cp -r "$ROOT/proto/target/buf-deps" "$broken/target/"
sed -i 's/  string name = 2;/  string name = 5;/' "$broken/src/main/proto/faceattend/v1/user.proto"
if (cd "$broken" && "$BUF" breaking --against "$ROOT/proto" >"$work/report.txt" 2>&1); then
  echo "buf breaking self-check FAILED: renumbering User.name was not reported" >&2
  exit 1
fi
echo "buf breaking self-check: a renumbered field is caught:"
sed 's/^/  /' "$work/report.txt" | head -3
