"""Runs last: after every end-to-end conversation, with every process logging at DEBUG, no process has
logged a number or what people wrote."""

from __future__ import annotations

import json

from devtools.stack import Stack

CANARIES = [
    "70111000",  # the digits of the test phone numbers (+4670111000x), in any format
    "ont i halsen",
    "bröstsmärta",
    "sore throat",
    "ta livet av mig",
    "811218",  # the personnummer of the Swedish booking test (19811218-9876), in any format
    "189876",
    "70222000",  # the numbers of the SMS application and English SMS tests (+4670222000x)
    "470312",  # their personnummer (19470312-2343, 19610905-5670)
    "610905",
    "70333000",  # the numbers of the phone booking and application tests (+4670333000x)
    "580214",  # their personnummer (19580214-1233, 19730611-2462)
    "730611",
    "bad hip",  # what the phone application's caller said
]


def test_no_process_logged_phone_numbers_or_message_text(stack: Stack):
    logs = "\n".join(
        (stack.workdir / f"{name}.log").read_text(errors="replace") for name in ("rasa", "actions", "gateway")
    )
    assert logs, "the processes wrote logs"
    assert " DEBUG " in logs, "the processes log at DEBUG"
    # Rasa's structured events are JSON, where å, ä and ö are escaped: look for both spellings.
    found = [canary for canary in CANARIES if canary in logs or json.dumps(canary)[1:-1] in logs]
    assert found == []
