/* fileio — bounded reading of user files, safe writing. See fileio.h. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jv.h"

/* Reads f to its end, at most max bytes (0: no limit); NULL with err when it cannot. */
static char *fileio_read_stream(FILE *f, const char *path, size_t max, size_t *len,
                                bool *too_big, char *err, size_t errlen)
{
    size_t cap = 65536, n = 0;
    char *buf = jv_xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            buf = jv_xrealloc(buf, cap);
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (max && n > max) {
            snprintf(err, errlen, "%s: larger than the limit of %zu bytes", path, max);
            if (too_big)
                *too_big = true;
            free(buf);
            return NULL;
        }
        if (r == 0)
            break;
    }
    if (ferror(f)) {
        snprintf(err, errlen, "%s: read error", path);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

char *fileio_read_limited(const char *path, size_t max, size_t *len, bool *too_big, char *err,
                          size_t errlen)
{
    if (too_big)
        *too_big = false;
    if (!strcmp(path, "-"))
        return fileio_read_stream(stdin, path, max, len, too_big, err, errlen);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    char *text = NULL;
    bool have_stat = fstat(fileno(f), &st) == 0;
    if (have_stat && S_ISDIR(st.st_mode))
        snprintf(err, errlen, "%s: is a directory", path);
    else if (have_stat && S_ISREG(st.st_mode) && max && (uintmax_t)st.st_size > max) {
        /* a regular file says its size: refuse it before reading a byte */
        snprintf(err, errlen, "%s: larger than the limit of %zu bytes", path, max);
        if (too_big)
            *too_big = true;
    } else
        text = fileio_read_stream(f, path, max, len, too_big, err, errlen);
    fclose(f);
    return text;
}

char *fileio_read(const char *path, size_t max, size_t *len, char *err, size_t errlen)
{
    return fileio_read_limited(path, max, len, NULL, err, errlen);
}

char *fileio_read_arg(const char *arg, size_t max, size_t *len, bool *too_big, char *err,
                      size_t errlen)
{
    if (strncmp(arg, "file://", 7) == 0)
        return fileio_read_limited(arg + 7, max, len, too_big, err, errlen);
    size_t n = strlen(arg);
    if (too_big)
        *too_big = max && n > max;
    if (max && n > max) {
        snprintf(err, errlen, "argument of %zu bytes is larger than the limit of %zu bytes", n, max);
        return NULL;
    }
    if (len)
        *len = n;
    return jv_xstrdup(arg);
}

/* --- writing ------------------------------------------------------------------------- */

/* Every fileio_write failure goes through here: "cannot write PATH: reason". */
static int fileio_fail(int rc, char *err, size_t errlen, const char *path, const char *reason)
{
    snprintf(err, errlen, "cannot write %s: %s", path, reason);
    return rc;
}

static int fileio_fail_errno(int rc, char *err, size_t errlen, const char *path)
{
    return fileio_fail(rc, err, errlen, path, strerror(rc));
}

/* write(2) until all of text is out; 0 or errno. */
static int fileio_write_all(int fd, const char *text, size_t len)
{
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return w < 0 ? errno : EIO;
        off += (size_t)w;
    }
    return 0;
}

/* The descriptor a path names among the ones sfdbg already has open (/dev/stdin,
 * /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N), or -1. Reopening such a path
 * would start at offset 0 of a redirected file, and following its link would replace that
 * file; writing to the descriptor appends where the shell's redirection stands, as `>&1`
 * would (and a read-only one fails: EBADF). */
static int fileio_own_descriptor(const char *path)
{
    if (!strcmp(path, "/dev/stdin"))
        return STDIN_FILENO;
    if (!strcmp(path, "/dev/stdout"))
        return STDOUT_FILENO;
    if (!strcmp(path, "/dev/stderr"))
        return STDERR_FILENO;
    const char *digits = NULL;
    if (!strncmp(path, "/dev/fd/", 8))
        digits = path + 8;
    else if (!strncmp(path, "/proc/self/fd/", 14))
        digits = path + 14;
    if (!digits || *digits < '0' || *digits > '9')
        return -1;
    char *end;
    long fd = strtol(digits, &end, 10);
    return *end || fd > INT_MAX || fcntl((int)fd, F_GETFD) < 0 ? -1 : (int)fd;
}

static int fileio_write_descriptor(int fd, const char *path, const char *text, size_t len,
                                   char *err, size_t errlen)
{
    fflush(NULL); /* what sfdbg printed before comes first */
    int rc = fileio_write_all(fd, text, len);
    return rc ? fileio_fail_errno(rc, err, errlen, path) : 0;
}

/* A character device or FIFO is written in place: renaming over it would replace
 * /dev/null with a regular file, or a FIFO nobody then reads. O_NONBLOCK makes opening a
 * FIFO without a reader fail (ENXIO) instead of hanging; it is cleared for the writes. */
static int fileio_write_special(const char *path, const char *text, size_t len, char *err,
                                size_t errlen)
{
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        int rc = errno;
        return rc == ENXIO ? fileio_fail(rc, err, errlen, path, "no process is reading this FIFO")
                           : fileio_fail_errno(rc, err, errlen, path);
    }
    int flags = fcntl(fd, F_GETFL);
    int rc = flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ? errno : 0;
    if (!rc)
        rc = fileio_write_all(fd, text, len);
    if (close(fd) && !rc)
        rc = errno;
    return rc ? fileio_fail_errno(rc, err, errlen, path) : 0;
}

/* Creates DIR/.BASE.XXXXXXXXXXXXXXXX with a random suffix, mode 0600, refusing anything
 * that already exists there (a planted symbolic link included); the fd, or -1 with errno.
 * tmp receives the name. */
static int fileio_create_temp(const char *dir, const char *base, char *tmp, size_t tmplen)
{
    for (int attempt = 0; attempt < 16; attempt++) {
        uint64_t r;
        if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
            return -1;
        int n = snprintf(tmp, tmplen, "%s/.%s.%016" PRIx64, dir, base, r);
        if (n < 0 || (size_t)n >= tmplen) {
            errno = ENAMETOOLONG;
            return -1;
        }
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

/* fsync of the folder, so that the rename itself survives a crash. */
static int fileio_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    int rc = fsync(fd) ? errno : 0;
    close(fd);
    return rc;
}

/* Fills the temporary file: the text, the mode of the file it replaces (0600 for a new
 * one: history and results carry payloads and task tokens), fsync; 0 or errno. */
static int fileio_fill_temp(int fd, const char *text, size_t len, const struct stat *old)
{
    int rc = fileio_write_all(fd, text, len);
    if (!rc && old && fchmod(fd, old->st_mode & 0777))
        rc = errno;
    if (!rc && fsync(fd))
        rc = errno;
    if (close(fd) && !rc)
        rc = errno;
    return rc;
}

/* Temp file in target's folder + rename over target + fsync of the folder. target is the
 * real file (symbolic links resolved); old is its stat, NULL when it does not exist. */
static int fileio_replace(const char *path, const char *target, const struct stat *old,
                          const char *text, size_t len, char *err, size_t errlen)
{
    char *copy = jv_xstrdup(target);
    char *slash = strrchr(copy, '/');
    const char *base = slash ? slash + 1 : copy;
    const char *dir = !slash ? "." : slash == copy ? "/" : copy;
    if (slash)
        *slash = '\0';
    size_t tmplen = strlen(target) + 32;
    char *tmp = jv_xmalloc(tmplen);
    int rc = 0;
    int fd = fileio_create_temp(dir, base, tmp, tmplen);
    if (fd < 0) {
        rc = errno;
        char reason[512];
        snprintf(reason, sizeof reason, "cannot create a file in the folder %s: %s", dir,
                 strerror(rc));
        fileio_fail(rc, err, errlen, path, reason);
    } else {
        rc = fileio_fill_temp(fd, text, len, old);
        if (!rc && rename(tmp, target))
            rc = errno;
        if (rc)
            unlink(tmp);
        else
            rc = fileio_sync_dir(dir);
        if (rc)
            fileio_fail_errno(rc, err, errlen, path);
    }
    free(tmp);
    free(copy);
    return rc;
}

/* A symbolic link at path is followed: the file it names is replaced and the link kept,
 * as an editor saving through it would (a link into a dotfiles folder keeps working). */
static int fileio_write_regular(const char *path, const struct stat *st, const char *text,
                                size_t len, char *err, size_t errlen)
{
    struct stat lst;
    if (!st || lstat(path, &lst) || !S_ISLNK(lst.st_mode))
        return fileio_replace(path, path, st, text, len, err, errlen);
    char *target = realpath(path, NULL);
    if (!target)
        return fileio_fail_errno(errno, err, errlen, path);
    int rc = fileio_replace(path, target, st, text, len, err, errlen);
    free(target);
    return rc;
}

int fileio_write(const char *path, const char *text, size_t len, char *err, size_t errlen)
{
    int own = fileio_own_descriptor(path);
    if (own >= 0)
        return fileio_write_descriptor(own, path, text, len, err, errlen);
    struct stat st;
    if (stat(path, &st)) {
        struct stat lst;
        if (errno != ENOENT)
            return fileio_fail_errno(errno, err, errlen, path);
        if (!lstat(path, &lst))
            return fileio_fail(ENOENT, err, errlen, path,
                               "a symbolic link to a file that does not exist");
        return fileio_write_regular(path, NULL, text, len, err, errlen);
    }
    if (S_ISREG(st.st_mode))
        return fileio_write_regular(path, &st, text, len, err, errlen);
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
        return fileio_write_special(path, text, len, err, errlen);
    if (S_ISDIR(st.st_mode))
        return fileio_fail(EISDIR, err, errlen, path, "is a directory");
    return fileio_fail(EINVAL, err, errlen, path,
                       "not a regular file, character device or FIFO");
}
