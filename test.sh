#!/usr/bin/env bash
# Sets up what is missing, builds, and runs the whole test suite; ends with one summary line
# "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
dotnet build LossBench.sln -c Release --nologo -v quiet -clp:ErrorsOnly
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test LossBench.sln -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?
# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ...").
summary=$(grep -E "^(Passed|Failed)! +- Failed: " "$log" | awk -F'[:,]' '{f+=$2; p+=$4; s+=$6} END {printf "%d passed, %d failed, %d skipped", p, f, s}')
echo "tests: ${summary:-0 passed, 0 failed, 0 skipped}"
exit $status
