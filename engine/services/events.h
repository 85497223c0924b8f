/*
 * events — the EventBridge Task integrations answered from the embedded event buses
 * (msg_store.h, the services state file's "events" section: {"BUS-NAME": [event, ...]},
 * an event {"EventId"?, "Source", "DetailType", "Detail" (JSON object text), "Resources"?,
 * "Time"?, "TaskToken"?}):
 *  - optimized arn:aws:states:::events:putEvents and putEvents.waitForTaskToken: the
 *    result {Entries: [{EventId}], FailedEntryCount: 0} (no metadata, as recorded); when an
 *    entry fails the task fails with EventBridge.FailedEntry and the whole answer as its
 *    cause ({"Entries":[...],"FailedEntryCount":N}); the entries that succeeded are put;
 *    for .waitForTaskToken the stored events carry the task's token and the task waits;
 *  - arn:aws:states:::aws-sdk:eventbridge:putEvents: the same answer, failed entries
 *    included, as a result (the SDK does not throw for them).
 * An entry's bus is EventBusName (a name or an event-bus ARN), "default" without one. The
 * "default" bus always exists; other buses exist when the section names them (or, without a
 * section, once used). Entry errors: InvalidArgument (a missing or invalid Source,
 * DetailType, Detail, Resources or Time), MalformedDetail (Detail not a JSON object),
 * ResourceNotFoundException (no such bus). Errors of the whole call: EventBridge.
 * AmazonEventBridgeException (optimized) / EventBridge.EventBridgeException (aws-sdk) with
 * a ValidationException cause (no Entries, more than 10, over 256 KiB in all).
 *
 * The store is borrowed and must outlive the executions that use it.
 */
#ifndef SFDBG_SERVICES_EVENTS_H
#define SFDBG_SERVICES_EVENTS_H

#include "services/msg_store.h"
#include "task.h"

/* The store spec of the "events" section (its event fields). */
const msg_spec *events_spec(void);

/* task_resolve_fn; user is the msg_store * made with events_spec(). */
task_answer_kind events_service_resolve(void *user, const task_call *call, task_answer *out);

#endif
