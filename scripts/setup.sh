#!/usr/bin/env bash
# Installs the Debian packages sfdbg needs to build and test, when they are missing.
# As root (or with password-less sudo) it runs apt-get itself; otherwise it prints the
# exact command to run and stops with status 1.
set -euo pipefail

# every package the build, `make test`, `make check-asan` and `make fuzz` use; the tools the
# scripts call that are not listed (bash, coreutils, sed, grep, mawk, diffutils, C.UTF-8 in
# libc-bin) are in every Debian system
packages=(
    build-essential pkg-config     # compiler, make, pkg-config
    libncurses-dev                 # the debugger's screen
    libcurl4-openssl-dev           # HTTP tasks
    libmicrohttpd-dev              # sfdbg serve (the Step Functions API)
    libssl-dev                     # States.Hash, tokens
    libpcre2-dev                   # JSONata regular expressions
    perl                           # prove, the test harness; the example handler
    tmux                           # the terminal tests
    procps                         # pgrep: the terminal tests find the debugger's pid
)
# installed when the archive has them (CI runs them): without them `make fuzz` says it
# skipped and `make check-asan` cannot build
optional=(
    clang libclang-rt-dev          # make check-asan, make fuzz (libFuzzer)
    awscli python3-boto3           # the serve tests' clients (tests/cli/serve_*.t skip without)
    curl                           # raw HTTP in the serve and --listen tests (they skip without)
)
if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "sfdbg setup: this is not a Debian-based system; install the equivalents of:" >&2
    echo "  ${packages[*]} ${optional[*]}" >&2
    missing_pc=0
    for m in ncursesw libcurl libmicrohttpd openssl libpcre2-8; do
        pkg-config --exists "$m" 2>/dev/null || { echo "  missing pkg-config module: $m" >&2; missing_pc=1; }
    done
    exit "$missing_pc"
fi

is_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}
# has_candidate PACKAGE: the archive (as of the last apt-get update) has a version of it
has_candidate() {
    local candidate
    candidate=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
    [ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}

missing=()
for p in "${packages[@]}"; do
    is_installed "$p" || missing+=("$p")
done
missing_optional=()
for p in "${optional[@]}"; do
    is_installed "$p" || missing_optional+=("$p")
done

if [ ${#missing[@]} -eq 0 ] && [ ${#missing_optional[@]} -eq 0 ]; then
    exit 0
fi

echo "sfdbg setup: installing missing packages: ${missing[*]} ${missing_optional[*]}"
if [ "$(id -u)" -eq 0 ]; then
    apt_get=(apt-get)
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    apt_get=(sudo apt-get)
elif [ ${#missing[@]} -eq 0 ]; then
    echo "sfdbg setup: without root, not installing ${missing_optional[*]} (make fuzz and make check-asan need them):" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing_optional[*]}" >&2
    exit 0
else
    echo "sfdbg setup: cannot install packages without root. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]} ${missing_optional[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt_get[@]}" update -qq
for p in "${missing_optional[@]}"; do
    if has_candidate "$p"; then
        missing+=("$p")
    else
        echo "sfdbg setup: $p is not in this system's package archive; make fuzz and make check-asan will skip or fail without it" >&2
    fi
done
"${apt_get[@]}" install -y -qq "${missing[@]}" >/dev/null
echo "sfdbg setup: done"
