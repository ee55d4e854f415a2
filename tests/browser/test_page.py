"""The chat page in chromium against the gateway with a scripted fake Rasa: accessibility in every state."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, expect

from tests.browser.helpers import bot_messages, has_horizontal_scroll, send_and_wait

ADVICE_SV = "Du kan troligen ta hand om det här själv.\nDet här kan du göra:\n- Vila.\n- Drick vatten."


def test_every_state_of_the_page_passes_axe(context: BrowserContext, fake_gateway: str, assert_accessible):
    page = context.new_page()
    page.goto(fake_gateway)
    assert_accessible(page, "start")

    send_and_wait(page, "hej")
    expect(page.locator("#choices button")).to_have_count(2)
    assert_accessible(page, "with choices")

    send_and_wait(page, choice="Råd om symtom")
    send_and_wait(page, "jag har ont i magen")
    assert send_and_wait(page, choice="Nej") == ADVICE_SV
    assert_accessible(page, "after a triage answer")

    page.locator("#message").fill("   ")
    page.locator("#message").press("Enter")
    expect(page.locator("#message-error")).to_have_text("Skriv ett meddelande först.")
    expect(page.locator("#message")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "an error")

    page.get_by_role("button", name="Hög kontrast").click()
    expect(page.locator("body")).to_contain_class("theme-contrast")
    assert_accessible(page, "high contrast")

    page.get_by_role("button", name="Störst").click()
    expect(page.get_by_role("button", name="Störst")).to_have_attribute("aria-pressed", "true")
    assert_accessible(page, "200% text, high contrast")
    page.get_by_role("button", name="Hög kontrast").click()
    assert_accessible(page, "200% text")

    page.get_by_role("button", name="Spara eller skriv ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammanfattning av samtalet")
    assert_accessible(page, "summary")


def test_a_new_bot_message_lands_once_in_the_live_log(context: BrowserContext, fake_gateway: str):
    page = context.new_page()
    page.goto(fake_gateway)
    log = page.locator('[role="log"][aria-live="polite"]')
    expect(log.locator("li")).to_have_count(0)
    send_and_wait(page, "hej")
    expect(log.locator("li.user .text")).to_have_text(["hej"])
    expect(log.locator("li.bot .text")).to_have_text(["Hej! Vad vill du göra?"])
    expect(log.locator("li.bot .text")).to_have_attribute("lang", "sv")
    # the answer is one new list item, and focus is back in the input
    assert page.evaluate("document.activeElement.id") == "message"
    send_and_wait(page, choice="Råd om symtom")
    expect(log.locator("li .text")).to_have_text(
        ["hej", "Hej! Vad vill du göra?", "Råd om symtom", "Berätta med egna ord vad som är fel."]
    )


def test_multi_line_answers_keep_their_line_breaks(context: BrowserContext, fake_gateway: str):
    page = context.new_page()
    page.goto(fake_gateway)
    send_and_wait(page, "jag har ont")
    send_and_wait(page, choice="Ja")
    advice = bot_messages(page).last.locator(".text")
    assert advice.evaluate("e => getComputedStyle(e).whiteSpace") == "pre-line"
    assert advice.inner_text() == ADVICE_SV


def test_320_px_wide_at_200_percent_text_has_no_horizontal_scroll(browser, fake_gateway: str):
    context = browser.new_context(locale="sv-SE", viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(fake_gateway)
    page.get_by_role("button", name="Störst").click()
    font_size = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert font_size == "32px"
    send_and_wait(page, "hej")
    send_and_wait(page, "jag har ont")
    send_and_wait(page, choice="Nej")
    assert not has_horizontal_scroll(page)
    for element in page.locator("button, input, .messages li").all():
        box = element.bounding_box()
        assert box is None or box["x"] + box["width"] <= 320 + 0.5, element.evaluate("e => e.outerHTML")
    context.close()


def test_display_choices_are_remembered(context: BrowserContext, fake_gateway: str):
    page = context.new_page()
    page.goto(fake_gateway)
    page.get_by_role("button", name="Hög kontrast").click()
    page.get_by_role("button", name="Stor", exact=True).click()
    page.reload()
    expect(page.locator("body")).to_contain_class("theme-contrast size-150")
    expect(page.get_by_role("button", name="Hög kontrast")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"


def test_the_language_switch_changes_the_page_and_the_conversation(
    context: BrowserContext, fake_gateway: str
):
    page = context.new_page()
    page.goto(fake_gateway)
    send_and_wait(page, "hej")
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Your message")).to_be_visible()
    # the conversation so far is still there, in its own language
    expect(bot_messages(page).locator(".text")).to_have_text(["Hej! Vad vill du göra?"])
    expect(bot_messages(page).locator(".text")).to_have_attribute("lang", "sv")
    assert send_and_wait(page, "hello") == "Hello! What would you like to do?"
    expect(bot_messages(page).last.locator(".text")).to_have_attribute("lang", "en")
    expect(page.locator("#choices button")).to_have_text(["Advice about symptoms", "Book a visit"])


def test_without_javascript_errors_show_in_the_page_and_keep_what_was_written(
    no_js_context: BrowserContext, fake_gateway: str, assert_accessible
):
    page = no_js_context.new_page()
    page.goto(f"{fake_gateway}/?lang=en")
    page.locator("#message").fill("x" * 2001)
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#message-error")).to_have_text(
        "The message is too long. Please write at most 2000 characters."
    )
    expect(page.locator("#message")).to_have_value("x" * 2001)
    assert_accessible(page, "an error without JavaScript")
    page.locator("#message").fill("hello")
    page.get_by_role("button", name="Send").click()
    expect(bot_messages(page).locator(".text")).to_have_text(["Hello! What would you like to do?"])
    expect(page.locator("#message-error")).to_have_text("")
    page.get_by_role("button", name="High contrast").click()
    expect(page.locator("body")).to_contain_class("theme-contrast")
    expect(bot_messages(page)).to_have_count(1)  # the conversation is still there
    assert_accessible(page, "high contrast without JavaScript")


def test_listen_fetches_playable_audio_for_an_answer(context: BrowserContext, fake_gateway: str):
    page = context.new_page()
    page.goto(fake_gateway)
    expect(page.locator("#voice-controls")).to_be_visible()
    expect(page.locator("#talk")).to_be_hidden()  # no speech-to-text model here: nothing broken is offered
    send_and_wait(page, "hej")
    listen = page.locator("li.bot").last.get_by_role("button", name="Lyssna")
    with page.expect_response(lambda r: "/api/tts?" in r.url) as audio:
        listen.press("Enter")
    response = audio.value
    assert response.status in (200, 206)  # the media element may ask for a byte range
    assert response.headers["content-type"] == "audio/mpeg"
    body = response.body()
    assert len(body) > 1000 and (body[:3] == b"ID3" or body[0] == 0xFF)
    assert "lang=sv" in response.url
    with page.expect_response(lambda r: "/api/tts?" in r.url) as again:
        page.keyboard.press("Alt+l")
    assert again.value.status in (200, 206)
