#!/usr/bin/env bash
# The engine's API is the list in engine/PUBLIC: no file in ui/ or src/ includes any other
# engine header, however the include is spelt ("x.h", "engine/x.h", "../engine/x.h",
# "tasks/x.h", <x.h>), and no file in ui/ includes a src/ header. Includes are resolved as
# the compiler resolves them (the including file's folder, then -Iengine, then -I.). The
# checker is also run on small made-up trees, so it is seen to fail, naming file and header.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

# public_headers ROOT: engine/PUBLIC without comments and blank lines
public_headers() { sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1/engine/PUBLIC"; }

# resolve ROOT FILE FORM PATH: the root-relative file the include names, or nothing
resolve() {
    local root=$1 file=$2 form=$3 path=$4 cand
    local dirs=(engine .)
    [ "$form" = '"' ] && dirs=("$(dirname "$file")" engine .)
    for d in "${dirs[@]}"; do
        cand=$d/$path
        if [ -f "$root/$cand" ]; then
            realpath -m --relative-to="$root" "$root/$cand"
            return
        fi
    done
}

# check ROOT: prints one line per forbidden include; fails when there is one
check() {
    local root=$1 bad=0 file form path target
    local public
    public=$(public_headers "$root")
    while IFS= read -r file; do
        while IFS=$'\t' read -r form path; do
            target=$(resolve "$root" "$file" "$form" "$path")
            local spelt="\"$path\""
            [ "$form" = "<" ] && spelt="<$path>"
            case $target in
            engine/*)
                if ! grep -qxF "${target#engine/}" <<<"$public"; then
                    echo "$file includes internal engine header $target (as $spelt)"
                    bad=1
                fi ;;
            src/*)
                if [ "${file%%/*}" = ui ]; then
                    echo "$file includes program header $target (as $spelt): ui/ must not depend on src/"
                    bad=1
                fi ;;
            esac
        done < <(sed -nE 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*(["<])([^">]+)[">].*/\1\t\2/p' \
                     "$root/$file")
    done < <(cd "$root" && find ui src -name '*.[ch]' 2>/dev/null | sort)
    return $bad
}

# every listed header exists
missing=
for h in $(public_headers .); do [ -f "engine/$h" ] || missing="$missing $h"; done
is "" "$missing" "every header in engine/PUBLIC exists"

out=$(check .)
ok $? "ui/ and src/ include only public engine headers and ui/ no src/ header"
[ -n "$out" ] && echo "$out" | sed 's/^/# /'

# the documented list is the enforced one
documented=$(sed -nE 's/^- `engine\/([^`]+)`.*/\1/p' docs/architecture.md | sort)
is "$(public_headers . | sort)" "$documented" "docs/architecture.md lists exactly the headers in engine/PUBLIC"

# a made-up tree: ROOT with engine/PUBLIC listing pub.h, an internal int.h and tasks/t.h
fake=$tmp/tree
mkdir -p "$fake/engine/tasks" "$fake/ui" "$fake/src"
printf '# comment\npub.h\n' >"$fake/engine/PUBLIC"
touch "$fake/engine/pub.h" "$fake/engine/int.h" "$fake/engine/tasks/t.h" "$fake/src/opts.h" \
      "$fake/ui/local.h"

# expect_violation FILE TEXT NAME: FILE (under the fake tree) holding TEXT fails the check,
# and the message names the file and the header
expect_violation() {
    local file=$1 text=$2 want=$3 got
    printf '%s\n' "$text" >"$fake/$file"
    got=$(check "$fake")
    local rc=$?
    rm -f "$fake/$file"
    [ $rc -ne 0 ] && grep -qF "$file includes" <<<"$got" && grep -qF "$want" <<<"$got"
    ok $? "caught: $file with '$text' (names $want)"
    [ $rc -ne 0 ] || echo "# check passed; output: $got"
}

printf '#include "pub.h"\n#include "engine/pub.h"\n#include <stdio.h>\n#include "local.h"\n' \
    >"$fake/ui/good.c"
printf '#include "../engine/pub.h"\n#include "../ui/local.h"\n#include "opts.h"\n' >"$fake/src/good.c"
check "$fake" >/dev/null
ok $? "a tree that includes only public headers passes"
expect_violation ui/a.c '#include "int.h"' "engine/int.h"
expect_violation src/a.c '#include "engine/int.h"' "engine/int.h"
expect_violation ui/a.h '#include "../engine/int.h"' "engine/int.h"
expect_violation src/a.c '#include "tasks/t.h"' "engine/tasks/t.h"
expect_violation ui/a.c '  #  include <int.h>' "engine/int.h"
expect_violation ui/a.c '#include "src/opts.h"' "src/opts.h"
expect_violation ui/a.c '#include "../src/opts.h"' "src/opts.h"
rm -f "$fake/ui/good.c" "$fake/src/good.c"

done_testing
