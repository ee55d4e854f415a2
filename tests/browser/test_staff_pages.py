"""The caseworkers' pages in chromium: log in, list, read and move an application; axe-core on every state."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from playwright.sync_api import BrowserContext, expect

from channels.app import create_app
from channels.settings import Settings
from devtools.stack import free_port
from tests.services.applications.applications_factories import make_application, make_person

TOKEN = "caseworker-token-0123456789"


@pytest.fixture
def staff_gateway(database: str) -> Iterator[str]:
    """The gateway in a thread of this process, on the test's database (Rasa is not needed here)."""
    settings = Settings(app_env="test", database_url=database, staff_tokens=f"anna.caseworker:{TOKEN}")
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the gateway did not start")
        time.sleep(0.05)
    assert httpx.get(f"{url}/healthz", timeout=2).status_code in (200, 503)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def application_id(database: str) -> int:
    person = make_person()
    make_application(service="transport_service", reference="FT-2026-OLD1", answers={})
    return make_application(person_id=person.id, reference="HT-2026-WEB1")


def test_every_staff_page_passes_axe(
    context: BrowserContext, staff_gateway: str, application_id: int, assert_accessible
):
    page = context.new_page()
    page.goto(f"{staff_gateway}/staff")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    assert page.evaluate("document.documentElement.lang") == "sv"
    assert_accessible(page, "login")

    page.get_by_label("Personalnyckel").fill("wrong-token-00000000000")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_label("Personalnyckel")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "login with an error")

    page.get_by_label("Personalnyckel").fill(TOKEN)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ansökningar")
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first.get_by_role("link")).to_have_text("HT-2026-WEB1")
    assert_accessible(page, "list")

    page.get_by_label("Typ av ansökan").select_option("transport_service")
    page.get_by_role("button", name="Visa").click()
    expect(rows).to_have_count(1)
    page.get_by_label("Typ av ansökan").select_option("")
    page.get_by_label("Status").select_option("decided")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_text("Det finns inga ansökningar som passar.")).to_be_visible()
    assert_accessible(page, "an empty list")

    page.goto(f"{staff_gateway}/staff")
    link = page.get_by_role("link", name="HT-2026-WEB1")
    link.focus()
    assert link.evaluate("e => getComputedStyle(e).outlineStyle") != "none"  # the focus is visible
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("HT-2026-WEB1")
    expect(page.get_by_role("main")).to_contain_text("Städning, Inköp")
    assert_accessible(page, "one application")

    page.get_by_role("button", name="Ändra status").click()
    expect(page.get_by_role("alert")).to_have_text("Välj en ny status.")
    assert_accessible(page, "the status form with an error")

    page.get_by_label("Handläggs").check()
    page.get_by_label("Meddelande till den som ansökte (frivilligt)").fill("Vi ringer dig i veckan.")
    page.get_by_role("button", name="Ändra status").click()
    expect(page.get_by_role("status")).to_contain_text("Statusen är ändrad till Handläggs.")
    history = page.get_by_role("table").locator("tbody tr")
    expect(history).to_have_count(2)
    expect(history.last).to_contain_text("anna.caseworker")
    assert_accessible(page, "after a status change")

    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("status")).to_have_text("Du är utloggad.")
    page.goto(f"{staff_gateway}/staff/cases/{application_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
