#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS [BUILD_DIR [SCRATCH]]: runs every libFuzzer
# harness of BUILD_DIR (default build-fuzz, made by `make build-fuzz`) for
# SECONDS each, starting from its seed corpus (tests/fuzz/corpus/NAME, read
# only) and its dictionary. New inputs go to a scratch corpus, SCRATCH/NAME:
# by default BUILD_DIR/fuzz-corpus, kept between runs (and used again) and
# never in the repository; a SCRATCH given is emptied first, so a short run
# starts from the seeds alone and takes the time it says. A crash, a failed
# check, a leak or an input that runs past 10 s fails the run, with the input
# saved under tests/artifacts/fuzz/ (replay: BUILD_DIR/tests/fuzz/NAME FILE).
# `make fuzz` runs it with FUZZ_SECONDS (default 60); tests/run.sh for 5 s
# with a scratch corpus of its own.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:?usage: tests/fuzz/run.sh SECONDS [BUILD_DIR [SCRATCH]]}
build=${2:-build-fuzz}
scratch_root=${3:-$build/fuzz-corpus}
[ -n "${3:-}" ] && rm -rf "$scratch_root"
# leaks of system libraries we do not own (tests/lsan.supp), as tests/run.sh
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}"
harnesses=(fuzz_router fuzz_query_cookie fuzz_phone fuzz_user_create fuzz_scim_filter fuzz_media)
mkdir -p tests/artifacts/fuzz
failed=0
for h in "${harnesses[@]}"; do
  bin=$build/tests/fuzz/$h
  [ -x "$bin" ] || { echo "$h: $bin is missing (make build-fuzz)"; exit 1; }
  scratch=$scratch_root/$h
  log=tests/artifacts/fuzz/$h.log
  mkdir -p "$scratch"
  dict=(); [ -f tests/fuzz/$h.dict ] && dict=(-dict=tests/fuzz/$h.dict)
  if "$bin" -max_total_time="$secs" -timeout=10 -print_final_stats=1 "${dict[@]}" \
      -artifact_prefix="tests/artifacts/fuzz/$h-" "$scratch" "tests/fuzz/corpus/$h" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    echo "$h: ${runs:-?} inputs in ${secs} s, ${cov:-cov: ?}, no failure"
  else
    echo "$h: FAILED (log: $log)"
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written|fuzz_[a-z_]+: ' "$log" | head -20 || true
    failed=1
  fi
done
exit $failed
