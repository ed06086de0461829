#!/usr/bin/env bash
# Installs what LossBench needs to build on Debian 12 and is missing: libtorch (CPU) with its CMake
# config, cmake, a C++ compiler and a threaded OpenBLAS. Runs apt-get as root, or through sudo
# when that needs no password; otherwise prints the exact command to run and stops.
set -euo pipefail

packages=(libtorch-dev cmake g++ libopenblas0-pthread chromium slurmctld slurmd munge slurm-client)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET SDK (10.0 or later) is not on PATH; install it first." >&2
  exit 1
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

install="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
echo "LossBench setup: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  bash -c "$install"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo bash -c "$install"
else
  echo "error: missing packages ${missing[*]}, and this user cannot install them." >&2
  echo "Run this as root, then run this command again:" >&2
  echo "  sudo sh -c '$install'" >&2
  exit 1
fi
