/* The breakpoint file across runs (ui/bppersist): saved and loaded back with the --break
 * states added once; a file that is not a breakpoint file is moved aside and then saved
 * over safely; one that cannot be read is never written and the save says why; so do a
 * missing config folder and a missing writer; --no-persist touches nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "ui/bppersist.h"

static char dir[] = "/tmp/sfdbg-bppersist-test-XXXXXX";

static debugger_config config(void)
{
    static const char *const breaks[] = {"Start"};
    debugger_config c;
    memset(&c, 0, sizeof c);
    c.workflow_path = "/nonexistent/flow.asl.json";
    c.breaks = breaks;
    c.nbreaks = 1;
    c.write_file = tap_write_file;
    return c;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void test_round_trip(void)
{
    debugger_config c = config();
    bp_persist p = {0};
    bp_store b;
    bp_init(&b);
    char msg[1024], err[128];
    tap_ok(bpp_load(&p, &b, &c, msg, sizeof msg), "no file yet: loads as empty (%s)", msg);
    tap_ok(p.enabled && !strncmp(p.file, dir, strlen(dir)), "the file is in the config folder");
    tap_is_int((long long)b.n, 1, "the --break state is added");
    bp_add(&b, BP_ERROR, NULL, NULL, err, sizeof err);
    tap_ok(bpp_save(&p, &b, &c) == NULL && p.unsaved[0] == '\0', "saved");
    bp_cleanup(&b);

    bp_persist q = {0};
    bp_init(&b);
    tap_ok(bpp_load(&q, &b, &c, msg, sizeof msg), "loaded back");
    tap_is_int((long long)b.n, 2, "both breakpoints, the --break state not twice");
    bp_cleanup(&b);
}

static void test_not_a_breakpoint_file(void)
{
    debugger_config c = config();
    bp_persist p = {0};
    bp_store b;
    bp_init(&b);
    char msg[1024], aside[4200];
    bp_file_for(c.workflow_path, p.file, sizeof p.file);
    tap_write_file(p.file, "not json", 8, msg, sizeof msg);
    tap_ok(!bpp_load(&p, &b, &c, msg, sizeof msg), "a file that is not one does not load");
    snprintf(aside, sizeof aside, "%s.corrupt", p.file);
    tap_ok(strstr(msg, "their file is kept as ") && strstr(msg, aside), "the message names where it went");
    tap_ok(exists(aside), "what it held is kept aside");
    tap_ok(bpp_save(&p, &b, &c) == NULL && exists(p.file), "and the next save writes a new file");
    bp_cleanup(&b);
}

static void test_unreadable(void)
{
    debugger_config c = config();
    bp_persist p = {0};
    bp_store b;
    bp_init(&b);
    char msg[1024];
    bp_file_for(c.workflow_path, p.file, sizeof p.file);
    unlink(p.file);
    mkdir(p.file, 0700);
    tap_ok(!bpp_load(&p, &b, &c, msg, sizeof msg) && strstr(msg, "is not saved over"),
           "a folder in the file's place cannot be read (%s)", msg);
    const char *why = bpp_save(&p, &b, &c);
    tap_is_str(why ? why : "(saved)", "the file could not be read and is not written over",
               "it is never written over");
    tap_is_str(p.unsaved, why ? why : "", "the failure stays flagged");
    rmdir(p.file);
    bp_cleanup(&b);
}

static void test_no_folder_no_writer(void)
{
    debugger_config c = config();
    bp_persist p = {0};
    bp_store b;
    bp_init(&b);
    char msg[1024];
    c.write_file = NULL;
    bpp_load(&p, &b, &c, msg, sizeof msg);
    const char *why = bpp_save(&p, &b, &c);
    tap_is_str(why ? why : "(saved)", "no file writer (an embedding without one)", "no writer: said so");

    char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME");
    c = config();
    bp_persist q = {0};
    tap_ok(bpp_load(&q, &b, &c, msg, sizeof msg) && !q.enabled, "no config folder: nothing to load");
    why = bpp_save(&q, &b, &c);
    tap_is_str(why ? why : "(saved)", "no config folder: set XDG_CONFIG_HOME or HOME", "and the save says why");
    setenv("XDG_CONFIG_HOME", dir, 1);
    if (home)
        setenv("HOME", home, 1);
    free(home);

    c.no_persist = true;
    bp_persist r = {0};
    tap_ok(bpp_load(&r, &b, &c, msg, sizeof msg) && !r.enabled, "--no-persist: no file");
    tap_ok(bpp_save(&r, &b, &c) == NULL && !r.unsaved[0], "and nothing to report on a save");
    bp_cleanup(&b);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        tap_ok(false, "a scratch folder");
        return tap_done();
    }
    setenv("XDG_CONFIG_HOME", dir, 1);
    test_round_trip();
    test_not_a_breakpoint_file();
    test_unreadable();
    test_no_folder_no_writer();
    char rm[300];
    snprintf(rm, sizeof rm, "rm -rf %s", dir);
    if (system(rm) != 0)
        tap_diag("could not remove %s", dir);
    return tap_done();
}
