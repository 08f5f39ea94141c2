"""The site's languages: the one place that names them.

Each language has its page folder (``docs/<code>/``, built into ``_build/html/<code>/``),
the language Sphinx builds it in, its name as the language switch and the landing page
show it, the word splitter its search uses, its catalogue of theme strings, and every
string that the extensions, templates, the root pages and the PDF put on its pages.
The first language is the one the notes were written in and is built first (it
executes the pages; the others are served from the execution cache).

Every extension, tool, template and test asks this module; no other file spells a
language code. Adding a language is an entry here and a page folder ``docs/<code>/``
with the same pages and section labels as the others (``tests/content/test_pages_align.py``);
``tests/build/test_languages.py`` builds a mini-site with a made-up third language added
that way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Where the catalogues are (conf.py's locale_dirs): <LOCALE_DIR>/<sphinx language>/LC_MESSAGES.
LOCALE_DIR = Path("docs") / "_locale"
# The landing page remembers the reader's choice under this key (lang-switch.js sets it).
CHOICE_KEY = "pytorch-notes-lang"


@dataclass(frozen=True)
class Language:
    code: str  # page folder docs/<code>/, site folder _build/html/<code>/, key of per-language data
    sphinx: str  # Sphinx's language (-D language=...): its own translated strings, dates
    name: str  # the language's name in itself: the switch's text and the landing page's choice
    switch_label: str  # the switch's accessible name, in this language: "open this page in me"
    search: str  # Sphinx's search language (html_search_language): how words are split and stemmed
    script: str  # ISO 15924 code of the writing system of its prose (tests check text against it)
    font: str  # CSS font family for its text in the PDF and on the root pages
    locale: bool  # has catalogues under LOCALE_DIR/<sphinx>/ for what the themes leave untranslated
    strings: dict[str, str] = field(default_factory=dict)  # everything else its pages say (below)

    @property
    def html_lang(self) -> str:
        """The HTML ``lang`` of its pages (``zh_CN`` -> ``zh-CN``)."""
        return self.sphinx.replace("_", "-")

    def __getitem__(self, key: str) -> str:
        """``lang["pdf_label"]``: one of its strings (a KeyError names the language and the key)."""
        try:
            return self.strings[key]
        except KeyError:
            raise KeyError(f"language {self.code!r} has no string {key!r} (notesite/core/languages.py)") from None


# The strings every language gives (a test checks that each has all of them):
STRING_KEYS = (
    "html_title", "author", "copyright", "search_bar_text",  # Sphinx and theme settings
    "nb_code_prompt_show", "nb_code_prompt_hide",  # MyST-NB's folded-cell buttons ({type}: source, outputs)
    "togglebutton_hint", "togglebutton_hint_hide",  # sphinx-togglebutton: a folded solution's button, and its name
    "downloads_title", "downloads_hint",  # snippet_downloads: the list of snippet modules under a page
    "notebook_carries",  # snippet_downloads: a notebook's cell that writes a module it runs as a script
    # practice_notebooks: the practice notebook's opening ({title}: the page's), the word before each
    # exercise, the comment in each empty answer cell, and its entry in the download menu.
    "practice_intro", "practice_exercise", "practice_answer", "practice_button", "practice_tooltip",
    "gpu_recorded", "gpu_pending", "gpu_title",  # gpu_recordings: recorded output, or none yet
    # evidence: a quote of the notes ({quote}), a link to a cell ({region}: its name), a cited
    # installed file ({path}, {line}, {release}: "torch 2.14.1" or "Python 3.11").
    "notes_quote", "cell_link", "source_line",
    "pdf_label", "pdf_subtitle", "pdf_contents", "pdf_choice",  # the sidebar link; the PDF's cover and contents; the landing page's link
    # The PDF's appendix of solutions: its title, a solution's title ({exercise}: the exercise's,
    # "Exercise 1"), the exercise's link to its solution and the solution's link back.
    "pdf_solutions", "pdf_solution_of", "pdf_see_solution", "pdf_back_to_exercise",
    "tagline", "intro",  # the landing page: under the language's choice; the line under the title
    # The 404 page: its title, what happened ({path}, where given: the address asked for), the
    # way back to the contents, the search link's title and text.
    "not_found_title", "not_found", "back_home", "search_title", "search_here",
)

LANGUAGES: tuple[Language, ...] = (
    Language(
        code="zh", sphinx="zh_CN", name="中文", switch_label="阅读本页的中文版",
        search="zh", script="Hans", font='"Noto Sans CJK SC"', locale=True,
        strings={
            "html_title": "PyTorch 学习笔记",
            "author": "PyTorch 学习笔记贡献者",
            "copyright": "2026 PyTorch 学习笔记贡献者",
            "search_bar_text": "搜索…",
            "nb_code_prompt_show": "显示{type}",
            "nb_code_prompt_hide": "隐藏{type}",
            "togglebutton_hint": "显示解答",
            "togglebutton_hint_hide": "隐藏解答",
            "downloads_title": "本页用到的代码",
            "downloads_hint": "每个文件都是完整的 Python 模块，下载后可以直接运行：python 文件名.py",
            "practice_intro": "《{title}》的练习：页面上的练习题都在这里，每道题下面留了一个空的代码单元，"
                              "供你写自己的解答。请从上往下依次运行；参考解答在页面上，折叠在每道题下方。",
            "practice_exercise": "练习",
            "practice_answer": "# 在这里写你的解答\n",
            "practice_button": "练习 .ipynb",
            "practice_tooltip": "下载本页的练习笔记本文件",
            "notebook_carries": "下面的代码单元会把 `{file}` 写到这个 notebook 所在的文件夹，后文有代码单元要把它当作脚本运行。",
            "gpu_recorded": "以下输出录制自 GPU 构建：{gpu}（共 {count} 块），驱动 {driver}，CUDA {cuda}，"
                            "PyTorch {torch}，{date}。",
            "gpu_pending": (
                "这个单元需要 CUDA GPU。本站平时在没有 GPU 的机器上构建，而这个单元还没有在 GPU 机器上"
                "运行过，所以这里暂时没有输出；第一次在 GPU 机器上构建本站之后，输出会显示在这里。"
                "这个单元的作用见上文。"
            ),
            "gpu_title": "需要 GPU",
            "notes_quote": "「{quote}」",
            "cell_link": "代码单元 {region}",
            "source_line": "{path} 第 {line} 行（{release}）",
            "pdf_label": "下载 PDF",
            "pdf_subtitle": "从张量到多 GPU 训练：所有输出都来自实际运行的代码",
            "pdf_contents": "目录",
            "pdf_choice": "下载中文版 PDF",
            "pdf_solutions": "练习解答",
            "pdf_solution_of": "{exercise} 的解答",
            "pdf_see_solution": "解答见书末附录",
            "pdf_back_to_exercise": "回到练习",
            "tagline": "从张量到多 GPU 训练",
            "intro": "页面上的每段输出都是运行上方的代码实际得到的；需要 GPU 的代码单元显示的是在 GPU 机器上录制的输出，尚未录制的会注明。",
            "not_found_title": "页面不存在",
            "not_found": "这个地址没有页面：{path}。也许页面改了名字，或者链接有误。请回到目录重新开始，或者搜索一下。",
            "back_home": "回到目录",
            "search_title": "搜索",
            "search_here": "在中文页面中查找",
        },
    ),
    Language(
        code="en", sphinx="en", name="English", switch_label="Read this page in English",
        search="en", script="Latn", font='"DejaVu Sans"', locale=False,
        strings={
            "html_title": "PyTorch Study Notes",
            "author": "PyTorch Notes contributors",
            "copyright": "2026, PyTorch Notes contributors",
            "search_bar_text": "Search…",
            "nb_code_prompt_show": "Show code cell {type}",
            "nb_code_prompt_hide": "Hide code cell {type}",
            "togglebutton_hint": "Show solution",
            "togglebutton_hint_hide": "Hide solution",
            "downloads_title": "Snippets used on this page",
            "downloads_hint": "Each file is a whole Python module that runs as a script: python <file>.py",
            "practice_intro": "Practice for “{title}”: the page's exercises, each followed by an empty cell for "
                              "your own answer. Run the cells from the top; the page has a solution folded "
                              "under each exercise.",
            "practice_exercise": "Exercise",
            "practice_answer": "# Your answer here\n",
            "practice_button": "Practice .ipynb",
            "practice_tooltip": "Download this page's practice notebook",
            "notebook_carries": "The next cell writes `{file}` into this notebook's folder: a later cell runs it as a script.",
            "gpu_recorded": "Output recorded by the GPU build on {gpu} ({count} visible), driver {driver}, "
                            "CUDA {cuda}, PyTorch {torch}, {date}.",
            "gpu_pending": (
                "This cell needs a CUDA GPU. The site is built without one, and no build on a GPU "
                "machine has run this cell yet, so there is no output to show: it will appear here "
                "after the first build on a GPU machine. The text above says what the cell does."
            ),
            "gpu_title": "Needs a GPU",
            "notes_quote": "“{quote}”",
            "cell_link": "the cell {region}",
            "source_line": "{path}, line {line} ({release})",
            "pdf_label": "Download PDF",
            "pdf_subtitle": "From tensors to multi-GPU training: every output shown was printed by running the code",
            "pdf_contents": "Contents",
            "pdf_choice": "Download the English PDF",
            "pdf_solutions": "Solutions to the exercises",
            "pdf_solution_of": "Solution to {exercise}",
            "pdf_see_solution": "The solution is in the appendix",
            "pdf_back_to_exercise": "Back to the exercise",
            "tagline": "From tensors to multi-GPU training",
            "intro": "Every output shown was printed by running the code above it; the cells that need a GPU show output recorded on a GPU machine, or say that none has been recorded yet.",
            "not_found_title": "Page not found",
            "not_found": "There is no page at this address. It may have moved, or the link may be wrong: "
                         "start again from the contents, or search.",
            "back_home": "Back to the contents",
            "search_title": "Search",
            "search_here": "Search the English pages",
        },
    ),
)

CODES: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES)
FIRST = LANGUAGES[0]  # the notes' language, built first


class UnknownLanguage(KeyError):
    pass


def get(code: str) -> Language:
    """The language whose page folder is ``code``."""
    for lang in LANGUAGES:
        if lang.code == code:
            return lang
    raise UnknownLanguage(f"no language {code!r}; the site's languages are {', '.join(CODES)} (notesite/core/languages.py)")


def of_sphinx(sphinx_language: str | None) -> Language:
    """The language a Sphinx build was started in (``config.language``)."""
    for lang in LANGUAGES:
        if lang.sphinx == sphinx_language:
            return lang
    raise UnknownLanguage(
        f"Sphinx language {sphinx_language!r} is none of the site's "
        f"({', '.join(lang.sphinx for lang in LANGUAGES)}): pass -D language=..., see notesite/core/languages.py"
    )


def of_path(path: str) -> Language | None:
    """The language of a path that starts with its folder (``docs/zh/...``, ``zh/index.html``), or None."""
    parts = Path(path).parts
    parts = parts[1:] if parts[:1] == ("docs",) else parts
    return next((lang for lang in LANGUAGES if parts[:1] == (lang.code,)), None)


def others(lang: Language) -> tuple[Language, ...]:
    """The languages the switch on ``lang``'s pages offers, in site order."""
    return tuple(other for other in LANGUAGES if other.code != lang.code)


def by_script(script: str) -> tuple[Language, ...]:
    return tuple(lang for lang in LANGUAGES if lang.script == script)


def problems() -> list[str]:
    """What is wrong with the declarations (tests/build/test_languages.py fails on any)."""
    found = []
    for key in ("code", "sphinx", "html_lang"):
        values = [getattr(lang, key) for lang in LANGUAGES]
        found += [f"two languages share the {key} {v!r}" for v in sorted(set(values)) if values.count(v) > 1]
    for lang in LANGUAGES:
        missing = [key for key in STRING_KEYS if key not in lang.strings]
        extra = [key for key in lang.strings if key not in STRING_KEYS]
        if missing:
            found.append(f"language {lang.code!r} lacks the strings {', '.join(missing)}")
        if extra:
            found.append(f"language {lang.code!r} has strings no one uses: {', '.join(extra)}")
    return found
