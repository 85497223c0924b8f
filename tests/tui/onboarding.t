#!/usr/bin/env bash
# The user-onboarding fixture (JSONata + variables, issue 12's acceptance) in the debugger: each
# state's Assign shown in the Vars tab as it happens, the Choice's Condition taking the referral
# path, and the end with every variable in the output.
. "$(dirname "$0")/lib.sh"

F=$ROOT/fixtures/user-onboarding
start 160 45 "$F/user-onboarding.asl.json" --input "file://$F/input.json" \
    --mock-config "$F/mocks.json" --test-case WithReferral --start-time 2025-10-20T10:30:05Z
expect_status 'PAUSED +at Capture User' "opens at the first state"
cmd 'tab Vars'
expect '\(no variables in scope\)' "no variables yet"
keys n
expect_status 'PAUSED +at Save User Details' "n: Capture User ran"
expect '= \$user +\{ 6 keys' "its Assign set \$user (new)"
expect 'set by this state.s Assign \(new\)' "a new variable"
keys n
expect_status 'PAUSED +at Send User Onboarded Event' "n: the profile is stored"
expect '\$user +\{ 6 keys.*in scope when it ran' "Save User Details read \$user"
keys n
expect_status 'PAUSED +at Has Referral Code' "n: the event is queued"
expect '= \$messageId +"7c0e3a52-4d51-4b6a-9f0e-2a1d9c6b8e41"' "its Assign kept the MessageId"
keys n
expect_status 'PAUSED +at Process Referral' "n: the Condition took the referral path"
expect '= \$path +"referral"' "the matched rule's Assign"
keys n
expect_status '^ SUCCEEDED ' "n: the referral is processed: SUCCEEDED"
cmd 'tab Output'
expect 'path: "referral"' "the output reads the variables"
expect 'messageId: "7c0e3a52' "all of them"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
