"""What a person does on the chat page, in Playwright terms."""

from __future__ import annotations

from playwright.sync_api import Page, expect

TIMEOUT_MS = 15_000


def bot_messages(page: Page):
    return page.locator("#log li.bot")


def send_and_wait(page: Page, text: str | None = None, *, choice: str | None = None) -> str:
    """Type a message (or press a choice) and wait for the assistant's answer; return its last text."""
    before = bot_messages(page).count()
    if choice is not None:
        page.locator("#choices").get_by_role("button", name=choice, exact=True).click()
    else:
        page.locator("#message").fill(text or "")
        page.locator("#message").press("Enter")
    expect(bot_messages(page)).not_to_have_count(before, timeout=TIMEOUT_MS)
    return bot_messages(page).last.locator(".text").inner_text()


def focused(page: Page) -> str:
    """The accessible text of the focused element: its id, else its text."""
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def tab_to(page: Page, name: str, most: int = 15) -> int:
    """Press Tab until the element named ``name`` has focus; return how many presses it took."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if focused(page) == name:
            return presses
    raise AssertionError(f"'{name}' could not be reached with Tab (last focus: '{focused(page)}')")


def has_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
