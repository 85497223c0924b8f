/*
 * fileio — reading the files and arguments users hand to sfdbg, always bounded, and
 * writing the files it produces (--history, :history) without harming what is there.
 */
#ifndef SFDBG_FILEIO_H
#define SFDBG_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

/* Reads a whole file (NUL-terminated; caller frees). On failure returns NULL and writes a
 * message naming the file into err: unreadable, or larger than max bytes. */
char *fileio_read(const char *path, size_t max, size_t *len, char *err, size_t errlen);
/* The same; "-" reads standard input, and *too_big (may be NULL) tells the size limit
 * apart from other failures. */
char *fileio_read_limited(const char *path, size_t max, size_t *len, bool *too_big, char *err,
                          size_t errlen);

/* An argument that is either inline text or "file://PATH" (as the aws CLI takes it);
 * *too_big (may be NULL) as for fileio_read_limited. */
char *fileio_read_arg(const char *arg, size_t max, size_t *len, bool *too_big, char *err,
                      size_t errlen);

/* Writes len bytes of text to path; 0 on success, else an errno value and a message in
 * err, "cannot write PATH: reason". By what path names (docs/cli.md, "Files sfdbg writes"):
 *  - a regular file, new or existing, also through a symbolic link: replaced atomically
 *    (a random temporary file in its folder, created O_EXCL|O_NOFOLLOW, fsync, rename,
 *    fsync of the folder); a new file gets mode 0600, a replaced one keeps its mode;
 *  - a character device or a FIFO: written in place (a FIFO must have a reader);
 *  - /dev/stdin, /dev/stdout, /dev/stderr, /dev/fd/N: written to the descriptor sfdbg
 *    has open;
 *  - a directory, anything else, a link to nothing: refused. */
int fileio_write(const char *path, const char *text, size_t len, char *err, size_t errlen);

#endif
