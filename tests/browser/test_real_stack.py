"""Whole conversations on the page with the real Rasa server and action server behind the gateway."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from devtools.stack import Stack
from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import TIMEOUT_MS, bot_messages, focused, send_and_wait, tab_to

GREETING_SV = "Hej! Jag är en digital assistent"
DESCRIBE_SV = "Berätta med egna ord"
SELF_CARE_SV = "Du kan troligen ta hand om det här själv just nu."


def answer_no_until_advice(page: Page, press) -> str:  # type: ignore[no-untyped-def]
    """Answer "Nej" to the triage questions until the advice comes (at most six questions)."""
    for _ in range(7):
        last = bot_messages(page).last.locator(".text").inner_text()
        if last.startswith(SELF_CARE_SV):
            return last
        press("Nej")
    raise AssertionError("no advice after seven answers")


def test_a_conversation_without_javascript(no_js_context: BrowserContext, stack: Stack, assert_accessible):
    page = no_js_context.new_page()
    page.goto(stack.gateway_url)
    page.locator("#message").fill("Hej!")
    page.get_by_role("button", name="Skicka").click()
    expect(bot_messages(page).first).to_contain_text(GREETING_SV, timeout=TIMEOUT_MS)
    expect(page.locator("#choices button")).to_have_text(
        ["Råd om symtom", "Boka en tid", "Söka stöd från kommunen"]
    )
    assert_accessible(page, "real stack without JavaScript, with choices")

    assert send_and_wait(page, choice="Råd om symtom").startswith(DESCRIBE_SV)
    send_and_wait(page, "jag har huvudvärk sedan i går")
    advice = answer_no_until_advice(page, lambda title: send_and_wait(page, choice=title))
    assert "Sök vård direkt om:" in advice
    # the whole conversation came back from Rasa's tracker, choices shown by their titles
    texts = page.locator("#log li .text").all_inner_texts()
    assert texts[:3] == ["Hej!", texts[1], "Råd om symtom"] and texts[1].startswith(GREETING_SV)
    assert_accessible(page, "real stack without JavaScript, after a triage answer")

    page.get_by_role("button", name="Spara eller skriv ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammanfattning av samtalet")
    expect(page.locator(".decisions")).to_contain_text("Hur bråttom: Du kan ta hand om det själv.")
    expect(page.locator(".decisions .text")).to_have_text(advice)
    expect(page.locator(".emergency")).to_have_text("Vid akut fara för liv: ring 112.")
    assert_accessible(page, "summary without JavaScript")
    page.get_by_role("button", name="Tillbaka till chatten").click()
    expect(page.locator("#log li")).to_have_count(len(texts))


def test_a_conversation_with_the_keyboard_only(context: BrowserContext, stack: Stack, assert_accessible):
    page = context.new_page()
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(stack.gateway_url)
    tab_to(page, "Hoppa till chatten")
    page.keyboard.press("Enter")
    assert focused(page) == "message"

    def type_and_send(text: str) -> None:
        before = bot_messages(page).count()
        page.keyboard.type(text)
        page.keyboard.press("Enter")
        expect(bot_messages(page)).not_to_have_count(before, timeout=TIMEOUT_MS)
        assert focused(page) == "message"  # focus is back in the input

    def choose(title: str) -> None:
        before = bot_messages(page).count()
        presses = tab_to(page, title)
        assert presses <= 3  # Send, then the choices
        page.keyboard.press("Enter")
        expect(bot_messages(page)).not_to_have_count(before, timeout=TIMEOUT_MS)
        assert focused(page) == "message"

    type_and_send("Hej!")
    expect(bot_messages(page).last).to_contain_text(GREETING_SV)
    take_screenshot(page, "chat.png")
    tab_to(page, "Hög kontrast")
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_contain_class("theme-contrast")
    assert_accessible(page, "real stack, high contrast, with choices")
    take_screenshot(page, "chat-high-contrast.png")
    tab_to(page, "message")

    assert tab_to(page, "Råd om symtom") == 2  # the first choice is the next stop after Send
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    choose("Råd om symtom")
    expect(bot_messages(page).last).to_contain_text(DESCRIBE_SV)
    type_and_send("jag har huvudvärk sedan i går")
    advice = answer_no_until_advice(page, choose)
    assert "Sök vård direkt om:" in advice
    assert_accessible(page, "real stack, high contrast, keyboard conversation finished")


def take_screenshot(page: Page, name: str) -> None:
    """A small picture of the top of the page for the README."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / name), clip={"x": 0, "y": 0, "width": 800, "height": 760})
