/* Unit tests: engine/chunkvec — push, index, pointers that stay put while the vector
 * grows, truncate to n (and reuse of the kept segments), each, free; the segments it allocates
 * (counted with the allocator hook). */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "alloc_count.h"
#include "chunkvec.h"
#include "tap.h"

typedef struct {
    long id;
    char tag[20];
} item;

static void push_items(chunkvec *v, long from, long to)
{
    for (long i = from; i < to; i++) {
        item *it = chunkvec_push(v);
        it->id = i;
        snprintf(it->tag, sizeof it->tag, "item-%ld", i);
    }
}

/* Every element 0..n-1 reads back what was pushed at its index. */
static bool reads_back(const chunkvec *v, long n)
{
    for (long i = 0; i < n; i++) {
        const item *it = chunkvec_at(v, (size_t)i);
        char want[20];
        snprintf(want, sizeof want, "item-%ld", i);
        if (!it || it->id != i || strcmp(it->tag, want) != 0) {
            tap_diag("element %ld: %s", i, it ? it->tag : "(missing)");
            return false;
        }
    }
    return true;
}

static void test_push_and_index(void)
{
    chunkvec v;
    chunkvec_init(&v, sizeof(item), 4, NULL);
    tap_ok(chunkvec_len(&v) == 0 && !chunkvec_at(&v, 0) && !chunkvec_last(&v),
           "a new vector is empty: no element 0, no last");
    push_items(&v, 0, 1);
    item *first = chunkvec_at(&v, 0);
    push_items(&v, 1, 100000);
    tap_is_int((long long)chunkvec_len(&v), 100000, "100,000 elements pushed");
    tap_ok(reads_back(&v, 100000), "each reads back at its index, across every segment");
    tap_ok(chunkvec_at(&v, 0) == first, "element 0 did not move while the vector grew");
    tap_ok(!chunkvec_at(&v, 100000), "index 100,000 (one past the end) is NULL");
    const item *last = chunkvec_last(&v);
    tap_ok(last && last->id == 99999, "the last element is 99,999");
    /* segments of 4, 8, 16, ...: 100,000 elements take 15 (4 * (2^15 - 1) >= 100,000) */
    tap_is_int((long long)v.nsegments, 15, "the segments double: 15 of them hold 100,000");
    chunkvec_free(&v);
}

static void test_segment_edges(void)
{
    chunkvec v;
    chunkvec_init(&v, sizeof(long), 3, NULL);   /* rounded up to 4 */
    for (long i = 0; i < 64; i++)
        *(long *)chunkvec_push(&v) = i * 10;
    bool ok = true;
    /* 4 | 8 | 16 | 32 | ...: the first and last of each segment */
    static const size_t edges[] = {0, 3, 4, 11, 12, 27, 28, 59, 60, 63};
    for (size_t k = 0; k < sizeof edges / sizeof edges[0]; k++) {
        const long *p = chunkvec_at(&v, edges[k]);
        ok = ok && p && *p == (long)edges[k] * 10;
    }
    tap_ok(ok, "the first and last element of each segment are where they were pushed");
    const char *a = chunkvec_at(&v, 3), *b = chunkvec_at(&v, 4);
    tap_ok(a + sizeof(long) != b, "segments are separate blocks (3 and 4 not adjacent)");
    chunkvec_free(&v);
}

static void test_truncate(void)
{
    chunkvec v;
    chunkvec_init(&v, sizeof(item), 8, NULL);
    push_items(&v, 0, 1000);
    item *at500 = chunkvec_at(&v, 500);
    size_t segments = v.nsegments;
    chunkvec_truncate(&v, 500);
    tap_is_int((long long)chunkvec_len(&v), 500, "truncate to 500 leaves 500");
    tap_ok(!chunkvec_at(&v, 500) && ((item *)chunkvec_last(&v))->id == 499,
           "element 500 is gone; the last is 499");
    tap_ok(reads_back(&v, 500), "the elements kept are untouched");
    chunkvec_truncate(&v, 700);
    tap_is_int((long long)chunkvec_len(&v), 500, "truncate past the end changes nothing");
    item *again = chunkvec_push(&v);
    tap_ok(again == at500, "the next push reuses the slot of the element truncated");
    again->id = 500;
    snprintf(again->tag, sizeof again->tag, "item-500");
    push_items(&v, 501, 1000);
    tap_ok(reads_back(&v, 1000) && v.nsegments == segments,
           "pushed back to 1,000: same contents, no new segment");
    chunkvec_truncate(&v, 0);
    tap_ok(chunkvec_len(&v) == 0 && !chunkvec_last(&v), "truncate to 0 empties it");
    chunkvec_free(&v);
}

static long each_sum, each_calls;
static void add_id(void *elem)
{
    each_sum += ((item *)elem)->id;
    each_calls++;
}

static void test_each(void)
{
    chunkvec v;
    chunkvec_init(&v, sizeof(item), 2, NULL);
    chunkvec_each(&v, add_id);
    tap_is_int(each_calls, 0, "each over an empty vector calls nothing");
    push_items(&v, 0, 1000);
    chunkvec_truncate(&v, 777);
    chunkvec_each(&v, add_id);
    tap_ok(each_calls == 777 && each_sum == 776L * 777 / 2,
           "each visits the 777 elements kept after a truncate, once each (%ld calls)",
           each_calls);
    chunkvec_free(&v);
}

static void test_free(void)
{
    alloc_count count = {0};
    const engine_allocator hook = {alloc_count_hook, NULL, &count};
    const engine_allocator *previous = engine_alloc_enter(&hook);
    chunkvec v;
    chunkvec_init(&v, sizeof(item), 16, NULL);
    tap_is_int(count.live, 0, "init allocates nothing");
    push_items(&v, 0, 16);
    tap_is_int(count.live, 1, "16 elements: one segment");
    push_items(&v, 16, 17);
    tap_is_int(count.live, 2, "the 17th: a second one (of 32)");
    push_items(&v, 17, 5000);
    long live = count.live;
    chunkvec_free(&v);
    tap_is_int(count.live, 0, "free gives back all %ld segments", live);
    tap_ok(chunkvec_len(&v) == 0 && !chunkvec_at(&v, 0), "a freed vector is empty");
    push_items(&v, 0, 40);
    tap_ok(reads_back(&v, 40), "and can be used again");
    chunkvec_free(&v);
    tap_is_int(count.live, 0, "nothing left behind");
    engine_alloc_leave(previous);
}

int main(void)
{
    test_push_and_index();
    test_segment_edges();
    test_truncate();
    test_each();
    test_free();
    return tap_done();
}
