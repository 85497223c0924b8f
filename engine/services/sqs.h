/*
 * sqs — the SQS Task integrations answered from the embedded queues (msg_store.h, the
 * services state file's "sqs" section: {"QUEUE-NAME": [message, ...]}):
 *  - optimized arn:aws:states:::sqs:sendMessage and sendMessage.waitForTaskToken: the
 *    result {MD5OfMessageAttributes?, MD5OfMessageBody, MessageId, SequenceNumber?} with
 *    SdkHttpMetadata / SdkResponseMetadata as AWS's SDK v1 fills them (Content-Length of
 *    the JSON body); for .waitForTaskToken the stored message carries the task's token
 *    (TaskToken) and the task then waits for it;
 *  - arn:aws:states:::aws-sdk:sqs:sendMessage, receiveMessage, deleteMessage (SDK v2
 *    shapes: Md5OfMessageBody, Md5OfBody, no metadata).
 * The queue is the last segment of QueueUrl. A FIFO queue's name ends in ".fifo": it wants
 * MessageGroupId and MessageDeduplicationId, numbers its messages (SequenceNumber) and
 * drops a duplicate sent within 5 minutes. receiveMessage hides what it returns for the
 * VisibilityTimeout on the virtual clock; deleteMessage takes the latest ReceiptHandle.
 *
 * Errors as Step Functions names them: optimized SQS.QueueDoesNotExistException,
 * SQS.AmazonSQSException (a missing or invalid parameter, the cause ending "(Service:
 * AmazonSQS; Status Code: 400; Error Code: CODE; Request ID: ID; Proxy: null)"),
 * SQS.SdkClientException (a QueueUrl that is no URL); aws-sdk Sqs.QueueDoesNotExistException,
 * Sqs.ReceiptHandleIsInvalidException, Sqs.SqsException, Sqs.SdkClientException.
 *
 * The store is borrowed and must outlive the executions that use it.
 */
#ifndef SFDBG_SERVICES_SQS_H
#define SFDBG_SERVICES_SQS_H

#include "services/msg_store.h"
#include "task.h"

/* The store spec of the "sqs" section (its message fields). */
const msg_spec *sqs_spec(void);

/* task_resolve_fn; user is the msg_store * made with sqs_spec(). */
task_answer_kind sqs_service_resolve(void *user, const task_call *call, task_answer *out);

#endif
