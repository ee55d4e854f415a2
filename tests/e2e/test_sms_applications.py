"""An application for social services made entirely by SMS, with numbers and short answers."""

from __future__ import annotations

import re

from devtools.stack import Stack
from tests.e2e.twilio_webhooks import Texter, query

PHONE = "+46702220001"  # no other test's number or person
PNR = "194703122343"


def test_transport_service_by_sms_from_the_menu_to_a_received_application(stack: Stack):
    """The sender's number counts as verified on SMS: after the review only the personnummer is asked."""
    texter = Texter(stack, PHONE)
    assert "3 för Söka stöd från kommunen" in " ".join(texter.send("hej"))
    assert "3 för Färdtjänst" in " ".join(texter.send("3"))
    assert "Svara 1 för Ja, 2 för Nej." in " ".join(texter.send("3"))  # what it is, and the consent
    for answer, next_question in [
        ("1", "Vilken sjukdom eller funktionsnedsättning"),  # consent given
        ("svårt att gå", "Vad är svårt när du åker buss eller tåg?"),
        ("1, 2", "Berätta mer om hur det påverkar dina resor"),  # walk to the stop, get on and off
        ("1", "mer än tre månader"),  # 1 for Hoppa över
        ("1", "Vilka hjälpmedel"),  # yes, longer than three months
        ("2", "Du har valt: Rollator"),
        ("6", "Behöver du ha någon med dig"),  # 6 for Klar
        ("2", "Här är dina svar. Stämmer de?"),  # no companion
    ]:
        replies = " ".join(texter.send(answer))
        assert next_question in replies, (answer, replies)
    assert "Svårt att: Gå till hållplatsen, Gå på och av" in replies
    assert "personnummer" in " ".join(texter.send("0"))  # "Svara SKICKA eller 0"
    done = " ".join(texter.send(PNR))
    reference = re.search(r"ärendenummer är (FT-[\w-]+)", done)
    assert reference, done

    stored = query(
        stack,
        "SELECT service, status, language FROM applications WHERE reference = :r",
        r=reference.group(1),
    )
    assert stored == [("transport_service", "received", "sv")]
    [(receipt,)] = query(stack, 'SELECT body FROM sms_outbox WHERE "to" = :to', to=PHONE)
    assert reference.group(1) in receipt
