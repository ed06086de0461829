#!/usr/bin/env bash
# Times `lossbench report` (tables, figures, report.html) over a synthetic results folder of 200 cells
# in the real format (10 losses x 5 seeds x 4 augmentations; tests/Shared/SyntheticResults.cs), written
# by the end-to-end test LargeReportTests. Build first (dotnet build LossBench.sln -c Release).
# Usage: bench/report-time.sh [repeats] [folder]   (defaults: 3, a new temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-3}
root=${2:-$(mktemp -d)}
LOSSBENCH_SYNTHETIC_RESULTS="$root" dotnet test tests/LossBench.EndToEnd.Tests -c Release --no-build \
  --filter "FullyQualifiedName~LargeReportTests" >/dev/null
for _ in $(seq "$repeats"); do
  /usr/bin/time -f "report of 200 cells: %e s wall, %M KB peak" \
    dotnet src/Host/bin/Release/net10.0/lossbench.dll report "$root/synthetic-200" >/dev/null
done
echo "results folder: $root/synthetic-200"
