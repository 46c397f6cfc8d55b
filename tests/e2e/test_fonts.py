"""Gujarati and Devanagari render as letters in the test browser, not as empty boxes.

Without a font for a script, Chromium draws every letter of it as the same "missing glyph" box;
the leaders' screens and the axe and layout checks would then test boxes. `.ci/run` installs
Debian's fonts-noto-core for this.
"""

import pytest

# The browser fixture brings the live server: like every browser test, restore the demo
# snapshot afterwards (a plain flush would leave the next browser test without it).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Draws a text on a canvas and returns its pixels, so two texts can be compared.
PIXELS = """text => {
    const canvas = document.createElement("canvas");
    canvas.width = 200; canvas.height = 60;
    const context = canvas.getContext("2d");
    context.font = "40px sans-serif";
    context.fillText(text, 5, 45);
    return Array.from(context.getImageData(0, 0, 200, 60).data).join(",");
}"""


@pytest.mark.parametrize(
    ("script", "first", "second"),
    [("Gujarati", "ક", "મ"), ("Devanagari", "क", "म")],
)
def test_letters_of_the_script_look_different(browser, script, first, second):
    page = browser.new_page()
    try:
        page.set_content("<!DOCTYPE html><title>fonts</title>")
        drawn_first = page.evaluate(PIXELS, first)
        drawn_second = page.evaluate(PIXELS, second)
    finally:
        page.close()
    assert drawn_first != drawn_second, (
        f"{script} letters all render as the same box: install Debian's fonts-noto-core"
    )
