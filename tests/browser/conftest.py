"""Playwright against Debian's /usr/bin/chromium (never `playwright install`)."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls
# made from the test body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def screens():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# A glyph drawn in the page's CJK font must differ from a private-use code
# point, which every font draws as an empty box ("tofu"). Equal pixels mean
# Chinese is not rendering.
CJK_RENDERS = """() => {
  const family = getComputedStyle(document.body).fontFamily;
  const draw = (ch) => {
    const c = document.createElement('canvas'); c.width = 40; c.height = 40;
    const g = c.getContext('2d'); g.font = '32px ' + family; g.fillText(ch, 2, 32);
    return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
  };
  const blank = Array(40 * 40 * 4).fill(0).join(',');
  const han = draw('治'), tofu = draw('\\uE000');
  return han !== tofu && han !== blank;
}"""
