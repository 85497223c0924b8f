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

/* One debugger's view of the file: its config, where it keeps them, its store. */
typedef struct {
    debugger_config c;
    bp_persist p;
    bp_store b;
    char msg[1024];
} fixture;

static void fixture_init(fixture *f)
{
    static const char *const breaks[] = {"Start"};
    memset(f, 0, sizeof *f);
    f->c.workflow_path = "/nonexistent/flow.asl.json";
    f->c.breaks = breaks;
    f->c.nbreaks = 1;
    f->c.write_file = tap_write_file;
    bp_init(&f->b);
    bp_file_for(f->c.workflow_path, f->p.file, sizeof f->p.file);
}

static bool fixture_load(fixture *f)
{
    return bpp_load(&f->p, &f->b, &f->c, f->msg, sizeof f->msg);
}

/* The save's answer, "(saved)" for none. */
static const char *fixture_save(fixture *f)
{
    const char *why = bpp_save(&f->p, &f->b, &f->c);
    return why ? why : "(saved)";
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void test_round_trip(void)
{
    fixture f, g;
    fixture_init(&f);
    char err[128];
    tap_ok(fixture_load(&f), "no file yet: loads as empty (%s)", f.msg);
    tap_ok(f.p.enabled && !strncmp(f.p.file, dir, strlen(dir)), "the file is in the config folder");
    tap_is_int((long long)f.b.n, 1, "the --break state is added");
    bp_add(&f.b, BP_ERROR, NULL, NULL, err, sizeof err);
    tap_is_str(fixture_save(&f), "(saved)", "saved");
    tap_is_str(f.p.unsaved, "", "and not flagged");
    fixture_init(&g);
    tap_ok(fixture_load(&g), "loaded back");
    tap_is_int((long long)g.b.n, 2, "both breakpoints, the --break state not twice");
    bp_cleanup(&f.b);
    bp_cleanup(&g.b);
}

static void test_not_a_breakpoint_file(void)
{
    fixture f;
    fixture_init(&f);
    char aside[4200];
    tap_write_file(f.p.file, "not json", 8, f.msg, sizeof f.msg);
    tap_ok(!fixture_load(&f), "a file that is not one does not load");
    snprintf(aside, sizeof aside, "%s.corrupt", f.p.file);
    tap_ok(strstr(f.msg, "their file is kept as ") && strstr(f.msg, aside),
           "the message names where it went");
    tap_ok(exists(aside), "what it held is kept aside");
    tap_ok(!strcmp(fixture_save(&f), "(saved)") && exists(f.p.file), "and the next save writes a new file");
    bp_cleanup(&f.b);
}

static void test_unreadable(void)
{
    fixture f;
    fixture_init(&f);
    unlink(f.p.file);
    mkdir(f.p.file, 0700);
    tap_ok(!fixture_load(&f) && strstr(f.msg, "is not saved over"),
           "a folder in the file's place cannot be read (%s)", f.msg);
    tap_is_str(fixture_save(&f), "the file could not be read and is not written over",
               "it is never written over");
    tap_is_str(f.p.unsaved, "the file could not be read and is not written over",
               "the failure stays flagged");
    rmdir(f.p.file);
    bp_cleanup(&f.b);
}

static void test_no_writer(void)
{
    fixture f;
    fixture_init(&f);
    f.c.write_file = NULL;
    fixture_load(&f);
    tap_is_str(fixture_save(&f), "no file writer (an embedding without one)", "no writer: said so");
    bp_cleanup(&f.b);
}

static void test_no_folder(void)
{
    char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME");
    fixture f;
    fixture_init(&f);
    tap_ok(fixture_load(&f) && !f.p.enabled, "no config folder: nothing to load");
    tap_is_str(fixture_save(&f), "no config folder: set XDG_CONFIG_HOME or HOME", "and the save says why");
    setenv("XDG_CONFIG_HOME", dir, 1);
    if (home)
        setenv("HOME", home, 1);
    free(home);
    bp_cleanup(&f.b);
}

static void test_no_persist(void)
{
    fixture f;
    fixture_init(&f);
    unlink(f.p.file);
    f.c.no_persist = true;
    tap_ok(fixture_load(&f) && !f.p.enabled, "--no-persist: no file");
    tap_ok(!strcmp(fixture_save(&f), "(saved)") && !f.p.unsaved[0] && !exists(f.p.file),
           "and a save writes nothing and reports nothing");
    bp_cleanup(&f.b);
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
    test_no_writer();
    test_no_folder();
    test_no_persist();
    char rm[300];
    snprintf(rm, sizeof rm, "rm -rf %s", dir);
    if (system(rm) != 0)
        tap_diag("could not remove %s", dir);
    return tap_done();
}
