#!/usr/bin/env bash
# Sets up what is missing, builds, and runs LossBench's default job on the embedded data.
# Extra arguments go to `lossbench run` (for example: ./run.sh --force, ./run.sh --filter loss=cross-entropy).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
dotnet build src/Host/LossBench.Host.csproj -c Release --nologo -v quiet -clp:ErrorsOnly
exec dotnet src/Host/bin/Release/net10.0/lossbench.dll run benchmarks.yaml "$@"
