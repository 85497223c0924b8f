/*
 * retry — Retry and Catch as AWS applies them, shared by Task, Parallel and Map:
 * which retrier or catcher an error selects, and how long a retry waits.
 *
 * Matching: an ErrorEquals entry matches its exact (case-sensitive) name; `States.ALL`
 * matches every error but States.Runtime (States.DataLimitExceeded included, as recorded on
 * AWS); `States.TaskFailed` matches every error but States.Timeout and States.Runtime.
 * States.Runtime is never retried or caught.
 */
#ifndef SFDBG_RETRY_H
#define SFDBG_RETRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "definition.h"
#include "rng.h"

bool retry_error_matches(const char *const *errors, size_t n, const char *error);
/* Index of the first retrier / catcher whose ErrorEquals matches error or, when not NULL,
 * names also exactly (a missed heartbeat is reported as States.Timeout, as AWS reports it,
 * and matched by States.HeartbeatTimeout too), or -1. */
long retry_find_retrier(const asl_state *s, const char *error, const char *also);
long retry_find_catcher(const asl_state *s, const char *error, const char *also);
/* The wait before retry number `retry` (1 for the first retry), in milliseconds:
 * IntervalSeconds x BackoffRate^(retry-1), capped by MaxDelaySeconds; FULL jitter draws
 * uniformly from [0, that] with r. */
int64_t retry_delay_ms(const asl_retrier *r, long retry, rng *random);

#endif
