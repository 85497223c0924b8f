#!/usr/bin/env bash
# A JSONata expression that fails when a state runs (issue 12 item 6): the Stages tab shows the
# error and the failing field's expression with the position marked, evaluated again on the
# visit's data; the history has the EvaluationFailed event.
. "$(dirname "$0")/lib.sh"

start 150 42 jsonata-error.asl.json --input '{"qty": 3, "unit": "ten"}'
expect_status 'PAUSED +at Price' "opens"
keys n
expect_status '^ FAILED ' "n: the Output fails"
expect 'States.QueryEvaluationError' "the error"
expect 'expression +Output/total: \$states\.input\.qty ▸\* \$states\.input\.unit —' \
    "the failing expression, marked where it fails"
expect 'T2002: The right side of the "\*" operator must evaluate' "the message goes on below (a long note wraps)"
expect 'EvaluationFailed +Price' "the events pane has EvaluationFailed"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
