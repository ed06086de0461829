#!/usr/bin/env bash
# Checks that a change left every number alone: builds REV (default: main's merge base with HEAD)
# in a temporary worktree, trains bench/same-numbers/matrix.yaml with that build and with the
# working tree's (already built: dotnet build LossBench.sln -c Release), and compares the two
# results folders cell by cell, bit for bit (bench/same-numbers/compare.py). Both run with
# LOSSBENCH_SEEDS_WITHOUT_BUILD=1, so seeds do not depend on a plugin's build (see README, "One
# identity") and any difference is a difference in what the code computes. REV must be 73241c3 or
# later (from 73241c3 up to the variable's introduction, seeds always left the build out).
#
#   bench/same-numbers.sh [REV] [MATRIX]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
rev="${1:-$(git -C "$repo" merge-base main HEAD)}"
matrix="$(realpath "${2:-$here/same-numbers/matrix.yaml}")"
work="$(mktemp -d)"
trap 'git -C "$repo" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

[[ -f "$repo/src/Host/bin/Release/net10.0/lossbench.dll" ]] || { echo "same-numbers.sh: build the working tree first (dotnet build LossBench.sln -c Release)" >&2; exit 2; }
echo "== building $rev in $work/base"
git -C "$repo" worktree add --detach "$work/base" "$rev" >/dev/null
# Reuse this tree's native shim when its sources are the same at REV (a build of the shim takes
# a minute or two); when they differ, REV builds its own, so that a native change is compared too.
if git -C "$repo" diff --quiet "$rev" -- native/; then
  mkdir -p "$work/base/artifacts/native"
  cp "$repo/artifacts/native/liblossbench_torch.so" "$work/base/artifacts/native/"
  touch "$work/base/artifacts/native/liblossbench_torch.so"
else
  echo "== native/ differs from $rev: building its own shim"
fi
(cd "$work/base" && dotnet build LossBench.sln -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null)

name="$(grep -m1 '^name:' "$matrix" | sed 's/^name: *//')"
for side in base head; do
  root="$repo"; [[ "$side" == base ]] && root="$work/base"
  echo "== training with the $side build"
  (cd "$root" && LOSSBENCH_SEEDS_WITHOUT_BUILD=1 /usr/bin/time -f "   $side: %e s wall, %M KB peak" dotnet src/Host/bin/Release/net10.0/lossbench.dll run "$matrix" --out "$work/$side" | tail -1)
done
/usr/bin/python3 "$here/same-numbers/compare.py" "$work/base/$name" "$work/head/$name"
