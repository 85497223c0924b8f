#!/usr/bin/env bash
# `sfdbg policy` for EMR on EKS (emr-eks-iam.html), EMR Serverless, MediaConvert and Amazon
# Bedrock (their connect-*.html pages' "IAM policies for calling ..." sections), SageMaker's
# endpoints and models (the AWS CDK's tasks: AWS's page has no template for them) and EKS's
# Kubernetes calls (connect-eks.html#connect-eks-permissions): for each action and pattern,
# the statements of AWS's template, static resources from the parameters, the page's dynamic
# resources (with a warning naming the field) when one is computed; conditions as the page
# writes them.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/policy_lib.sh
R=eu-west-1:111122223333
EV="events:PutTargets,events:PutRule,events:DescribeRule -> $A:events:$R:rule"
ROLE=$A:iam::111122223333:role

# ---- EMR on EKS (emr-eks-iam.html) ----
VC=$A:emr-containers:$R:/virtualclusters
task eks_vc "arn:aws:states:::emr-containers:createVirtualCluster" \
    '{"Name": "vc", "ContainerProvider": {"Id": "k", "Type": "EKS", "Info": {"EksInfo": {"Namespace": "spark"}}}}'
expect_policy eks_vc "emr-containers:CreateVirtualCluster -> *
iam:CreateServiceLinkedRole -> $ROLE/aws-service-role/emr-containers.amazonaws.com/AWSServiceRoleForAmazonEMRContainers"
is '{"StringLike": {"iam:AWSServiceName": "emr-containers.amazonaws.com"}}' \
    "$(condition_of iam:CreateServiceLinkedRole)" "emr-containers:createVirtualCluster: the service-linked role only for EMR on EKS"
task eks_vc_del "arn:aws:states:::emr-containers:deleteVirtualCluster" '{"Id": "vc0123"}'
expect_policy eks_vc_del "emr-containers:DeleteVirtualCluster -> $VC/vc0123"
task eks_vc_del_sync "arn:aws:states:::emr-containers:deleteVirtualCluster.sync" '{"Id.$": "$.VirtualClusterId"}'
expect_policy eks_vc_del_sync "emr-containers:DeleteVirtualCluster,emr-containers:DescribeVirtualCluster -> $VC/*"
grep -qF "state 'T': Parameters.Id.\$ is missing or computed at run time: emr-containers:DeleteVirtualCluster on \"$VC/*\"" "$tmp/err"
ok $? "emr-containers: a computed Id: every virtual cluster, with a warning naming the field"
EXEC_ROLE=$ROLE/job-execution-role
task eks_run_sync "arn:aws:states:::emr-containers:startJobRun.sync" \
    "{\"Name\": \"j\", \"VirtualClusterId\": \"vc0123\", \"ExecutionRoleArn\": \"$EXEC_ROLE\", \"ReleaseLabel\": \"emr-6.2.0-latest\", \"JobDriver\": {}}"
expect_policy eks_run_sync "emr-containers:StartJobRun -> $VC/vc0123
emr-containers:DescribeJobRun,emr-containers:CancelJobRun -> $VC/vc0123/jobruns/*"
is "{\"StringEquals\": {\"emr-containers:ExecutionRoleArn\": \"$EXEC_ROLE\"}}" \
    "$(condition_of emr-containers:StartJobRun)" "emr-containers:startJobRun: only with the state's execution role"
task eks_run "arn:aws:states:::emr-containers:startJobRun" \
    '{"Name": "j", "VirtualClusterId.$": "$.vc", "ExecutionRoleArn.$": "$.role", "ReleaseLabel": "emr-6.2.0-latest", "JobDriver": {}}'
expect_policy eks_run "emr-containers:StartJobRun -> $VC/*"
is none "$(condition_of emr-containers:StartJobRun)" "emr-containers:startJobRun: a computed role: no condition"
grep -qF "state 'T': Parameters.ExecutionRoleArn.\$ is missing or computed at run time: emr-containers:StartJobRun without the condition emr-containers:ExecutionRoleArn" "$tmp/err"
ok $? "emr-containers:startJobRun: the dropped condition is warned about"

# ---- EMR Serverless (connect-emr-serverless.html#emr-serverless-iam) ----
APPS=$A:emr-serverless:$R:/applications
SLR="iam:CreateServiceLinkedRole -> $ROLE/aws-service-role/ops.emr-serverless.amazonaws.com/AWSServiceRoleForAmazonEMRServerless*"
task emrs_create "arn:aws:states:::emr-serverless:createApplication" '{"Name": "a", "ReleaseLabel": "emr-6.9.0", "Type": "SPARK"}'
expect_policy emrs_create "emr-serverless:CreateApplication -> $A:emr-serverless:$R:/*
$SLR"
is '{"StringLike": {"iam:AWSServiceName": "ops.emr-serverless.amazonaws.com"}}' \
    "$(condition_of iam:CreateServiceLinkedRole)" "emr-serverless:createApplication: the service-linked role's condition"
task emrs_create_sync "arn:aws:states:::emr-serverless:createApplication.sync" '{"Name": "a", "ReleaseLabel": "emr-6.9.0", "Type": "SPARK"}'
expect_policy emrs_create_sync "emr-serverless:CreateApplication -> $A:emr-serverless:$R:/*
emr-serverless:GetApplication,emr-serverless:DeleteApplication -> $APPS/*
$EV/StepFunctionsGetEventsForEMRServerlessApplicationRule
$SLR"
task emrs_start "arn:aws:states:::emr-serverless:startApplication" '{"ApplicationId": "00yv7iv71inak893"}'
expect_policy emrs_start "emr-serverless:StartApplication -> $APPS/00yv7iv71inak893"
task emrs_start_sync "arn:aws:states:::emr-serverless:startApplication.sync" '{"ApplicationId": "00yv7iv71inak893"}'
expect_policy emrs_start_sync "emr-serverless:StartApplication,emr-serverless:GetApplication,emr-serverless:StopApplication -> $APPS/00yv7iv71inak893
$EV/StepFunctionsGetEventsForEMRServerlessApplicationRule"
task emrs_stop_sync "arn:aws:states:::emr-serverless:stopApplication.sync" '{"ApplicationId.$": "$.app"}'
expect_policy emrs_stop_sync "emr-serverless:StopApplication,emr-serverless:GetApplication -> $APPS/*
$EV/StepFunctionsGetEventsForEMRServerlessApplicationRule"
task emrs_delete "arn:aws:states:::emr-serverless:deleteApplication" '{"ApplicationId": "00yv7iv71inak893"}'
expect_policy emrs_delete "emr-serverless:DeleteApplication -> $APPS/00yv7iv71inak893"
task emrs_delete_sync "arn:aws:states:::emr-serverless:deleteApplication.sync" '{"ApplicationId": "00yv7iv71inak893"}'
expect_policy emrs_delete_sync "emr-serverless:DeleteApplication,emr-serverless:GetApplication -> $APPS/00yv7iv71inak893
$EV/StepFunctionsGetEventsForEMRServerlessApplicationRule"
task emrs_run_sync "arn:aws:states:::emr-serverless:startJobRun.sync" \
    "{\"ApplicationId\": \"00yv7iv71inak893\", \"ExecutionRoleArn\": \"$ROLE/emrs-exec\", \"JobDriver\": {}}"
expect_policy emrs_run_sync "emr-serverless:StartJobRun -> $APPS/00yv7iv71inak893
iam:PassRole -> $ROLE/emrs-exec
emr-serverless:GetJobRun,emr-serverless:CancelJobRun -> $APPS/00yv7iv71inak893/jobruns/*
$EV/StepFunctionsGetEventsForEMRServerlessJobRule"
is '{"StringEquals": {"iam:PassedToService": "emr-serverless.amazonaws.com"}}' \
    "$(condition_of iam:PassRole)" "emr-serverless:startJobRun: the role passed only to EMR Serverless"
task emrs_run "arn:aws:states:::emr-serverless:startJobRun" \
    '{"ApplicationId.$": "$.app", "ExecutionRoleArn": "emrs-exec", "JobDriver": {}}'
expect_policy emrs_run "emr-serverless:StartJobRun -> $APPS/*
iam:PassRole -> $ROLE/emrs-exec"
task emrs_cancel "arn:aws:states:::emr-serverless:cancelJobRun" '{"ApplicationId": "00yv7iv71inak893", "JobRunId": "00yv7j9kpjlc4s01"}'
expect_policy emrs_cancel "emr-serverless:CancelJobRun -> $APPS/00yv7iv71inak893/jobruns/00yv7j9kpjlc4s01"
printf '%s\n' '{"QueryLanguage": "JSONata", "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::emr-serverless:cancelJobRun.sync",
  "Arguments": {"ApplicationId": "{% $states.input.ApplicationId %}", "JobRunId": "{% $states.input.JobRunId %}"}, "End": true}}}' \
    >"$tmp/emrs_cancel_sync.asl.json"
expect_policy emrs_cancel_sync "emr-serverless:CancelJobRun,emr-serverless:GetJobRun -> $APPS/*
$EV/StepFunctionsGetEventsForEMRServerlessJobRule"
grep -qF "state 'T': Arguments.ApplicationId is missing or computed at run time" "$tmp/err"
ok $? "emr-serverless: a JSONata ApplicationId: the page's dynamic resource, with a warning"

# ---- MediaConvert (connect-mediaconvert.html) ----
MC=$A:mediaconvert:$R
MC_CREATE="mediaconvert:CreateJob -> $MC:queues/* $MC:jobTemplates/* $MC:presets/*"
task mc "arn:aws:states:::mediaconvert:createJob" "{\"Role\": \"$ROLE/MediaConvertRole\", \"Settings\": {}}"
expect_policy mc "$MC_CREATE
iam:PassRole -> $ROLE/MediaConvertRole"
is '{"StringEquals": {"iam:PassedToService": "mediaconvert.amazonaws.com"}}' \
    "$(condition_of iam:PassRole)" "mediaconvert: the role passed only to MediaConvert"
task mc_sync "arn:aws:states:::mediaconvert:createJob.sync" "{\"Role\": \"$ROLE/MediaConvertRole\", \"Settings\": {}}"
expect_policy mc_sync "$MC_CREATE
mediaconvert:GetJob,mediaconvert:CancelJob -> $MC:jobs/*
iam:PassRole -> $ROLE/MediaConvertRole
$EV/StepFunctionsGetEventsForMediaConvertJobRule"
is '{"StringEquals": {"aws:ResourceTag/ManagedByService": "AWSStepFunctions"}}' \
    "$(condition_of mediaconvert:GetJob)" "mediaconvert .sync: only the jobs Step Functions tagged"

# ---- Amazon Bedrock (connect-bedrock.html#bedrock-iam) ----
FM=$A:bedrock:eu-west-1::foundation-model
BR=$A:bedrock:$R
task br_invoke "arn:aws:states:::bedrock:invokeModel" '{"ModelId": "amazon.titan-text-express-v1", "Body": {"inputText": "hi"}}'
expect_policy br_invoke "bedrock:InvokeModel -> $FM/amazon.titan-text-express-v1"
task br_provisioned "arn:aws:states:::bedrock:invokeModel" "{\"ModelId\": \"$BR:provisioned-model/c2oi931ulksx\", \"Body\": {}}"
expect_policy br_provisioned "bedrock:InvokeModel -> $BR:provisioned-model/c2oi931ulksx"
task br_any "arn:aws:states:::bedrock:invokeModel" '{"ModelId.$": "$.model", "Body": {}}'
expect_policy br_any "bedrock:InvokeModel -> $FM/* $BR:provisioned-model/*"
grep -qF "state 'T': Parameters.ModelId.\$ is computed at run time: bedrock:InvokeModel on every foundation and provisioned model" "$tmp/err"
ok $? "bedrock:invokeModel: a computed ModelId: the page's full-access resources, with a warning"
task br_s3 "arn:aws:states:::bedrock:invokeModel" \
    '{"ModelId": "amazon.titan-text-express-v1", "Input": {"S3Uri": "s3://prompts/today.json"}, "Output": {"S3Uri": "s3://answers/today.json"}, "GuardrailIdentifier": "gr0abc", "GuardrailVersion": "1"}'
expect_policy br_s3 "bedrock:InvokeModel -> $FM/amazon.titan-text-express-v1
s3:GetObject -> $A:s3:::prompts/today.json
s3:PutObject -> $A:s3:::answers/today.json
bedrock:ApplyGuardrail -> $BR:guardrail/gr0abc"
task br_s3_dyn "arn:aws:states:::bedrock:invokeModel" '{"ModelId": "amazon.titan-text-express-v1", "Input": {"S3Uri.$": "$.prompt"}}'
expect_policy br_s3_dyn "bedrock:InvokeModel -> $FM/amazon.titan-text-express-v1
s3:GetObject -> $A:s3:::*"
grep -qF "state 'T': Parameters.Input.S3Uri.\$ is computed at run time: s3:GetObject on \"$A:s3:::*\"" "$tmp/err"
ok $? "bedrock:invokeModel: a computed input object: every object, with a warning"
CUSTOM="$BR:custom-model/* $BR:model-customization-job/*"
task br_custom "arn:aws:states:::bedrock:createModelCustomizationJob" \
    "{\"BaseModelIdentifier\": \"amazon.titan-text-express-v1\", \"CustomModelName\": \"m\", \"JobName\": \"j\", \"RoleArn\": \"$ROLE/myRole\", \"TrainingDataConfig\": {}, \"OutputDataConfig\": {}, \"HyperParameters\": {}}"
expect_policy br_custom "bedrock:CreateModelCustomizationJob -> $FM/amazon.titan-text-express-v1 $CUSTOM
iam:PassRole -> $ROLE/myRole"
is none "$(condition_of iam:PassRole)" "bedrock: iam:PassRole as the page writes it (no condition)"
task br_custom_sync "arn:aws:states:::bedrock:createModelCustomizationJob.sync" \
    "{\"BaseModelIdentifier\": \"$BR:custom-model/amazon.titan-text-express-v1:0:8k/abc\", \"CustomModelName\": \"m\", \"JobName\": \"j\", \"RoleArn\": \"$ROLE/myRole\"}"
expect_policy br_custom_sync "bedrock:CreateModelCustomizationJob -> $CUSTOM
bedrock:GetModelCustomizationJob,bedrock:StopModelCustomizationJob -> $BR:model-customization-job/*
iam:PassRole -> $ROLE/myRole"
task br_custom_any "arn:aws:states:::bedrock:createModelCustomizationJob.sync" \
    "{\"BaseModelIdentifier.$\": \"$.base\", \"CustomModelName\": \"m\", \"JobName\": \"j\", \"RoleArn\": \"$ROLE/myRole\"}"
expect_policy br_custom_any "bedrock:CreateModelCustomizationJob -> $FM/* $CUSTOM
bedrock:GetModelCustomizationJob,bedrock:StopModelCustomizationJob -> $BR:model-customization-job/*
iam:PassRole -> $ROLE/myRole"

# ---- SageMaker endpoints and models (the AWS CDK's SageMaker tasks; names in lower case) ----
SM=$A:sagemaker:$R
task sm_endpoint "arn:aws:states:::sagemaker:createEndpoint" '{"EndpointName": "Churn-Endpoint", "EndpointConfigName": "Churn-Config"}'
expect_policy sm_endpoint "sagemaker:CreateEndpoint -> $SM:endpoint/churn-endpoint $SM:endpoint-config/churn-config
sagemaker:ListTags -> *"
task sm_config "arn:aws:states:::sagemaker:createEndpointConfig" '{"EndpointConfigName.$": "$.name", "ProductionVariants": []}'
expect_policy sm_config "sagemaker:CreateEndpointConfig -> $SM:endpoint-config/*
sagemaker:ListTags -> *"
grep -qF "state 'T': Parameters.EndpointConfigName.\$ is missing or computed at run time: sagemaker:CreateEndpointConfig on \"$SM:endpoint-config/*\"" "$tmp/err"
ok $? "sagemaker: a computed name: every endpoint configuration, with a warning"
task sm_model "arn:aws:states:::sagemaker:createModel" "{\"ModelName\": \"Churn\", \"ExecutionRoleArn\": \"$ROLE/sm-exec\", \"PrimaryContainer\": {}}"
expect_policy sm_model "sagemaker:CreateModel -> $SM:model/churn*
sagemaker:ListTags -> *
iam:PassRole -> $ROLE/sm-exec"
is '{"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}' \
    "$(condition_of iam:PassRole)" "sagemaker:createModel: the role passed only to SageMaker"
task sm_update "arn:aws:states:::sagemaker:updateEndpoint" '{"EndpointName": "churn-endpoint", "EndpointConfigName.$": "$.config"}'
expect_policy sm_update "sagemaker:UpdateEndpoint -> $SM:endpoint/churn-endpoint $SM:endpoint-config/*"

# ---- EKS's Kubernetes calls (connect-eks.html#connect-eks-permissions): RBAC, no IAM ----
for api in runJob.sync call; do
    task "eks_${api%.sync}" "arn:aws:states:::eks:$api" \
        '{"ClusterName": "k", "CertificateAuthority": "LS0t", "Endpoint": "https://x.yl4.eu-west-1.eks.amazonaws.com", "Method": "GET", "Path": "/api/v1/pods", "Job": {}}'
    expect_run "eks:$api: no statement, and stderr says why" 0 '"Statement": []' \
        "state 'T': arn:aws:states:::eks:$api: a Kubernetes API call: no IAM statement (the cluster's RBAC authorizes the role" \
        -- policy "$tmp/eks_${api%.sync}.asl.json"
done

done_testing
