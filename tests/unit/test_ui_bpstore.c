/* No lost data: a breakpoint file that is not one is refused whole with a message naming the
 * field (so nothing in it is silently dropped by the next save), set aside without replacing
 * an older copy; a folder in its place is unreadable, not corrupt; and $EDITOR's temporary
 * file that cannot be written is reported, not handed over empty. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "ui/app.h"
#include "ui/bpstore.h"

static char dir[] = "/tmp/sfdbg-bpstore-test-XXXXXX";

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static bool has(const char *text, const char *part)
{
    if (!strstr(text, part)) {
        tap_diag("'%s' is not in '%s'", part, text);
        return false;
    }
    return true;
}

/* Loading text fails with EINVAL, names the part of the file, and leaves the store empty. */
static void refused(const char *text, const char *part, const char *name)
{
    char path[256], err[512] = "";
    snprintf(path, sizeof path, "%s/bp.json", dir);
    put(path, text);
    bp_store b;
    bp_init(&b);
    int rc = bp_load(&b, path, err, sizeof err);
    tap_ok(rc == EINVAL && has(err, part) && b.n == 0 && b.nwatches == 0, "%s", name);
    bp_cleanup(&b);
}

static void test_shapes(void)
{
    refused("{\"breakpoints\": [", "at 1:", "JSON that does not parse: refused with its position");
    refused("[]", "not a JSON object", "not an object: refused");
    refused("{\"breakpoints\": {}}", "\"breakpoints\": not an array", "breakpoints not an array");
    refused("{\"breakpoints\": [{\"kind\": \"state\", \"target\": \"A\"}, {\"kind\": \"bogus\"}]}",
            "breakpoints[1]: \"kind\"", "an unknown kind: refused whole (the good entry is not kept alone)");
    refused("{\"breakpoints\": [7]}", "breakpoints[0]: not an object", "an entry that is not an object");
    refused("{\"breakpoints\": [{\"kind\": \"type\"}]}", "breakpoints[0]: \"target\"", "a missing target");
    refused("{\"breakpoints\": [{\"kind\": \"error\", \"condition\": 1}]}", "\"condition\" is not a string",
            "a condition that is not a string");
    refused("{\"breakpoints\": [{\"kind\": \"retry\", \"enabled\": \"no\"}]}", "\"enabled\"",
            "enabled that is not a boolean");
    refused("{\"breakpoints\": [{\"kind\": \"state\", \"target\": \"A\", \"condition\": \"$.[[\"}]}",
            "breakpoints[0]: not a JSONPath", "a condition that does not compile");
    refused("{\"watches\": [\"$.a\", 3]}", "watches[1]", "a watch that is not a string");

    char path[256], err[512] = "";
    snprintf(path, sizeof path, "%s/bp.json", dir);
    put(path, "{\"breakpoints\": [{\"kind\": \"state\", \"target\": \"A\", \"enabled\": false},"
              " {\"kind\": \"error\"}], \"watches\": [\"$.a\"]}");
    bp_store b;
    bp_init(&b);
    tap_is_int(bp_load(&b, path, err, sizeof err), 0, "a good file loads");
    tap_ok(b.n == 2 && !b.items[0].enabled && b.items[1].enabled && b.nwatches == 1,
           "with its breakpoints, their state and its watches");
    bp_cleanup(&b);
}

static void test_folder(void)
{
    char path[256], err[512] = "";
    snprintf(path, sizeof path, "%s/folder.json", dir);
    mkdir(path, 0700);
    bp_store b;
    bp_init(&b);
    int rc = bp_load(&b, path, err, sizeof err);
    tap_is_int(rc, EISDIR, "a folder where the file should be is unreadable, not corrupt");
    tap_ok(has(err, "cannot read it: ") && has(err, strerror(EISDIR)), "and the message says so");
    bp_cleanup(&b);
    rmdir(path);

    /* a file where a folder should be: there is no breakpoint file, nothing to keep */
    char blocker[256];
    snprintf(blocker, sizeof blocker, "%s/blocker", dir);
    put(blocker, "");
    snprintf(path, sizeof path, "%s/blocker/wf.json", dir);
    tap_is_int(bp_load(&b, path, err, sizeof err), 0, "a file under a file loads as missing (empty)");
    unlink(blocker);
}

static void test_set_aside(void)
{
    char path[256], aside[300], first[300], err[512];
    snprintf(path, sizeof path, "%s/wf.json", dir);
    put(path, "not json 1");
    tap_is_int(bp_set_aside(path, aside, sizeof aside), 0, "a corrupt file is set aside");
    snprintf(first, sizeof first, "%s.corrupt", path);
    tap_is_str(aside, first, "as FILE.corrupt");
    char *kept = tap_read_file(first, NULL);
    tap_is_str(kept ? kept : "", "not json 1", "with what it held");
    free(kept);
    tap_ok(access(path, F_OK) != 0, "and the file itself is gone");

    put(path, "not json 2");
    tap_is_int(bp_set_aside(path, aside, sizeof aside), 0, "a second corrupt file is set aside too");
    snprintf(first, sizeof first, "%s.corrupt.1", path);
    tap_is_str(aside, first, "as FILE.corrupt.1: the older copy is not replaced");
    kept = tap_read_file(path, NULL);
    tap_ok(!kept, "nothing is left at FILE");
    free(kept);
    snprintf(first, sizeof first, "%s.corrupt", path);
    kept = tap_read_file(first, NULL);
    tap_is_str(kept ? kept : "", "not json 1", "the first copy still holds its text");
    free(kept);

    bp_store b;
    bp_init(&b);
    bp_add(&b, BP_ERROR, NULL, NULL, err, sizeof err);
    tap_is_int(bp_save(&b, path, "wf.asl.json", tap_write_file), 0, "the next save writes a fresh file");
    bp_cleanup(&b);
    bp_init(&b);
    tap_ok(bp_load(&b, path, err, sizeof err) == 0 && b.n == 1, "that loads");
    bp_cleanup(&b);
}

/* A full TMPDIR, as the process sees it: no file may grow (SIGXFSZ ignored: writes fail). */
static void test_editor_temp_full(void)
{
    char tmp[300], err[600] = "";
    snprintf(tmp, sizeof tmp, "%s/tmp", dir);
    mkdir(tmp, 0700);
    setenv("TMPDIR", tmp, 1);
    struct rlimit old, none;
    getrlimit(RLIMIT_FSIZE, &old);
    none = old;
    none.rlim_cur = 0;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &none);
    char *path = editor_temp_file("{\"a\": 1}\n", err, sizeof err);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    tap_ok(path == NULL, "a temporary file that cannot be written is not handed to $EDITOR");
    tap_ok(has(err, "cannot write the temporary file ") && has(err, tmp) && has(err, " for $EDITOR: ") &&
               has(err, strerror(EFBIG)),
           "the message names the file and the reason");
    char probe[400];
    snprintf(probe, sizeof probe, "rmdir %s 2>/dev/null", tmp);
    tap_is_int(system(probe), 0, "and nothing is left behind in TMPDIR");
    free(path);

    mkdir(tmp, 0700);
    path = editor_temp_file("{\"a\": 1}\n", err, sizeof err);
    char *text = path ? tap_read_file(path, NULL) : NULL;
    tap_is_str(text ? text : "", "{\"a\": 1}\n", "with room, the file holds the text");
    if (path)
        unlink(path);
    free(text);
    free(path);
    rmdir(tmp);

    setenv("TMPDIR", "/nonexistent-sfdbg-dir", 1);
    path = editor_temp_file("{}", err, sizeof err);
    tap_ok(!path && has(err, "cannot create the temporary file /nonexistent-sfdbg-dir/"),
           "a TMPDIR that does not exist is named");
    free(path);
    unsetenv("TMPDIR");
}

int main(void)
{
    if (!mkdtemp(dir)) {
        tap_ok(false, "a scratch folder");
        return tap_done();
    }
    test_shapes();
    test_folder();
    test_set_aside();
    test_editor_temp_full();
    char rm[300];
    snprintf(rm, sizeof rm, "rm -rf %s", dir);
    if (system(rm) != 0)
        tap_diag("could not remove %s", dir);
    return tap_done();
}
