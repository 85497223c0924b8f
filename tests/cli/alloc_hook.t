#!/usr/bin/env bash
# Nothing in the engine may bypass its allocator hook (engine/alloc.h): no engine object
# but alloc.o may call the C heap itself. Checked on the compiled objects, so a macro or
# a header cannot hide a call. BUILD may point at another build (build-asan).
cd "$(dirname "$0")/../.." || exit 1
build=${BUILD:-build}
heap='malloc|calloc|realloc|reallocarray|free|strdup|strndup|asprintf|vasprintf|aligned_alloc|posix_memalign'
. tests/cli/lib.sh
objects=$(engine_objects "$build")
if [ -z "$objects" ]; then
    echo "1..0 # SKIP no engine objects under $build/engine"
    exit 0
fi
for o in $objects; do
    [ "$(basename "$o")" = alloc.o ] && continue
    n=$((n + 1))
    calls=$(symbols_used "$o" "$heap")
    if [ -z "$calls" ]; then
        echo "ok $n - ${o#"$build"/} allocates only through engine/alloc"
    else
        echo "not ok $n - ${o#"$build"/} calls the C heap directly: $calls"
    fi
done
n=$((n + 1))
if nm -u "$build/engine/alloc.o" | grep -qw malloc; then
    echo "ok $n - alloc.o itself is where the C heap is called"
else
    echo "not ok $n - alloc.o does not call malloc: is the check looking at the right objects?"
fi
echo "1..$n"
