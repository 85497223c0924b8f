// `sfdbg serve` through the JavaScript SDK v3 (@aws-sdk/client-sfn), for serve_js.t:
// create, start, describe, history, StartSyncExecution and TestState (with a mock, the
// newer fields) with disableHostPrefix. Prints TAP lines without a plan ("ok - ...").
// Usage: node serve_js.js NODE_MODULES_PARENT ENDPOINT
const path = require("path");
const sfn = require(path.join(process.argv[2], "node_modules", "@aws-sdk", "client-sfn"));
const client = new sfn.SFNClient({
  endpoint: process.argv[3], region: "us-east-1", disableHostPrefix: true,
  credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1,
});
let failed = 0;
function check(cond, what, got) {
  console.log(`${cond ? "ok" : "not ok"} - ${what}`);
  if (!cond) { failed++; console.log(`# got: ${JSON.stringify(got)}`); }
}
const role = "arn:aws:iam::123456789012:role/sfn";
const send = (Command, input) => client.send(new Command(input));
async function errorName(Command, input) {
  try { await send(Command, input); return "no error"; } catch (e) { return e.name; }
}

async function main() {
  const adder = JSON.stringify({ StartAt: "Add", States: { Add: { Type: "Pass",
    Parameters: { "sum.$": "States.MathAdd($.a, $.b)" }, End: true } } });
  const created = await send(sfn.CreateStateMachineCommand,
    { name: "JsAdder", definition: adder, roleArn: role });
  check(created.stateMachineArn.endsWith(":stateMachine:JsAdder") &&
        created.creationDate instanceof Date, "CreateStateMachine: ARN and a Date", created);
  const started = await send(sfn.StartExecutionCommand,
    { stateMachineArn: created.stateMachineArn, name: "js1", input: '{"a": 2, "b": 3}' });
  check(started.executionArn.endsWith(":execution:JsAdder:js1"), "StartExecution", started);
  let d;
  for (let i = 0; i < 100; i++) {
    d = await send(sfn.DescribeExecutionCommand, { executionArn: started.executionArn });
    if (d.status !== "RUNNING") break;
    await new Promise((r) => setTimeout(r, 20));
  }
  check(d.status === "SUCCEEDED" && JSON.parse(d.output).sum === 5,
        "DescribeExecution: SUCCEEDED with the output", d);
  const h = await send(sfn.GetExecutionHistoryCommand,
    { executionArn: started.executionArn, reverseOrder: true, maxResults: 2 });
  check(h.events.length === 2 && h.events[0].type === "ExecutionSucceeded" && h.nextToken,
        "GetExecutionHistory: reverseOrder, a page of 2 and a nextToken", h);
  check(await errorName(sfn.DescribeExecutionCommand,
          { executionArn: started.executionArn + "x" }) === "ExecutionDoesNotExist",
        "an unknown execution: ExecutionDoesNotExist");

  const express = await send(sfn.CreateStateMachineCommand,
    { name: "JsExpress", definition: adder, roleArn: role, type: "EXPRESS" });
  const sync = await send(sfn.StartSyncExecutionCommand,
    { stateMachineArn: express.stateMachineArn, input: '{"a": 40, "b": 2}' });
  check(sync.status === "SUCCEEDED" && JSON.parse(sync.output).sum === 42,
        "StartSyncExecution with disableHostPrefix", sync);

  const updated = await send(sfn.UpdateStateMachineCommand,
    { stateMachineArn: created.stateMachineArn, roleArn: role + "2" });
  check(updated.updateDate instanceof Date && updated.revisionId, "UpdateStateMachine", updated);
  const v = await send(sfn.ValidateStateMachineDefinitionCommand,
    { definition: '{"StartAt": "X", "States": {}}' });
  check(v.result === "FAIL" && v.diagnostics.length > 0 && v.diagnostics[0].code,
        "ValidateStateMachineDefinition: FAIL with diagnostics", v);

  const task = JSON.stringify({ Type: "Task", Resource: "arn:aws:states:::lambda:invoke",
    Parameters: { FunctionName: "f", "Payload.$": "$" }, ResultSelector: { "p.$": "$.Payload" },
    Retry: [{ ErrorEquals: ["Boom"], MaxAttempts: 1 }], Next: "After" });
  const t = await send(sfn.TestStateCommand, { definition: task, input: '{"k": 1}',
    inspectionLevel: "DEBUG", mock: { result: '{"Payload": {"ok": true}}' } });
  check(t.status === "SUCCEEDED" && t.nextState === "After" &&
        JSON.parse(t.output).p.ok === true && t.inspectionData.afterResultSelector,
        "TestState with a mocked result (disableHostPrefix): SUCCEEDED, inspectionData", t);
  const r = await send(sfn.TestStateCommand, { definition: task, inspectionLevel: "DEBUG",
    mock: { errorOutput: { error: "Boom", cause: "c" } } });
  check(r.status === "RETRIABLE" && r.inspectionData.errorDetails &&
        r.inspectionData.errorDetails.retryIndex === 0,
        "TestState with a mocked error: RETRIABLE, errorDetails.retryIndex", r);
  const p = await send(sfn.TestStateCommand, {
    definition: JSON.stringify({ Type: "Pass", Parameters: { "v.$": "$x" }, End: true }),
    variables: '{"x": "set"}' });
  check(p.status === "SUCCEEDED" && JSON.parse(p.output).v === "set", "TestState variables", p);
}

main().then(() => process.exit(failed ? 1 : 0),
  (e) => { console.log(`not ok - the JavaScript SDK calls: ${e.name}: ${e.message}`);
           process.exit(1); });
