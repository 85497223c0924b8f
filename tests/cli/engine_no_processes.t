#!/usr/bin/env bash
# The engine runs no process and opens no socket, and leaves signal dispositions alone:
# a task answer that takes time is a job the program drives (engine/task.h; src/procjob.c).
# Checked on the compiled objects, as alloc_hook.t checks the heap. BUILD may point at
# another build (build-asan).
cd "$(dirname "$0")/../.." || exit 1
build=${BUILD:-build}
banned='fork|vfork|clone|execve|execvp|execv|execl|execlp|posix_spawn|posix_spawnp|pipe|pipe2|socket|connect|bind|accept|accept4|listen|sigaction|signal|sigprocmask|pthread_sigmask|kill|killpg|waitpid|waitid|pidfd_open|poll|ppoll|select|nanosleep|usleep|sleep'
. tests/cli/lib.sh
objects=$(engine_objects "$build")
if [ -z "$objects" ]; then
    echo "1..0 # SKIP no engine objects under $build/engine"
    exit 0
fi
for o in $objects; do
    n=$((n + 1))
    calls=$(symbols_used "$o" "$banned")
    if [ -z "$calls" ]; then
        echo "ok $n - ${o#"$build"/} spawns, signals, waits and connects nothing"
    else
        echo "not ok $n - ${o#"$build"/} calls $calls"
    fi
done
# the check must see such calls where they are: the program's process job
n=$((n + 1))
if nm -u "$build/src/procjob.o" 2>/dev/null | grep -qw fork; then
    echo "ok $n - src/procjob.o is where fork is called"
else
    echo "not ok $n - src/procjob.o does not call fork: is the check looking at the right objects?"
fi
echo "1..$n"
