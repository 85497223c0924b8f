#!/usr/bin/env bash
# `make fresh-check`: the README's two commands on a machine nobody has touched. Builds a
# fresh Debian 12 (bookworm) root with debootstrap (minbase + build-essential + git, the
# least a new user has), clones this checkout into it (the committed HEAD, not uncommitted
# edits), and runs `make run` then `make test` there as a new user would: an empty
# environment (env -i: no LANG, no LC_*), TERM=xterm, no terminal (so `make run` runs the
# tour headless). Prints how long it took; exits with the first failing command's status.
#
# Needs root; installs debootstrap with apt-get when it is missing. debootstrap is slow, so
# the pristine root is kept as a tarball, FRESH_CACHE (default
# ${TMPDIR:-/tmp}/sfdbg-fresh-bookworm.tar); delete it to start from the archive again.
# Every run unpacks it into a new folder under FRESH_WORK (default ${TMPDIR:-/tmp}) and
# removes it at the end. The mounts the chroot needs (/proc, /dev) are made in a private
# mount namespace, unmounted on every exit, and never seen outside it.
set -euo pipefail
checkout=$(cd "$(dirname "$0")/.." && pwd)
cache=${FRESH_CACHE:-${TMPDIR:-/tmp}/sfdbg-fresh-bookworm.tar}
work=${FRESH_WORK:-${TMPDIR:-/tmp}}
commands=("make run" "make test")

say() { echo "fresh-check: $*"; }

# mirror: the Debian archive this machine's apt already uses (deb822 or one-line sources)
mirror() {
    local m
    m=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1 | cut -d' ' -f1)
    [ -n "$m" ] || m=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
    echo "${m:-http://deb.debian.org/debian}"
}

need_debootstrap() {
    command -v debootstrap >/dev/null 2>&1 && return 0
    say "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null ||
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
}

# make_cache: debootstraps a pristine root once and keeps it as $cache
make_cache() {
    [ -f "$cache" ] && { say "pristine root from $cache"; return 0; }
    need_debootstrap
    local base
    base=$(mktemp -d "$work/sfdbg-debootstrap.XXXXXX")
    say "debootstrap bookworm into $base (log: $base.log; takes minutes)"
    if ! debootstrap --variant=minbase --include=build-essential,git,ca-certificates \
        bookworm "$base" "$(mirror)" >"$base.log" 2>&1; then
        tail -5 "$base.log"
        rm -rf "$base"
        return 1
    fi
    tar -C "$base" -cf "$cache.part" . && mv "$cache.part" "$cache"
    rm -rf "$base" "$base.log"
}

# in_chroot ROOT: (in the private mount namespace) mounts, runs the commands, unmounts
in_chroot() {
    local root=$1 rc=0 c
    # expanded now: the trap runs after this function's locals are gone
    trap "umount -R '$root/dev' 2>/dev/null; umount '$root/proc' 2>/dev/null" EXIT
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --make-rslave "$root/dev"
    for c in "${commands[@]}"; do
        say "== $c"
        chroot "$root" /usr/bin/env -i HOME=/root TERM=xterm \
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            bash -c "cd /root/sfdbg && $c" </dev/null || { rc=$?; say "== failed ($rc): $c"; break; }
    done
    return $rc
}

# remove_root ROOT: deletes the unpacked root, but only once nothing is mounted below it
remove_root() {
    if grep -qF " $1/" /proc/mounts; then
        say "NOT removing $1: something is still mounted below it (see /proc/mounts)"
        return 1
    fi
    rm -rf "$1"
}

main() {
    [ "$(id -u)" -eq 0 ] || { say "needs root (debootstrap, chroot, mount)"; exit 2; }
    local start root rc=0
    start=$(date +%s)
    make_cache
    root=$(mktemp -d "$work/sfdbg-fresh.XXXXXX")
    trap "remove_root '$root'" EXIT
    tar -C "$root" -xf "$cache"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    git clone -q "$checkout" "$root/root/sfdbg"
    say "cloned $(git -C "$checkout" rev-parse --short HEAD) ($(git -C "$checkout" rev-parse --abbrev-ref HEAD)) into $root/root/sfdbg"
    [ -z "$(git -C "$checkout" status --porcelain --untracked-files=no)" ] ||
        say "note: uncommitted changes in $checkout are not part of the check"
    unshare --mount --propagation private bash "$0" --in-chroot "$root" || rc=$?
    say "$([ $rc = 0 ] && echo passed || echo "FAILED ($rc)") in $(($(date +%s) - start)) s"
    exit $rc
}

if [ "${1:-}" = --in-chroot ]; then
    in_chroot "$2"
else
    main
fi
