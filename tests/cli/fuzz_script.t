#!/usr/bin/env bash
# scripts/fuzz.sh (`make fuzz`, run by .ci/run): skips with a reason when clang or libFuzzer
# is missing, and a finding fails it with the saved input where its message says.
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# a folder of fuzz targets: one that crashes on an input starting with "C" (its seed)
mkdir -p "$tmp/src/seeds/fuzz_crash"
cat >"$tmp/src/fuzz_crash.c" <<'C'
#include <stddef.h>
#include <stdlib.h>
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    if (size > 0 && data[0] == 'C')
        abort();
    return 0;
}
C
printf 'C' >"$tmp/src/seeds/fuzz_crash/seed"
fuzz() { FUZZ_SRC="$tmp/src" FUZZ_OUT="$tmp/out" FUZZ_ENGINE=none FUZZ_SECONDS=5 timeout 120 scripts/fuzz.sh; }

# a PATH with every tool the script uses but clang (or with a clang that cannot link libFuzzer)
mkdir -p "$tmp/bin"
for t in bash env dirname basename mkdir printf sed grep head tail cat make pkg-config timeout; do
    p=$(command -v "$t") && ln -s "$p" "$tmp/bin/$t"
done
PATH="$tmp/bin" fuzz >"$tmp/out1" 2>&1
rc=$?
ok "$([ $rc = 0 ] && grep -qF 'make fuzz: skipped: clang is not installed' "$tmp/out1" && echo 0 || echo 1)" \
    "no clang: skipped with the reason, status 0"
[ $rc = 0 ] || sed 's/^/# /' "$tmp/out1" | head -5

printf '#!/bin/sh\necho "clang: error: no libFuzzer here" >&2\nexit 1\n' >"$tmp/bin/clang"
chmod +x "$tmp/bin/clang"
PATH="$tmp/bin" fuzz >"$tmp/out2" 2>&1
rc=$?
ok "$([ $rc = 0 ] && grep -qF 'skipped: clang cannot link libFuzzer' "$tmp/out2" &&
    grep -qF 'no libFuzzer here' "$tmp/out2" && echo 0 || echo 1)" \
    "clang without libFuzzer: skipped with clang's own message, status 0"

# the real thing, when this machine can
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n' >"$tmp/p.c"
if ! command -v clang >/dev/null 2>&1 || ! clang -fsanitize=fuzzer -o "$tmp/p" "$tmp/p.c" 2>/dev/null; then
    skip "a crash fails the run" "clang with libFuzzer is not installed"
    skip "the message names the saved input" "clang with libFuzzer is not installed"
else
    fuzz >"$tmp/out3" 2>&1
    rc=$?
    ok "$([ $rc = 1 ] && echo 0 || echo 1)" "a crash fails the run (status $rc)"
    saved=$(sed -n 's/^make fuzz: fuzz_crash FAILED; the input is saved as //p' "$tmp/out3")
    ok "$([ -n "$saved" ] && [ "$saved" = "$(ls "$tmp/out/findings/fuzz_crash/"crash-*)" ] &&
        [ "$(cat "$saved")" = C ] && echo 0 || echo 1)" "the message names the saved input: ${saved:-none}"
fi
echo "1..$n"
