/*
 * s3dir — the S3 store of --s3-dir DIR (engine/objstore.h): s3://BUCKET/KEY is the file
 * DIR/BUCKET/KEY. A bucket is a folder directly under DIR; a key's "/" make folders.
 *
 * Path safety: a key is walked one segment at a time from DIR's descriptor (openat), so
 * no key can leave DIR: segments "", "." and ".." are refused (OBJSTORE_INVALID_KEY, with
 * a message saying why), and no symbolic link under DIR is followed, not even one that
 * points back inside (O_NOFOLLOW on every segment; a link is reported as refused). DIR
 * itself may be a link. Only regular files are objects; a FIFO or device is refused.
 *
 * Writes go through src/fileio.c's atomic replace (a temporary file in the key's folder,
 * then rename), into the folder the walk opened, so a link swapped in during the write
 * cannot redirect it. Reads are streamed; an object is at most S3DIR_OBJECT_MAX bytes, a
 * listing walks at most S3DIR_LIST_MAX keys. LastModified is the file's mtime and the
 * ETag the MD5 of its bytes (computed when asked).
 *
 * A file has no place for an object's attributes (objstore_attrs: ContentType, Metadata,
 * ...), and no sidecar file is made: they are kept in memory for the store's life, with the
 * file's size and mtime as the put wrote it; a file changed since has none.
 */
#ifndef SFDBG_S3DIR_H
#define SFDBG_S3DIR_H

#include <stddef.h>

#include "objstore.h"

#define S3DIR_OBJECT_MAX (1024ull * 1024 * 1024)   /* 1 GiB a file */
#define S3DIR_LIST_MAX 1000000                     /* keys a bucket may have */

/* The store over dir (which must be a folder), or NULL with a message in err. Free with
 * objstore_free. */
objstore *s3dir_open(const char *dir, char *err, size_t errlen);

#endif
