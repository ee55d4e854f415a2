"""The caseworkers' pages: login with a staff token, a signed session cookie, CSRF, and the access log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from fake_rasa import FakeRasa
from fastapi.testclient import TestClient
from sqlalchemy import select

from channels.app import create_app
from channels.routes.staff_pages import SESSION_COOKIE, SESSION_SECONDS, session_cookie
from channels.settings import Settings
from services.applications import access_log
from services.applications.models import Application
from services.identity import person_for_conversation
from services.notifications.models import SmsOutboxMessage
from services.store import session_scope
from tests.services.applications.applications_factories import Applicant, make_application, make_person

TOKEN = "caseworker-token-0123456789"
OTHER_TOKEN = "other-caseworker-token-9876"
STAFF_TOKENS = f"anna.caseworker:{TOKEN},bo.caseworker:{OTHER_TOKEN}"
SUBMITTED = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def settings(database: str) -> Settings:
    return Settings(app_env="test", database_url=database, staff_tokens=STAFF_TOKENS)


@pytest.fixture
def browser(settings: Settings, fake_rasa: FakeRasa) -> Iterator[TestClient]:
    """A client that keeps cookies and does not follow redirects, like a browser we can inspect."""
    app = create_app(settings, rasa_transport=fake_rasa.transport())
    with TestClient(app, follow_redirects=False) as client:
        yield client


@pytest.fixture
def person() -> Applicant:
    return make_person()


def log_in(client: TestClient, token: str = TOKEN, next_page: str = "/staff") -> None:
    response = client.post("/staff/login", data={"token": token, "next": next_page})
    assert response.status_code == 303, response.text


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def status_of(application_id: int) -> str:
    with session_scope() as session:
        app = session.get(Application, application_id)
        assert app is not None
        return str(app.status)


def sms_to(number: str) -> list[str]:
    with session_scope() as session:
        query = select(SmsOutboxMessage.body).where(SmsOutboxMessage.to == number)
        return list(session.execute(query).scalars())


def log_rows(application_id: int | None = None) -> list[tuple[str, str, str | None]]:
    """``(staff user, action, detail)``, oldest first."""
    return [(e.staff_user, e.action, e.detail) for e in reversed(access_log(application_id=application_id))]


# --- logging in -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "back_to"),
    [
        ("/staff", "/staff"),
        ("/staff?status=received&type=home_care", "/staff%3Fstatus%3Dreceived%26type%3Dhome_care"),
        ("/staff/cases/1", "/staff/cases/1"),
        ("/staff/cases/1/questionnaire-response.json", "/staff/cases/1/questionnaire-response.json"),
    ],
)
def test_a_page_without_a_session_sends_the_browser_to_the_login_page(
    browser: TestClient, path: str, back_to: str
):
    response = browser.get(path)
    assert response.status_code == 303
    assert response.headers["location"] == f"/staff/login?next={back_to}"
    assert log_rows() == []


def test_the_login_page_is_swedish_and_labelled(browser: TestClient):
    page = browser.get("/staff/login?next=/staff/cases/3")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert '<html lang="sv">' in page.text and '<main id="main"' in page.text
    assert '<label for="token">Personalnyckel</label>' in page.text
    assert 'name="next" value="/staff/cases/3"' in page.text


@pytest.mark.parametrize("token", ["wrong-token-000000000000", "", TOKEN[:-1]])
def test_a_wrong_token_is_refused(browser: TestClient, token: str):
    response = browser.post("/staff/login", data={"token": token, "next": "/staff"})
    assert response.status_code == 401
    assert "set-cookie" not in response.headers
    assert 'aria-invalid="true"' in response.text and 'class="error"' in response.text
    assert browser.get("/staff").status_code == 303


def test_login_sets_a_signed_strict_cookie_and_logout_clears_it(browser: TestClient):
    response = browser.post("/staff/login", data={"token": TOKEN, "next": "/staff/cases/7"})
    assert response.status_code == 303 and response.headers["location"] == "/staff/cases/7"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert TOKEN not in cookie and "anna.caseworker" not in cookie  # signed, not readable at a glance
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "max-age", "path"} <= attributes and "secure" not in attributes
    assert "samesite=strict" in cookie.lower() and f"max-age={SESSION_SECONDS}" in cookie.lower()
    assert "path=/staff" in cookie.lower()

    page = browser.get("/staff")
    assert page.status_code == 200 and "anna.caseworker" in page.text
    assert browser.get("/staff/login").headers["location"] == "/staff"  # already logged in

    out = browser.post("/staff/logout", data={"csrf_token": csrf_token(page.text)})
    assert out.status_code == 303 and out.headers["location"] == "/staff/login?logged_out=1"
    assert out.headers["set-cookie"].startswith(f'{SESSION_COOKIE}="";') or "max-age=0" in (
        out.headers["set-cookie"].lower()
    )
    assert SESSION_COOKIE not in browser.cookies
    assert browser.get("/staff").status_code == 303
    assert "Du är utloggad." in browser.get("/staff/login?logged_out=1").text


def test_the_cookie_is_secure_when_the_public_address_is_https(database: str, fake_rasa: FakeRasa):
    settings = Settings(
        app_env="test",
        database_url=database,
        staff_tokens=STAFF_TOKENS,
        public_base_url="https://assistent.example.se",
    )
    with TestClient(create_app(settings, rasa_transport=fake_rasa.transport())) as client:
        response = client.post("/staff/login", data={"token": TOKEN}, follow_redirects=False)
    assert "; secure" in response.headers["set-cookie"].lower()


@pytest.mark.parametrize(
    "next_page", ["https://evil.example", "//evil.example/staff", "/other", "/staff\\..\\x", ""]
)
def test_login_only_ever_leads_to_a_staff_page(browser: TestClient, next_page: str):
    response = browser.post("/staff/login", data={"token": TOKEN, "next": next_page})
    assert response.headers["location"] == "/staff"


def forged(settings: Settings, how: str) -> str:
    good = session_cookie(settings, "anna.caseworker", TOKEN)
    body, _, signature = good.partition(".")
    if how == "tampered payload":
        other = session_cookie(settings, "bo.caseworker", OTHER_TOKEN).partition(".")[0]
        return f"{other}.{signature}"
    if how == "tampered signature":
        return f"{body}.{signature[:-1]}{'0' if signature[-1] != '0' else '1'}"
    if how == "expired":
        return session_cookie(settings, "anna.caseworker", TOKEN, now=1_000_000.0)
    if how == "other key":
        return session_cookie(
            Settings(app_env="test", staff_tokens=STAFF_TOKENS, staff_session_key="x" * 40),
            "anna.caseworker",
            TOKEN,
        )
    if how == "token no longer valid":
        return session_cookie(settings, "anna.caseworker", "an-old-token-0000000000")
    if how == "garbage":
        return "not-a-session"
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    ["tampered payload", "tampered signature", "expired", "other key", "token no longer valid", "garbage"],
)
def test_a_tampered_expired_or_revoked_cookie_is_refused(browser: TestClient, settings: Settings, how: str):
    browser.cookies.set(SESSION_COOKIE, forged(settings, how), path="/staff")
    response = browser.get("/staff")
    assert response.status_code == 303 and response.headers["location"].startswith("/staff/login")
    assert log_rows() == []


def test_a_session_lasts_eight_hours(browser: TestClient, settings: Settings):
    almost = datetime.now(timezone.utc) - timedelta(seconds=SESSION_SECONDS - 60)
    browser.cookies.set(
        SESSION_COOKIE,
        session_cookie(settings, "anna.caseworker", TOKEN, now=almost.timestamp()),
        path="/staff",
    )
    assert browser.get("/staff").status_code == 200


def test_the_json_api_still_takes_bearer_tokens_and_not_the_cookie(browser: TestClient):
    log_in(browser)
    assert browser.get("/staff/applications").status_code == 401
    listed = browser.get("/staff/applications", headers={"Authorization": f"Bearer {TOKEN}"})
    assert listed.status_code == 200


# --- the list -------------------------------------------------------------------------------------------


def references_in(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/staff/cases/\d+">([^<]+)</a></th>', page)


def test_the_list_shows_submitted_applications_newest_first_and_filters_them(browser: TestClient):
    make_application(service="home_care", reference="HT-2026-AAAA", submitted_at=SUBMITTED)
    make_application(
        service="transport_service",
        reference="FT-2026-BBBB",
        answers={},
        submitted_at=SUBMITTED + timedelta(days=1),
    )
    make_application(
        service="home_care",
        status="in_progress",
        reference="HT-2026-CCCC",
        submitted_at=SUBMITTED + timedelta(days=2),
    )
    make_application(service="home_care", status="draft")
    log_in(browser)

    page = browser.get("/staff")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert references_in(page.text) == ["HT-2026-CCCC", "FT-2026-BBBB", "HT-2026-AAAA"]
    assert '<th scope="col">Ärendenummer</th>' in page.text and "<caption>" in page.text
    assert "2026-11-02 10:30" in page.text  # Swedish time

    assert references_in(browser.get("/staff?status=received").text) == ["FT-2026-BBBB", "HT-2026-AAAA"]
    assert references_in(browser.get("/staff?type=home_care").text) == ["HT-2026-CCCC", "HT-2026-AAAA"]
    both = browser.get("/staff?status=received&type=home_care").text
    assert references_in(both) == ["HT-2026-AAAA"]
    assert '<option value="received" selected>Inkommen</option>' in both
    assert '<option value="home_care" selected>Hemtjänst</option>' in both
    empty = browser.get("/staff?status=decided").text
    assert references_in(empty) == [] and "Det finns inga ansökningar som passar" in empty
    assert references_in(browser.get("/staff?status=draft&type=nonsense").text) == [
        "HT-2026-CCCC",
        "FT-2026-BBBB",
        "HT-2026-AAAA",
    ]  # unknown filters show everything rather than an error

    assert [row[:2] for row in log_rows()] == [("anna.caseworker", "list")] * 6


# --- one application ------------------------------------------------------------------------------------


def test_reading_an_application_shows_it_and_is_logged_with_the_staff_identity(
    browser: TestClient, person: Applicant
):
    app_id = make_application(person_id=person.id, reference="HT-2026-READ", submitted_at=SUBMITTED)
    log_in(browser, OTHER_TOKEN)
    page = browser.get(f"/staff/cases/{app_id}")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    text = page.text
    assert "<h1>Hemtjänst <span" in text and "HT-2026-READ" in text
    assert "<dt>Vem behöver hjälp?</dt>" in text and "<dd>Städning, Inköp</dd>" in text
    assert "<dd>Inget svar</dd>" in text  # the skipped question
    masked = person_for_conversation(person.conversation_id)
    assert masked is not None and masked.pnr_masked in text and person.pnr not in text
    assert person.mobile not in text
    assert "Personen själv." in text and "Inkommen" in text
    assert f'href="/staff/cases/{app_id}/questionnaire-response.json"' in text
    assert log_rows(app_id) == [("bo.caseworker", "read", None)]

    export = browser.get(f"/staff/cases/{app_id}/questionnaire-response.json")
    assert export.status_code == 200 and export.headers["content-type"].startswith("application/fhir+json")
    assert export.headers["cache-control"] == "no-store"
    resource = export.json()
    assert resource["resourceType"] == "QuestionnaireResponse" and resource["status"] == "completed"
    assert resource["identifier"]["value"] == "HT-2026-READ"
    assert log_rows(app_id) == [("bo.caseworker", "read", None)] * 2


def test_a_relative_who_applied_is_shown_with_the_relation(browser: TestClient, person: Applicant):
    answers = {
        "who": "other",
        "relation": "child",
        "person_agreed": True,
        "help_with": ["meals"],
        "living": "alone",
        "start_date": "2026-12-01",
        "relatives_help": True,
        "other_info": None,
    }
    app_id = make_application(person_id=person.id, answers=answers)
    with session_scope() as session:
        app = session.get(Application, app_id)
        app.applicant_relation, app.person_agreed_at = "child", SUBMITTED
    log_in(browser)
    text = browser.get(f"/staff/cases/{app_id}").text
    assert "Någon annan ansökte för personen. Relation: Barn." in text
    assert "Ja, enligt den som ansökte (2026-11-02 10:30)" in text


@pytest.mark.parametrize("path", ["/staff/cases/999999", "/staff/cases/999999/questionnaire-response.json"])
def test_an_unknown_or_draft_application_is_a_404_page(browser: TestClient, path: str):
    log_in(browser)
    response = browser.get(path)
    assert response.status_code == 404 and "Ansökan finns inte" in response.text
    draft = make_application(status="draft")
    assert browser.get(f"/staff/cases/{draft}").status_code == 404


# --- changing the status --------------------------------------------------------------------------------


def test_a_status_change_through_the_form_updates_logs_and_texts_the_applicant(
    browser: TestClient, person: Applicant
):
    app_id = make_application(person_id=person.id, reference="HT-2026-MOVE")
    log_in(browser)
    page = browser.get(f"/staff/cases/{app_id}").text
    assert 'name="status" value="in_progress"' in page and 'name="status" value="received"' not in page

    response = browser.post(
        f"/staff/cases/{app_id}/status",
        data={
            "csrf_token": csrf_token(page),
            "status": "more_info_needed",
            "message": "Skicka  gärna ditt hyresavtal.\n",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/staff/cases/{app_id}?changed=1"
    assert status_of(app_id) == "more_info_needed"
    assert log_rows(app_id)[-1] == ("anna.caseworker", "status", "received->more_info_needed")
    assert sms_to(person.mobile) == [
        "Nytt om din ansökan HT-2026-MOVE: Vi behöver veta mer. En handläggare kontaktar dig.\n"
        "Skicka gärna ditt hyresavtal."
    ]

    after = browser.get(response.headers["location"]).text
    assert "Statusen är ändrad till Behöver mer information." in after
    assert "Den som ansökte får ett sms." in after
    history = re.findall(r"<td>(Inkommen|Behöver mer information)</td>", after)
    assert history == ["Inkommen", "Behöver mer information"]
    assert "<td>anna.caseworker</td>" in after


def test_a_decided_application_has_no_status_form(browser: TestClient):
    app_id = make_application(status="decided")
    log_in(browser)
    page = browser.get(f"/staff/cases/{app_id}").text
    assert "Statusen kan inte ändras." in page and 'name="status"' not in page


@pytest.mark.parametrize(
    ("fields", "code", "says"),
    [
        ({"status": "received"}, 409, "Statusen kan inte ändras så."),
        ({"status": ""}, 422, "Välj en ny status."),
        ({"status": "lost"}, 422, "Välj en ny status."),
        ({"status": "in_progress", "message": "x" * 301}, 422, "Meddelandet är för långt."),
    ],
)
def test_a_bad_status_form_is_shown_again_with_the_error_and_changes_nothing(
    browser: TestClient, person: Applicant, fields: dict[str, str], code: int, says: str
):
    app_id = make_application(person_id=person.id)
    log_in(browser)
    token = csrf_token(browser.get(f"/staff/cases/{app_id}").text)
    response = browser.post(f"/staff/cases/{app_id}/status", data={"csrf_token": token, **fields})
    assert response.status_code == code and says in response.text
    assert 'role="alert"' in response.text
    assert status_of(app_id) == "received" and sms_to(person.mobile) == []
    assert "status" not in [action for _, action, _ in log_rows(app_id)]


def other_session_token(client: TestClient) -> str:
    """A valid CSRF token, but of another session (another login of the same person)."""
    with TestClient(client.app, follow_redirects=False) as other:
        log_in(other)
        return csrf_token(other.get("/staff").text)


@pytest.mark.parametrize("csrf", ["missing", "empty", "wrong", "another session's"])
def test_a_status_change_without_the_session_csrf_token_is_forbidden(
    browser: TestClient, person: Applicant, csrf: str
):
    app_id = make_application(person_id=person.id)
    log_in(browser)
    data = {"status": "in_progress"}
    if csrf == "empty":
        data["csrf_token"] = ""
    elif csrf == "wrong":
        data["csrf_token"] = "0" * 64
    elif csrf == "another session's":
        data["csrf_token"] = other_session_token(browser)
    response = browser.post(f"/staff/cases/{app_id}/status", data=data)
    assert response.status_code == 403 and "Ingenting har ändrats." in response.text
    assert status_of(app_id) == "received" and sms_to(person.mobile) == []
    assert "status" not in [action for _, action, _ in log_rows(app_id)]


def test_a_status_change_without_a_session_goes_to_the_login_page(browser: TestClient):
    app_id = make_application()
    response = browser.post(f"/staff/cases/{app_id}/status", data={"status": "in_progress"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/staff/login?next=/staff/cases/{app_id}"
    assert status_of(app_id) == "received" and log_rows() == []


def test_logout_without_the_csrf_token_is_forbidden(browser: TestClient):
    log_in(browser)
    assert browser.post("/staff/logout", data={}).status_code == 403
    assert browser.get("/staff").status_code == 200  # still logged in


def test_the_json_status_change_takes_a_message_too(browser: TestClient, person: Applicant):
    app_id = make_application(person_id=person.id, reference="HT-2026-JSON")
    staff = {"Authorization": f"Bearer {TOKEN}"}
    path = f"/staff/applications/{app_id}/status"
    too_long = browser.post(path, json={"status": "decided", "message": "x" * 301}, headers=staff)
    assert too_long.status_code == 422 and status_of(app_id) == "received"
    done = browser.post(
        path, json={"status": "decided", "message": "Beslutet kommer med posten."}, headers=staff
    )
    assert done.status_code == 200
    assert sms_to(person.mobile)[-1].endswith("\nBeslutet kommer med posten.")
