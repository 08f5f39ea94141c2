"""Exercises: each solution stays folded until the reader opens it (issue 25).

On every page with exercises (the full tier: all of them; the fast tier: the sample pages, every
language's for the words, one language's for each check of the scripts and styles, by turns:
tests.browser.fast_language):

* on load, every solution of the page's source is on the page, folded: its code, output and
  text are not shown, its button says it is closed (``aria-expanded``); the exercises are shown;
* the mouse opens a solution with its button and folds it again with its title bar;
* the keyboard reaches the button with Tab from the exercise above it (past the exercise's
  own links), opens the solution with Enter and folds it with Space;
* the blocks speak the page's language: the exercises' and solutions' titles are the words of
  sphinx-exercise's catalogue and docs/_locale (numbered exercises), the button's hint and
  accessible name are the language's ``togglebutton_hint`` / ``togglebutton_hint_hide``
  (notesite/core/languages.py), and no title or name is in another writing system;
* on a phone (390x844) in dark mode a tap opens a solution, the open blocks fit the screen,
  and the button is large enough to tap;
* axe-core finds no WCAG 2.1 A/AA violation inside the blocks, folded and opened, in light
  mode on a desktop and dark mode on a phone.

Each check is a function over an open tab. The feature tests below run them on the sample pages
(in the full tier, the other languages' sample pages too); ``test_every_exercise_page`` runs all of
them on each other page of the full tier, on one load at the desktop size and one on a phone (five
loads and three audits a page before, 180 s of the full tier). There the blocks' folded audit is
the page sweep's: tests/reader/test_page_sweep.py audits every page as loaded, solutions folded,
with the same rules, in both colour schemes.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from notesite.core import languages
from notesite.ext import page_alignment
from tests.browser import LANGS, is_sample, tiered
from tests.helpers import ROOT
from tests.reader.language_checks import foreign
from tests.reader.sweeps import WCAG_AA, axe_violations

pytestmark = pytest.mark.browser

BLOCKS = ".exercise, .solution"


def source_blocks(page: str) -> list[tuple[str, str]]:
    """(kind, label) of the exercise and solution blocks in the source of a built page."""
    lang, rel = page.split("/", 1)
    path = ROOT / "docs" / lang / (rel.removesuffix(".html") + ".md")
    if not path.is_file():
        return []
    return [("solution" if kind.startswith("solution") else "exercise", label)
            for _, kind, label in page_alignment.blocks(path.read_text(encoding="utf-8"))]


EXERCISE_PAGES = [f"{lang}/{p.removesuffix('.md')}.html" for lang in LANGS for p in page_alignment.pages(ROOT, lang)
                  if any(kind == "solution" for kind, _ in source_blocks(f"{lang}/{p.removesuffix('.md')}.html"))]
# The feature tests' pages (every other page: test_every_exercise_page, full tier).
SAMPLE_EXERCISE_PAGES = [p for p in EXERCISE_PAGES if is_sample(p)]
PAGES = tiered(SAMPLE_EXERCISE_PAGES)  # the words: every language in the fast tier
# The scripts and styles at work (folding, axe, the phone layout): one language each in the fast tier
SCRIPT_PAGES = [tiered(SAMPLE_EXERCISE_PAGES, turn=turn) for turn in range(2)]


def lang_of(page: str) -> languages.Language:
    return languages.get(page.split("/", 1)[0])


def labels(page: str, kind: str) -> list[str]:
    return [label for k, label in source_blocks(page) if k == kind]


def catalogue_word(lang: languages.Language, msgid: str) -> str:
    """``msgid`` of sphinx-exercise's catalogue in ``lang``, as the build translates it:
    the package's own catalogue first, then docs/_locale's (site_language registers it behind)."""
    import sphinx_exercise
    from babel.messages.pofile import read_po

    package = Path(sphinx_exercise.__file__).parent / "translations" / "locales"
    word = gettext.translation("exercise", package, languages=[lang.sphinx], fallback=True).gettext(msgid)
    ours = ROOT / languages.LOCALE_DIR / lang.sphinx / "LC_MESSAGES" / "exercise.po"
    if word == msgid and ours.is_file():
        with ours.open("rb") as po:
            message = read_po(po).get(msgid)
        word = (message.string if message is not None else "") or msgid
    return word


def folded(tab, label: str) -> bool:
    """Whether the solution ``label`` shows nothing but its title bar (and says so)."""
    block = tab.locator(f"[id='{label}']")
    assert block.locator("button.toggle-button").count() == 1, f"{label}: no button folds it (sphinx-togglebutton)"
    body_shown = block.locator(":scope > :not(.admonition-title)").evaluate_all(
        "els => els.some(el => el.checkVisibility({visibilityProperty: true}) && el.getBoundingClientRect().height > 0)")
    expanded = block.locator("button.toggle-button").get_attribute("aria-expanded")
    assert expanded in ("true", "false"), f"{label}: its button has no aria-expanded"
    assert (expanded == "false") == (not body_shown), f"{label}: aria-expanded={expanded} but shown={body_shown}"
    return not body_shown


def blocks_audit(tab) -> list[str]:
    """axe-core's WCAG 2.1 A/AA audit of the blocks, once they have faded in or out (a colour
    half-way through togglebutton.css's 0.3 s fade is no colour the reader is left with)."""
    tab.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
    context = {"include": [[selector] for selector in BLOCKS.split(", ")]}
    violations = axe_violations(tab, [(context, WCAG_AA)])
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations]


def test_the_fast_tier_has_exercises():
    """The sample pages carry exercises, so `make test` opens some in every language."""
    assert sorted(lang_of(p).code for p in EXERCISE_PAGES if is_sample(p)) == sorted(LANGS)


def check_folded_on_load_and_open_by_mouse(tab, path: str) -> None:
    """On a page just loaded: every block of the source, solutions folded; the mouse opens and folds them."""
    ids = tab.eval_on_selector_all(BLOCKS, "els => els.map(el => el.id)")
    assert ids == [label for _, label in source_blocks(path)], f"{path}: the blocks on the page are not the source's"
    for label in labels(path, "exercise"):
        assert tab.locator(f"[id='{label}'] .exercise-content").is_visible(), f"{path}: exercise {label} is hidden"
    for label in labels(path, "solution"):
        assert folded(tab, label), f"{path}: solution {label} is shown on load"
    for label in labels(path, "solution"):
        block = tab.locator(f"[id='{label}']")
        block.locator("button.toggle-button").click()
        assert not folded(tab, label), f"{path}: a click on its button does not open {label}"
        assert block.locator(".cell_output, .cell_input").first.is_visible(), f"{path}: {label} shows no code"
        block.locator(".admonition-title").click(position={"x": 5, "y": 5})
        assert folded(tab, label), f"{path}: a click on its title does not fold {label} again"


def check_keyboard(tab, path: str) -> None:
    """Tab from each exercise reaches its solution's button; Enter opens it, Space folds it (left folded)."""
    for exercise, solution in zip(labels(path, "exercise"), labels(path, "solution")):
        # A click on the exercise's text puts the start of Tab's way through the page there;
        # Tab passes the links inside the exercise, and the next stop is the solution's button.
        tab.locator(f"[id='{exercise}'] .exercise-content p").first.click()
        for _ in range(40):
            tab.keyboard.press("Tab")
            if not tab.evaluate(f"!!document.activeElement.closest(\"[id='{exercise}']\")"):
                break
        focused = tab.evaluate("document.activeElement.closest('.solution')?.id + ' ' + document.activeElement.className")
        assert focused == f"{solution} toggle-button toggle-button-hidden", (
            f"{path}: Tab from exercise {exercise} lands on {focused!r}, not on the button of {solution}")
        outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", f"{path}: the focused button of {solution} shows no focus ring"
        tab.keyboard.press("Enter")
        assert not folded(tab, solution), f"{path}: Enter does not open {solution}"
        tab.keyboard.press("Space")
        assert folded(tab, solution), f"{path}: Space does not fold {solution} again"


def check_words(tab, path: str) -> None:
    """Titles, hints and accessible names in the page's language (each button clicked twice: left folded)."""
    lang = lang_of(path)
    exercise, solution = catalogue_word(lang, "Exercise"), catalogue_word(lang, "Solution")
    titles = tab.eval_on_selector_all(".exercise > .admonition-title", "els => els.map(el => el.innerText.trim())")
    assert titles == [f"{exercise} {n}" for n in range(1, len(labels(path, "exercise")) + 1)], path
    buttons = tab.locator(".solution button.toggle-button")
    for i, label in enumerate(labels(path, "solution")):
        block = tab.locator(f"[id='{label}']")
        title = block.locator(".admonition-title").evaluate("el => el.firstChild.textContent.trim()")
        assert title == solution, f"{path}: {label} is titled {title!r}, not {solution!r}"
        button = buttons.nth(i)
        for state, hint in (("closed", lang["togglebutton_hint"]), ("open", lang["togglebutton_hint_hide"])):
            assert button.get_attribute("data-toggle-hint") == hint, f"{path}: {label} {state}: hint"
            assert button.get_attribute("aria-label") == hint, f"{path}: {label} {state}: accessible name"
            button.click()
    words = [*titles, solution, lang["togglebutton_hint"], lang["togglebutton_hint_hide"]]
    assert [w for w in words if foreign(w, lang.script)] == [], f"{path}: words in another language"


def check_phone_dark(tab, path: str) -> None:
    """On a phone in dark mode: a tap opens each solution, the open blocks fit, axe finds nothing."""
    assert tab.evaluate("document.documentElement.dataset.theme") == "dark"
    width = tab.evaluate("document.documentElement.clientWidth")
    for label in labels(path, "solution"):
        button = tab.locator(f"[id='{label}'] button.toggle-button")
        assert button.count() == 1, f"{path}: no button folds {label} (sphinx-togglebutton)"
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, f"{path}: the button of {label} is {box}: too small to tap"
        button.tap()
        assert not folded(tab, label), f"{path}: a tap does not open {label}"
    wide = tab.eval_on_selector_all(BLOCKS, f"els => els.filter(el => el.getBoundingClientRect().right > {width} + 1)"
                                            ".map(el => el.id)")
    assert wide == [], f"{path}: blocks wider than the phone's screen"
    assert blocks_audit(tab) == [], f"{path}: dark, phone, solutions open"


def check_axe_open(tab, path: str) -> None:
    """Every solution opened by its button: axe finds nothing in the blocks (light, desktop)."""
    for button in tab.locator(".solution button.toggle-button").all():
        button.click()
    assert blocks_audit(tab) == [], f"{path}: light, desktop, solutions open"


@pytest.mark.parametrize("path", SCRIPT_PAGES[0])
def test_solutions_are_folded_on_load_and_open_by_mouse(warm_tab, path):
    check_folded_on_load_and_open_by_mouse(warm_tab(path, "desktop", "light"), path)


@pytest.mark.parametrize("path", SCRIPT_PAGES[1])
def test_solutions_open_and_fold_by_keyboard(warm_tab, path):
    check_keyboard(warm_tab(path, "desktop", "light"), path)


@pytest.mark.parametrize("path", PAGES)
def test_blocks_speak_the_page_language(warm_tab, path):
    check_words(warm_tab(path, "desktop", "light"), path)


@pytest.mark.parametrize("path", SCRIPT_PAGES[0])
def test_blocks_on_a_phone_in_dark_mode(warm_tab, path):
    check_phone_dark(warm_tab(path, "phone", "dark"), path)


@pytest.mark.parametrize("path", SCRIPT_PAGES[1])
def test_blocks_pass_axe_folded_and_open(warm_tab, path):
    tab = warm_tab(path, "desktop", "light")
    assert blocks_audit(tab) == [], f"{path}: light, desktop, solutions folded"
    check_axe_open(tab, path)


@pytest.mark.full
@pytest.mark.parametrize("path", [p for p in EXERCISE_PAGES if not is_sample(p)])
def test_every_exercise_page(warm_tab, path):
    """Every check above on a page that is not a sample page: one load at the desktop size in light
    mode (the checks that need the page as loaded first; each leaves the solutions folded), one on
    a phone in dark mode."""
    tab = warm_tab(path, "desktop", "light")
    check_folded_on_load_and_open_by_mouse(tab, path)
    check_words(tab, path)
    check_keyboard(tab, path)
    check_axe_open(tab, path)  # folded: the page sweep's audit (module docstring)
    check_phone_dark(warm_tab(path, "phone", "dark"), path)
