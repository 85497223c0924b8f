/* Unit tests: the permissions table (src/iam_rules.c) — every rule names AWS's page, which
 * docs/policy.md cites, and its statements fit the table's bounds; the rule found for each
 * pattern of an integration is the one for that pattern. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asl_resource.h"
#include "src/fileio.h"
#include "src/iam_rules.h"
#include "tap.h"

static void test_sources_in_docs(void)
{
    char err[512];
    size_t len;
    char *doc = fileio_read("docs/policy.md", 1 << 20, &len, err, sizeof err);
    if (!tap_ok(doc != NULL, "docs/policy.md is read (%s)", doc ? "" : err))
        return;
    size_t n;
    const iam_rule *rules = iam_rules_all(&n);
    size_t missing = 0;
    for (size_t i = 0; i < n; i++)
        if (!strstr(doc, rules[i].source)) {
            tap_ok(false, "docs/policy.md cites %s (%s:%s)", rules[i].source, rules[i].service,
                   rules[i].action);
            missing++;
        }
    tap_ok(missing == 0, "docs/policy.md cites the page of each of the %zu rules", n);
    const char *extra[] = {IAM_DMAP_SOURCE, IAM_SDK_SOURCE, IAM_EKS_SOURCE,
                           "https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html"};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        tap_ok(strstr(doc, extra[i]) != NULL, "docs/policy.md cites %s", extra[i]);
    free(doc);
}

static void test_rules_well_formed(void)
{
    size_t n;
    const iam_rule *rules = iam_rules_all(&n);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        size_t ns = 0;
        for (; rules[i].statements[ns].actions[0]; ns++) {
            const iam_statement *s = &rules[i].statements[ns];
            for (size_t a = 0; s->actions[a]; a++)
                bad += !strchr(s->actions[a], ':');
            bad += (s->arn == IAM_ARN_FIXED || s->arn == IAM_ARN_EVENTS_RULE) && !s->rule;
        }
        bad += ns == 0 || rules[i].patterns == 0;
    }
    tap_ok(bad == 0, "every rule has statements, patterns, PREFIX:Action names and its ARNs");
}

/* The rule for RESOURCE, and its first action. */
static const char *first_action(const char *resource)
{
    asl_resource_info info;
    asl_resource_parse(resource, &info);
    const iam_rule *r = iam_rule_find(&info);
    return r ? r->statements[0].actions[0] : NULL;
}

static int count_statements(const char *resource)
{
    asl_resource_info info;
    asl_resource_parse(resource, &info);
    const iam_rule *r = iam_rule_find(&info);
    int ns = 0;
    while (r && r->statements[ns].actions[0])
        ns++;
    return ns;
}

static void test_patterns(void)
{
    tap_is_str(first_action("arn:aws:states:::codebuild:startBuild"), "codebuild:StartBuild",
               "codebuild:startBuild");
    tap_ok(count_statements("arn:aws:states:::codebuild:startBuild") == 1 &&
               count_statements("arn:aws:states:::codebuild:startBuild.sync") == 2,
           "codebuild .sync adds the managed rule's statement");
    tap_ok(count_statements("arn:aws:states:::athena:startQueryExecution.sync") == 4,
           "athena .sync: workgroup, S3, Glue and Lake Formation statements");
    tap_is_str(first_action("arn:aws:states:::apigateway:invoke.waitForTaskToken"),
               "execute-api:Invoke", "apigateway:invoke.waitForTaskToken");
    tap_ok(first_action("arn:aws:states:::apigateway:invoke.sync") == NULL,
           "apigateway has no .sync rule");
    tap_ok(first_action("arn:aws:states:::databrew:startJobRun.sync") != NULL &&
               first_action("arn:aws:states:::sagemaker:createProcessingJob") == NULL,
           "databrew has rules, sagemaker:createProcessingJob none yet");
    tap_ok(count_statements("arn:aws:states:::sagemaker:createModel") == 3 &&
               first_action("arn:aws:states:::sagemaker:createEndpoint.sync") == NULL,
           "sagemaker:createModel passes its role; createEndpoint is request-response only");
    tap_ok(count_statements("arn:aws:states:::sagemaker:createTrainingJob") == 3 &&
               count_statements("arn:aws:states:::sagemaker:createTrainingJob.sync") == 4,
           "sagemaker .sync adds the managed rule's statement");
    tap_ok(first_action("arn:aws:states:::sagemaker:createTrainingJob.waitForTaskToken") == NULL,
           "sagemaker has no .waitForTaskToken rule");
    tap_ok(count_statements("arn:aws:states:::emr-serverless:startJobRun") == 2 &&
               count_statements("arn:aws:states:::emr-serverless:startJobRun.sync") == 4,
           "emr-serverless:startJobRun .sync adds the job runs and the managed rule");
    tap_ok(first_action("arn:aws:states:::emr-containers:createVirtualCluster") != NULL &&
               first_action("arn:aws:states:::emr-containers:createVirtualCluster.sync") == NULL,
           "emr-containers:createVirtualCluster is request-response only");
    tap_is_str(first_action("arn:aws:states:::bedrock:invokeModel"), "bedrock:InvokeModel",
               "bedrock:invokeModel");
    tap_ok(count_statements("arn:aws:states:::mediaconvert:createJob.sync") == 4,
           "mediaconvert .sync: create, tagged jobs, the role, the managed rule");
    asl_resource_info info;
    asl_resource_parse("arn:aws:states:::eks:runJob.sync", &info);
    tap_ok(iam_rule_find(&info) == NULL && iam_no_statement(&info) != NULL,
           "eks:runJob: no rule, a reason for no statement");
    asl_resource_parse("arn:aws:states:::eks:createCluster", &info);
    tap_ok(iam_no_statement(&info) == NULL, "eks:createCluster needs statements");
}

int main(void)
{
    test_sources_in_docs();
    test_rules_well_formed();
    test_patterns();
    return tap_done();
}
