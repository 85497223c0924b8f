/* libFuzzer target: the XML reader of S3's answers (src/xmldoc.h) and what s3_answer builds
 * from a document (src/s3_answer.h). The input is the body of an answer: read as a
 * document (every node walked), then as a ListObjectsV2 result, a ListObjects result and an
 * error answer. Both modules live in src/ and the fuzz build links the engine only, so their
 * sources are compiled into the target here (they need nothing but the engine). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "task.h"
#include "src/s3_answer.c"
#include "src/xmldoc.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t walk(const xmldoc_node *n, int depth)
{
    size_t total = 0;
    for (const xmldoc_node *c = xmldoc_child(n, NULL); c; c = xmldoc_next(c, NULL))
        total += 1 + xmldoc_text_len(c) + strlen(xmldoc_local_name(c)) + walk(c, depth + 1);
    return total;
}

static void as_answer(s3_op op, long status, const char *text, size_t len)
{
    http_response resp = {.fail = HTTP_OK, .status = status};
    strbuf_init(&resp.body, 0);
    strbuf_append(&resp.body, text, len);
    task_answer out;
    task_answer_init(&out);
    s3_answer_of(op, &resp, &out);
    task_answer_cleanup(&out);
    strbuf_cleanup(&resp.body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    char err[256];
    xmldoc *d = xmldoc_parse(text, size, err, sizeof err);
    if (d) {
        volatile size_t n = walk(xmldoc_root(d), 0);
        (void)n;
    }
    xmldoc_free(d);
    as_answer(S3_OP_LIST_V2, 200, text, size);
    as_answer(S3_OP_LIST_V1, 200, text, size);
    as_answer(S3_OP_GET, 404, text, size);
    return 0;
}
