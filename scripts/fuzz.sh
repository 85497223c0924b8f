#!/usr/bin/env bash
# `make fuzz`: builds every libFuzzer target in tests/fuzz/fuzz_*.c with clang (ASan + UBSan,
# every sanitizer report fatal) and runs each for FUZZ_SECONDS (default 20);
# FUZZ_TARGETS="fuzz_a fuzz_b" picks some. The engine is built once, instrumented, into
# build-fuzz/ by the Makefile.
#
# Without clang or libFuzzer it says so and exits 0 (nothing to run is not a failure).
# A finding (crash, sanitizer report, leak, timeout, out of memory) does not stop the other
# targets; at the end the script exits 1 and names, for each, the input libFuzzer saved
# under build-fuzz/findings/<target>/. Replay one with build/tests/<target> FILE; once
# fixed, copy it into tests/fuzz/regressions/<target>/ so `make test` keeps replaying it.
#
# tests/cli/fuzz_script.t fuzzes targets of its own through FUZZ_SRC (the folder with
# fuzz_*.c and seeds/, default tests/fuzz), FUZZ_OUT (default build-fuzz) and
# FUZZ_ENGINE=none (its targets do not link the engine).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-20}
src=${FUZZ_SRC:-tests/fuzz}
out=${FUZZ_OUT:-build-fuzz}
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
pkgs="openssl libpcre2-8"

say() { echo "make fuzz: $*"; }

# can_fuzz: 0 when clang is here and links a libFuzzer program; otherwise says why not
can_fuzz() {
    if ! command -v clang >/dev/null 2>&1; then
        say "skipped: clang is not installed (scripts/setup.sh installs it: apt-get install clang)"
        return 1
    fi
    mkdir -p "$out"
    printf '%s\n' '#include <stddef.h>' \
        'int LLVMFuzzerTestOneInput(const unsigned char *d, size_t n) { (void)d; (void)n; return 0; }' \
        >"$out/probe.c"
    if ! clang -fsanitize=fuzzer -o "$out/probe" "$out/probe.c" >"$out/probe.log" 2>&1; then
        say "skipped: clang cannot link libFuzzer programs (apt-get install libclang-rt-dev):"
        sed 's/^/    /' "$out/probe.log" | head -3
        return 1
    fi
}

# engine_link: what a target links; builds the instrumented engine library first
engine_link() {
    [ "${FUZZ_ENGINE:-}" = none ] && return 0
    make --no-print-directory -j2 BUILD="$out" CC=clang \
        OPT="-O1 -g -fsanitize=fuzzer-no-link $sanitize" "$out/libsfdbg-engine.a" >"$out/engine.log" 2>&1 ||
        { cat "$out/engine.log" >&2; say "the instrumented engine did not build"; return 1; }
    # shellcheck disable=SC2086
    echo "$out/libsfdbg-engine.a $(pkg-config --libs $pkgs) -lm"
}

# fuzz_one NAME LINK: builds and runs one target; 1 when it found something (and says where)
fuzz_one() {
    local name=$1 link=$2 findings="$out/findings/$1" log="$out/$1.log" seeds=()
    [ -d "$src/seeds/$name" ] && seeds=("$src/seeds/$name")
    mkdir -p "$out/$name.corpus" "$findings"
    # shellcheck disable=SC2046,SC2086
    if ! clang -std=c11 -g -O1 -fsanitize=fuzzer $sanitize -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
        -Iengine -I. -Itests $(pkg-config --cflags $pkgs) -o "$out/$name" "$src/$name.c" $link; then
        say "$name did not build"
        return 1
    fi
    echo "== $name: fuzzing for ${secs}s (log: $log)"
    if "$out/$name" -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$findings/" "$out/$name.corpus" "${seeds[@]}" >"$log" 2>&1; then
        echo "== $name: $(grep -Eo 'Done [0-9]+ runs' "$log" | tail -1 || echo 'done'), nothing found"
        return 0
    fi
    grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -5 | sed 's/^/    /'
    local input
    input=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
    say "$name FAILED; the input is saved as ${input:-(none: see $log)}"
    say "  replay: build/tests/$name ${input:-FILE}; once fixed, copy it into tests/fuzz/regressions/$name/"
    return 1
}

can_fuzz || exit 0
link=$(engine_link)
failed=()
for target in "$src"/fuzz_*.c; do
    [ -e "$target" ] || continue
    name=$(basename "$target" .c)
    if [ -n "${FUZZ_TARGETS:-}" ] && [[ " $FUZZ_TARGETS " != *" $name "* ]]; then
        continue
    fi
    fuzz_one "$name" "$link" || failed+=("$name")
done
if [ ${#failed[@]} -gt 0 ]; then
    say "findings in: ${failed[*]} (inputs under $out/findings/)"
    exit 1
fi
say "every target ran ${secs}s with nothing found"
