"""Debian's chromium driven by Playwright against the gateway: a scripted fake Rasa, and the real stack.

The real stack takes a minute to start, so it is started when the session begins and waited for only by
the tests that need it (they run last, in ``test_real_stack.py``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from devtools.stack import MODEL, ROOT, Stack, free_port

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
SCREENSHOTS = ROOT / "docs" / "screenshots"
# Contexts with JavaScript disabled, where axe-core cannot run on the page itself.
NO_SCRIPT_CONTEXTS: list[BrowserContext] = []


@pytest.fixture(scope="session")
def starting_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The real three processes, started (not yet ready) at the beginning of the session."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    stack = Stack.create(tmp_path_factory.mktemp("stack"))
    try:
        for name in ("actions", "rasa", "gateway"):
            stack.start(name)
        yield stack
    finally:
        stack.stop_all()


@pytest.fixture(scope="session", autouse=True)
def _start_the_stack_early(request: pytest.FixtureRequest) -> None:
    if any("real_stack" in item.nodeid for item in request.session.items):
        request.getfixturevalue("starting_stack")


@pytest.fixture(scope="session")
def stack(starting_stack: Stack) -> Stack:
    starting_stack.wait_ready()
    return starting_stack


@pytest.fixture(scope="session")
def fake_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real gateway in a process of its own, with the scripted fake Rasa behind it."""
    port = free_port()
    database = f"sqlite:///{tmp_path_factory.mktemp('fake') / 'assistant.db'}"
    log = open(tmp_path_factory.getbasetemp() / "fake_gateway.log", "wb")  # noqa: SIM115 - the child owns it
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.browser.fake_assistant", str(port), database],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the fake gateway did not start; see fake_gateway.log")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is missing: apt-get install chromium (scripts/setup.sh does it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    created = browser.new_context(locale="sv-SE", viewport={"width": 1000, "height": 900})
    created.set_default_timeout(10_000)
    yield created
    created.close()


@pytest.fixture
def no_js_context(browser: Browser) -> Iterator[BrowserContext]:
    created = browser.new_context(
        java_script_enabled=False, locale="sv-SE", viewport={"width": 1000, "height": 900}
    )
    created.set_default_timeout(10_000)
    NO_SCRIPT_CONTEXTS.append(created)
    yield created
    NO_SCRIPT_CONTEXTS.remove(created)
    created.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def assert_accessible(axe: Axe, browser: Browser):
    """Run axe-core with the WCAG 2.1 A and AA rules on the page as it is now; fail on any violation.

    axe-core needs scripts, so a page from a context without JavaScript is checked as a copy in a context
    where scripts run but the page's own script is left out (without it the page is all server-side).
    """

    def check(page: Page, state: str) -> None:
        if page.context not in NO_SCRIPT_CONTEXTS:
            results = axe.run(page, options=AXE_OPTIONS)
        else:
            copy_context = browser.new_context(locale="sv-SE", viewport=page.viewport_size)
            copy_context.route(
                "**/static/chat.js", lambda route: route.fulfill(body="", content_type="text/javascript")
            )
            try:
                copy = copy_context.new_page()
                copy.goto(page.url)
                copy.set_content(page.content())
                results = axe.run(copy, options=AXE_OPTIONS)
            finally:
                copy_context.close()
        assert results.violations_count == 0, (
            f"axe violations in state '{state}':\n{results.generate_report()}"
        )

    return check
