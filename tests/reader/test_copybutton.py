"""The copy button copies code that runs as pasted: no prompts, no output lines.

For code cells the clipboard must hold exactly the cell's source (the snippet
region), which compiles. For REPL-style blocks (``console`` with ``$`` prompts,
``pycon`` with ``>>>``) it must hold only the commands, without their prompts
and without the output lines. The first cells of every page are copied with the mouse
(hover, click); on the pages of the last language (notesite/core/languages.py; its cells
come from the execution cache) every other cell's button is clicked too, from script.
The fast tier copies the first cells of one language's sample page and one language's
contributing page's REPL blocks (the same script in every language: tests.browser.fast_language).
"""

from __future__ import annotations

import pytest

from notesite.core import markdown
from notesite.core import snippet_regions
from tests.browser import LANGS, fast_language, in_turn, is_sample, site_pages
from tests.helpers import ROOT

pytestmark = pytest.mark.browser

SAMPLE_CELLS = 3  # cells per page of the languages whose cells are not all copied
EVERY_CELL = LANGS[-1]  # the language whose pages have every cell copied
PROMPTS = ("$ ", ">>> ", "... ")


def page_source(page: str):
    lang, rel = page.split("/", 1)
    path = ROOT / "docs" / lang / (rel.removesuffix(".html") + ".md")
    return path if path.is_file() else None


def shown_cells(page: str) -> list[str]:
    """The source of each code cell the page shows as a cell, in order."""
    path = page_source(page)
    if path is None:
        return []
    codes = []
    for cell in snippet_regions.find_cells(path.read_text(encoding="utf-8")):
        # [gpu] cells show their code too (with the recorded output in the CPU profile).
        codes.append(snippet_regions.resolve(cell, ROOT / "snippets", str(path)).code)
    return codes


PAGES_WITH_CELLS = [p for lang in LANGS for p in site_pages(lang) if shown_cells(p)]
REPL_BLOCKS = "div.highlight-console, div.highlight-pycon, div.highlight-shell-session"


CLIPBOARD = ["clipboard-read", "clipboard-write"]  # the context's permissions: the test reads what was copied


def clipboard_tab(warm_tab, path: str):
    """The warm tab at ``path`` (tests.browser.WarmTabs), allowed to read and write the clipboard
    (until the next test resets the tab)."""
    tab = warm_tab(path)
    tab.context.grant_permissions(CLIPBOARD)
    return tab


def copy(tab, block) -> str:
    """Click the copy button of ``block`` and return what landed on the clipboard."""
    tab.evaluate("navigator.clipboard.writeText('<nothing copied>')")
    block.hover()
    block.locator("button.copybtn").click()
    tab.wait_for_function("async () => (await navigator.clipboard.readText()) !== '<nothing copied>'")
    return tab.evaluate("navigator.clipboard.readText()")


# Each button clicked in the page, in turn, and what it put on the clipboard (a click per button
# from script: the same handler as a reader's click, without a hover and three round trips each).
CLICK_EACH = """async buttons => { const copied = [];
  for (const button of buttons) {
    await navigator.clipboard.writeText('<nothing copied>');
    button.click();
    let text = '<nothing copied>';
    for (let i = 0; i < 200 && text === '<nothing copied>'; i++) {
      await new Promise(done => setTimeout(done, 10));
      text = await navigator.clipboard.readText();
    }
    copied.push(text);
  }
  return copied; }"""


def test_there_are_pages_with_code_cells():
    for lang in LANGS:
        assert len([p for p in PAGES_WITH_CELLS if p.startswith(f"{lang}/")]) >= 4, f"{lang}: too few pages with cells"


@pytest.mark.parametrize("path,every_cell", [
    *[(p, False) for p in PAGES_WITH_CELLS if is_sample(p) and p.startswith(f"{fast_language(1)}/")],
    *[pytest.param(p, p.startswith(f"{EVERY_CELL}/"), marks=pytest.mark.full) for p in PAGES_WITH_CELLS],
])
def test_copy_button_copies_the_cell_source(warm_tab, path, every_cell):
    expected = shown_cells(path)
    tab = clipboard_tab(warm_tab, path)
    cells = tab.locator("div.cell_input div.highlight")
    assert cells.count() == len(expected), f"{path}: {cells.count()} cells shown, {len(expected)} in the source"
    clicked = min(SAMPLE_CELLS, len(expected))  # by the mouse, as a reader does
    copied = [copy(tab, cells.nth(i)) for i in range(clicked)]
    if every_cell:
        copied += tab.locator("div.cell_input div.highlight button.copybtn").evaluate_all(CLICK_EACH)[clicked:]
        assert len(copied) == len(expected), f"{path}: {len(copied)} copy buttons for {len(expected)} cells"
    for i, text in enumerate(copied):
        assert text == expected[i], f"{path}: cell {i + 1} copies something else than its source"
        compile(text, f"{path} cell {i + 1}", "exec")  # runs as pasted: valid Python
        assert not text.startswith(PROMPTS)


def repl_pages() -> list[str]:
    """The pages with a ```console block (a prompt and its output)."""
    return [p for lang in LANGS for p in site_pages(lang)
            if page_source(p) and any(block.language == "console" for block in
                                      markdown.parse(page_source(p).read_text(encoding="utf-8")).code_blocks)]


def test_there_is_a_repl_block():
    """The contributing page shows how to run a snippet module, prompt and output included."""
    assert any(p.endswith("contributing.html") for p in repl_pages())


@pytest.mark.parametrize("path", in_turn(repl_pages(), 0))
def test_copy_button_drops_prompts_and_output_of_repl_blocks(warm_tab, path):
    tab = clipboard_tab(warm_tab, path)
    blocks = tab.locator(REPL_BLOCKS)
    assert blocks.count() >= 1
    for i in range(blocks.count()):
        shown = blocks.nth(i).locator("pre").inner_text().splitlines()
        commands = [line[len(p):] for line in shown for p in PROMPTS if line.startswith(p)]
        assert commands and len(commands) < len(shown), "a REPL block shows prompts and output"
        assert copy(tab, blocks.nth(i)) == "\n".join(commands)
