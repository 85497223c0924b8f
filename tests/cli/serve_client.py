"""Shared by the boto3 scripts of the `sfdbg serve` tests: a client for an endpoint and TAP
lines without the plan (the calling .t numbers them)."""
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

results = []


def client(endpoint):
    # StartSyncExecution's and TestState's endpoints have a host prefix (sync-): off for a
    # local endpoint
    return boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="x", aws_secret_access_key="x",
                        config=Config(inject_host_prefix=False, retries={"max_attempts": 1}))


def check(cond, name, detail=""):
    results.append(bool(cond))
    print(("ok" if cond else "not ok") + " - " + name)
    if not cond and detail:
        print("# " + str(detail).replace("\n", "\n# "))


def skip(name):
    """A test the installed client cannot make: the calling .t prints it as a TAP skip."""
    print("skip - " + name)


def missing(client_, operation):
    """The reason to skip when this botocore has no such operation (Debian 12's 1.29 lacks
    the newer ones), or None."""
    if hasattr(client_, operation):
        return None
    import botocore
    return "botocore %s has no %s" % (botocore.__version__, operation)


def in_model(client_, operation, member):
    """Whether this botocore's model has that member in the operation's output (it drops the
    members it does not know from what it returns)."""
    op = client_.meta.service_model.operation_model(operation)
    return member in op.output_shape.members


def error_code(fn, **kw):
    try:
        fn(**kw)
        return None
    except ClientError as e:
        return e.response["Error"]["Code"]


def all_passed():
    return all(results)
