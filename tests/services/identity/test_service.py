from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from services.identity import (
    InvalidPersonalNumber,
    MobileMismatch,
    NotVerified,
    identify_person,
    mobile_number_of,
    person_for_conversation,
    record_channel_verified,
    verified_contact,
)
from services.store.db import get_engine

pytestmark = pytest.mark.usefixtures("database")
TODAY = date(2025, 3, 12)


def test_the_sms_channel_records_the_senders_number_as_verified():
    contact = record_channel_verified("sms-conv", "+46 70 174 06 05", channel="sms")
    assert (contact.method, contact.phone) == ("sms_channel", "+46701740605")
    assert verified_contact("sms-conv").method == "sms_channel"
    assert record_channel_verified("call", "0701740606", channel="phone").method == "phone_channel"
    with pytest.raises(ValueError):
        record_channel_verified("web-conv", "0701740605", channel="web")


def test_a_person_needs_a_verified_number_first():
    with pytest.raises(NotVerified):
        identify_person("conv-1", "811218-9876", today=TODAY)


def test_identifying_links_the_verified_number_to_the_person():
    record_channel_verified("conv-1", "0701740605", channel="sms")

    person = identify_person("conv-1", "811218-9876", today=TODAY)

    assert person.pnr_masked == "19811218-****" and person.mobile_masked == "+4670*****05"
    assert person_for_conversation("conv-1") == person
    assert mobile_number_of(person.id) == "+46701740605"
    record_channel_verified("conv-2", "0701740605", channel="sms")
    assert identify_person("conv-2", "19811218-9876", today=TODAY).id == person.id


def test_someone_else_cannot_claim_a_registered_person_from_another_number():
    record_channel_verified("conv-1", "0701740605", channel="sms")
    identify_person("conv-1", "811218-9876", today=TODAY)
    record_channel_verified("conv-2", "0701740699", channel="sms")

    with pytest.raises(MobileMismatch):
        identify_person("conv-2", "811218-9876", today=TODAY)
    assert person_for_conversation("conv-2") is None


def test_an_invalid_personal_number_is_refused():
    record_channel_verified("conv-1", "0701740605", channel="sms")
    with pytest.raises(InvalidPersonalNumber):
        identify_person("conv-1", "811218-9875", today=TODAY)


def test_no_personal_number_or_phone_number_is_stored_in_clear():
    record_channel_verified("conv-1", "0701740605", channel="sms")
    identify_person("conv-1", "811218-9876", today=TODAY)
    with get_engine().connect() as connection:
        stored = " ".join(
            str(value)
            for table in ("persons", "verified_contacts")
            for row in connection.execute(text(f"SELECT * FROM {table}"))
            for value in row
        )
    for secret in ("8112189876", "701740605"):
        assert secret not in stored
