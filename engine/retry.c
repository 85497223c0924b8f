/* retry — Retry/Catch selection and backoff. */
#include "retry.h"

#include <math.h>
#include <string.h>

static bool retry_one_matches(const char *pattern, const char *error)
{
    if (!strcmp(error, "States.Runtime"))
        return false;
    /* States.ALL catches States.DataLimitExceeded too (recorded on AWS, although the
     * documentation says otherwise) */
    if (!strcmp(pattern, "States.ALL"))
        return true;
    if (!strcmp(pattern, "States.TaskFailed") && strcmp(error, "States.Timeout") != 0)
        return true;
    return !strcmp(pattern, error);
}

bool retry_error_matches(const char *const *errors, size_t n, const char *error)
{
    for (size_t i = 0; i < n; i++)
        if (retry_one_matches(errors[i], error ? error : ""))
            return true;
    return false;
}

/* `also` is matched by its exact name only: States.TaskFailed, which matches anything but a
 * timeout, must not take a missed heartbeat through it. */
static bool retry_matches_either(const char *const *errors, size_t n, const char *error,
                                 const char *also)
{
    if (retry_error_matches(errors, n, error))
        return true;
    for (size_t i = 0; also && i < n; i++)
        if (!strcmp(errors[i], also))
            return true;
    return false;
}

long retry_find_retrier(const asl_state *s, const char *error, const char *also)
{
    for (size_t i = 0; i < s->nretriers; i++)
        if (retry_matches_either(s->retriers[i].errors, s->retriers[i].nerrors, error, also))
            return (long)i;
    return -1;
}

long retry_find_catcher(const asl_state *s, const char *error, const char *also)
{
    for (size_t i = 0; i < s->ncatchers; i++)
        if (retry_matches_either(s->catchers[i].errors, s->catchers[i].nerrors, error, also))
            return (long)i;
    return -1;
}

int64_t retry_delay_ms(const asl_retrier *r, long retry, rng *random)
{
    double secs = r->interval_seconds * pow(r->backoff_rate, (double)(retry > 0 ? retry - 1 : 0));
    if (r->max_delay_seconds > 0 && secs > (double)r->max_delay_seconds)
        secs = (double)r->max_delay_seconds;
    if (!isfinite(secs) || secs > 1e11)
        secs = 1e11; /* bounded: a backoff that overflows still waits a finite (huge) time */
    if (r->jitter_full && random)
        secs *= rng_double(random);
    return (int64_t)llround(secs * 1000.0);
}
