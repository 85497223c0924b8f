#!/usr/bin/env bash
# The suite sets its own locale: run with the caller's locale at its most hostile (POSIX,
# no UTF-8), the screen still comes through as UTF-8 and patterns that repeat a multibyte
# character still match (lib.sh resets the locale before anything uses it).
export LANG=C LC_ALL=POSIX LC_CTYPE=POSIX LANGUAGE=C
. "$(dirname "$0")/lib.sh"

ok "$([ "$LC_ALL" = C.UTF-8 ] && [ -z "${LC_CTYPE:-}" ] && [ -z "${LANG:-}" ] && echo 0 || echo 1)" \
    "lib.sh replaces the caller's locale with C.UTF-8"
start 120 40 pipeline.asl.json --input file://pipeline.input.json
expect '▶ Shape' "the pane shows UTF-8 marks, not their bytes"
expect '╔1 Graph ─ pipeline\.asl\.json ═{20}' "a repeated multibyte character matches as a character"
done_testing
