/*
 * sns — the SNS Task integrations answered from the embedded topics (msg_store.h, the
 * services state file's "sns" section: {"TOPIC-NAME": [notification, ...]}):
 *  - optimized arn:aws:states:::sns:publish and publish.waitForTaskToken: the result
 *    {MessageId, SequenceNumber?} with SdkHttpMetadata / SdkResponseMetadata as AWS's SDK
 *    v1 fills them (Content-Type text/xml, Content-Length of SNS's XML response); for
 *    .waitForTaskToken the stored notification carries the task's token (TaskToken) and
 *    the task then waits for it;
 *  - arn:aws:states:::aws-sdk:sns:publish (the SDK v2 shape, no metadata).
 * The topic is the last part of TopicArn (or TargetArn). A FIFO topic's name ends in
 * ".fifo": it wants MessageGroupId and MessageDeduplicationId, numbers its notifications
 * (SequenceNumber) and drops a duplicate published within 5 minutes. A Message that is not
 * a string is published as its JSON text (the optimized form); MessageStructure "json"
 * wants a JSON object with a "default" string. Publishing to a phone number is refused.
 *
 * Errors as Step Functions names them: optimized SNS.NotFoundException ("Topic does not
 * exist", status 404, as recorded) and SNS.InvalidParameterException, causes ending
 * "(Service: AmazonSNS; Status Code: N; Error Code: CODE; Request ID: ID; Proxy: null)";
 * aws-sdk Sns.NotFoundException, Sns.InvalidParameterException.
 *
 * The store is borrowed and must outlive the executions that use it.
 */
#ifndef SFDBG_SERVICES_SNS_H
#define SFDBG_SERVICES_SNS_H

#include "services/msg_store.h"
#include "task.h"

/* The store spec of the "sns" section (its notification fields). */
const msg_spec *sns_spec(void);

/* task_resolve_fn; user is the msg_store * made with sns_spec(). */
task_answer_kind sns_service_resolve(void *user, const task_call *call, task_answer *out);

#endif
