# Sourced by bench/run.sh, attacks.sh and augmentations.sh (after they define $here, die, $build and
# $inherit_env): the harness executable, its build, and the environment every peer runs in.

bench_exe="$here/LossBench.Bench/bin/Release/net10.0/LossBench.Bench"

# Builds bench/LossBench.Bench unless --no-build was given, then gives every peer the OpenBLAS
# kernels the engine runs with (src/Torch/BlasKernels.cs), so that all of them multiply matrices
# with the same code. OPENBLAS_CORETYPE set by the caller wins. This holds with --inherit-env too:
# the LossBench peer makes the same choice on its own whenever the variable is unset, so leaving it
# unset would give PyTorch other kernels.
prepare_harness() {
  command -v dotnet >/dev/null || die "dotnet is not on PATH (the .NET 10 SDK is needed to build bench/LossBench.Bench)"
  if [[ "$build" -eq 1 ]]; then
    echo "== building bench/LossBench.Bench (Release)"
    dotnet build "$here/LossBench.Bench/LossBench.Bench.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
  fi
  [[ -x "$bench_exe" ]] || die "$bench_exe is missing: build it (drop --no-build)"
  if [[ -z "${OPENBLAS_CORETYPE-}" ]]; then
    local kernels
    kernels="$("$bench_exe" blas-kernels)"
    if [[ -n "$kernels" ]]; then export OPENBLAS_CORETYPE="$kernels"; fi
  fi
}

# Sets the array env_vars to the pinned environment for N threads (bench/run.sh --help says why
# each variable is set), or to nothing with --inherit-env.
pinned_env() { # threads
  env_vars=()
  [[ "$inherit_env" -eq 1 ]] || env_vars=(OMP_NUM_THREADS="$1" OPENBLAS_NUM_THREADS="$1" OMP_WAIT_POLICY=PASSIVE
                                         OPENBLAS_THREAD_TIMEOUT=16
                                         MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=536870912)
}
