"""The glossary (术语表) lists the terms, and the Chinese pages use them consistently.

The glossaries are chosen by writing system (notesite/core/languages.py): the Chinese
one, docs/<code>/glossary.md of the language written in Han (script "Hans"), is a
definition list: ``中文术语（English）``, a one-line definition, and optionally
``不写作：A、B`` (renderings the pages avoid) and ``见 {ref}`label``` (where the term
is explained). The English one, of the language written in Latin (script "Latn"),
lists the same terms in the same order as ``English term · 中文术语``.

* No Chinese page uses an avoided rendering.
* Where a Chinese page glosses a glossary term's English in brackets,
  ``…（gradient）``, the Chinese right before it is the glossary's term.
* Every term the common brief names is in the glossary.
* In Chinese prose a glossary term's English never stands bare: it appears
  only in brackets right after its Chinese term, ``张量（tensor）``, and only at
  the first use of that term on the page. Code, inline code, roles, link text
  and targets, directive options, labels, math and front matter are not prose:
  the class ``DataLoader`` written as inline code is fine.

The glossaries, the links and the prose are read with ``notesite.core.markdown``, the
reader the build's own checks use (MyST-Parser's tokens).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from notesite.core import languages
from notesite.core import markdown
from notesite.ext import page_alignment
from tests.helpers import LANGS, ROOT

# The languages whose glossary has each format: written in Han, and written in Latin letters.
CHINESE = tuple(lang.code for lang in languages.by_script("Hans"))
LATIN = tuple(lang.code for lang in languages.by_script("Latn"))

AVOID = "不写作："  # a definition that lists the renderings the pages avoid
HAN = r"[\u3400-\u9fff]"

# The terms of the common brief (Chinese term, English gloss), all of which the glossary must hold.
BRIEF_TERMS = [
    ("张量", "tensor"), ("广播", "broadcasting"), ("自动求导", "autograd"), ("叶子节点", "leaf"),
    ("计算图", "computational graph"), ("梯度", "gradient"), ("优化器", "optimizer"), ("学习率", "learning rate"),
    ("损失函数", "loss function"), ("数据集", "dataset"), ("数据加载器", "DataLoader"), ("预训练", "pretrained"),
    ("迁移学习", "transfer learning"), ("连续", "contiguous"), ("原地操作", "in-place operation"), ("视图", "view"),
    ("存储", "storage"), ("设备", "device"), ("数据并行", "data parallel"), ("分布式", "distributed"),
]


@dataclass(frozen=True)
class Entry:
    term: str  # the Chinese term
    english: str  # the English gloss the Chinese pages write in brackets
    avoid: tuple[str, ...]


def glossary_text(lang: str) -> str:
    return (ROOT / "docs" / lang / "glossary.md").read_text(encoding="utf-8")


def glossary_entries(lang: str) -> list[markdown.Definition]:
    """The entries of a glossary: its definition list's terms and definitions."""
    return markdown.parse(glossary_text(lang)).definitions


def chinese_entries(lang: str) -> list[Entry]:
    """Each ``中文术语（English）`` entry of a Han-script glossary."""
    entries = []
    for d in glossary_entries(lang):
        term, bracket, english = d.term.strip().partition("（")
        if not bracket or not english.endswith("）"):
            continue
        avoid = next((item.removeprefix(AVOID) for item in d.definitions if item.startswith(AVOID)), None)
        items = tuple(a.strip() for a in avoid.split("、")) if avoid else ()
        entries.append(Entry(term.strip(), english.removesuffix("）").strip(), items))
    return entries


def latin_entries(lang: str) -> list[tuple[str, str]]:
    """(English term, Chinese term) per ``English · 中文`` entry of a Latin-script glossary."""
    return [(english.strip(), term.strip()) for d in glossary_entries(lang)
            for english, dot, term in [d.term.partition(" · ")] if dot]


ENTRIES = {lang: chinese_entries(lang) for lang in CHINESE}
EACH_ENTRY = [(lang, e) for lang in CHINESE for e in ENTRIES[lang]]


def entry_id(case) -> str:
    return f"{case[0]}-{case[1].term}"


def chinese_pages(lang: str) -> dict[str, str]:
    return {
        page: (ROOT / "docs" / lang / page).read_text(encoding="utf-8")
        for page in page_alignment.pages(ROOT, lang)
        if page != "glossary.md"
    }


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def test_glossary_parses_and_every_entry_has_a_definition():
    assert CHINESE, "no language is written in Han (script Hans, notesite/core/languages.py): no Chinese glossary"
    for lang in CHINESE:
        entries = ENTRIES[lang]
        assert len(entries) >= 30, lang
        for d in [d for d in glossary_entries(lang) if "（" in d.term]:
            definition = d.definitions[0] if d.definitions else ""
            assert len(definition) > 6 and not definition.startswith((AVOID, "见")), (lang, d.term)
        assert len({e.term for e in entries}) == len(entries), f"docs/{lang}/glossary.md: a term is listed twice"


def test_both_languages_list_the_same_terms_in_the_same_order():
    assert LATIN, "no language is written in Latin letters (script Latn, notesite/core/languages.py): no English glossary"
    for latin in LATIN:
        listed = latin_entries(latin)
        for chinese in CHINESE:
            assert [term for _, term in listed] == [e.term for e in ENTRIES[chinese]], (latin, chinese)
            for (english, _), entry in zip(listed, ENTRIES[chinese]):
                assert entry.english.lower() in english.lower(), (
                    f"docs/{latin}/glossary.md {english!r} vs docs/{chinese}/glossary.md gloss {entry.english!r}")


@pytest.mark.parametrize("lang", CHINESE)
def test_terms_of_the_brief_are_in_the_glossary(lang):
    have = {(e.term, e.english) for e in ENTRIES[lang]}
    assert [t for t in BRIEF_TERMS if t not in have] == []


def test_avoid_lists_do_not_name_the_term_itself():
    for _, e in EACH_ENTRY:
        assert e.term not in e.avoid and all(a and a != e.term for a in e.avoid), e


@pytest.mark.parametrize("case", [(lang, e) for lang, e in EACH_ENTRY if e.avoid], ids=entry_id)
def test_chinese_pages_do_not_use_avoided_renderings(case):
    lang, entry = case
    found = [
        f"docs/{lang}/{page}:{line_of(text, m.start())}: {m.group(0)!r} (the glossary says {entry.term})"
        for page, text in chinese_pages(lang).items()
        for variant in entry.avoid
        for m in re.finditer(re.escape(variant), text)
    ]
    assert found == []


@pytest.mark.parametrize("case", EACH_ENTRY, ids=entry_id)
def test_chinese_pages_gloss_the_english_term_with_the_glossary_term(case):
    """``…（gradient）`` follows 梯度, not another rendering of gradient."""
    lang, entry = case
    gloss = re.compile(rf"({HAN}+)（{re.escape(entry.english)}[）,，]")
    wrong = [
        f"docs/{lang}/{page}:{line_of(text, m.start())}: {m.group(0)!r} "
        f"(the glossary says {entry.term}（{entry.english}）)"
        for page, text in chinese_pages(lang).items()
        for m in gloss.finditer(text)
        if not m.group(1).endswith(entry.term)
    ]
    assert wrong == []


def test_glossary_links_to_existing_sections():
    """``见 {ref}`label``` points at a section label of the pages, the same in every language."""
    refs = {lang: [r.content for r in markdown.parse(glossary_text(lang)).roles if r.name == "ref"] for lang in LANGS}
    first = LANGS[0]
    assert refs[first], f"docs/{first}/glossary.md links to no section"
    for lang in LANGS:
        assert refs[lang] == refs[first], lang
    labels = {label for page in page_alignment.pages(ROOT, first)
              for label in page_alignment.labels((ROOT / "docs" / first / page).read_text(encoding="utf-8"))}
    assert set(refs[first]) <= labels


# --- bare English terms in Chinese prose -------------------------------------------

# A bare URL is text to MyST, but its words are no English terms.
URL = re.compile(r"https?://\S+")
# English letters around a word: CJK characters count as word characters in Python's
# regex, so \b would not separate "个epoch"; an identifier-like neighbour (x.shape,
# device=, register_forward_hook, view()) marks code written without backticks.
WORD_BEFORE = r"(?<![A-Za-z0-9_.\-/])"
WORD_AFTER = r"(?![A-Za-z0-9_(=\-/]|\.[A-Za-z])"


def prose(text: str) -> str:
    """The page with everything that is not prose blanked out (line numbers kept): front matter,
    code, labels, comments and HTML, directives' fences and options, inline code, roles, links
    and images (text and target), math, URLs. A directive's title and body are prose."""
    return URL.sub(lambda m: " " * len(m.group(0)), markdown.parse(text).prose())


def plural(word: str) -> str:
    if word.endswith("f"):
        return word[:-1] + "(?:f|ves)"  # leaf, leaves
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "(?:e?s)?"  # batches, epochs
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "(?:y|ies)"
    return word + "s?"


def term_pattern(english: str) -> re.Pattern:
    """A glossary English term as a whole word, plural forms too.

    Lower-case terms match in any case (Tensor, Epochs); a term the glossary writes
    with capitals (DataLoader, MLP) is a name and matches only as written.
    """
    words = english.split()
    body = r"[\s-]+".join(re.escape(w) for w in words[:-1])
    last = plural(re.escape(words[-1]))
    flags = 0 if english != english.lower() else re.I
    return re.compile(WORD_BEFORE + (body + r"[\s-]+" if body else "") + last + WORD_AFTER, flags)


TERMS = {lang: [(e, term_pattern(e.english)) for e in ENTRIES[lang]] for lang in CHINESE}
# Terms that are also everyday words (重新编号 "renumber", 连续两次 "twice in a row", a
# function's 参数, 存储 "to store", a snippet 模块, 变换 "to change"): an earlier use of
# the word in its ordinary sense is not a first use of the term, so the gloss may come later.
EVERYDAY_WORDS = {"编号", "连续", "参数", "存储", "变换", "模块"}


def gloss_at(text: str, m: re.Match, entry: Entry) -> bool:
    """True when the match is the bracketed English right after the Chinese term: 轮次（epoch）."""
    before = text[max(0, m.start() - len(entry.term) - 8):m.start()]
    return re.search(re.escape(entry.term) + r"（\s*$", before) is not None and re.match(r"\s*[）,，]", text[m.end():m.end() + 8]) is not None


def in_compound_gloss(text: str, m: re.Match, entry: Entry) -> bool:
    """True inside the bracketed English of a longer term built on the Chinese one:
    参数组（parameter group）, 布尔索引（boolean indexing）, （“神奇索引”，fancy indexing）."""
    start = text.rfind("（", 0, m.start())
    end = text.find("）", m.end())
    if start < 0 or end < 0 or "\n" in text[start:end] or "）" in text[start:m.start()]:
        return False
    before = re.search(rf"{HAN}*(?=\**$)", text[:start]).group(0)  # **参数组**（parameter group）
    return entry.term in before or entry.term in text[start:end]


def glossary_problems(lang: str, page: str, text: str) -> list[str]:
    """Bare glossary English in a Chinese page's prose, and glosses not at the term's first use."""
    found = []
    body = prose(text)
    lines = body.split("\n")
    # A term's first use: its Chinese in prose, headings aside (a title carries no gloss).
    headings = {h.line for h in markdown.parse(text).headings}
    in_paragraphs = "\n".join(" " * len(line) if n in headings else line for n, line in enumerate(lines, 1))
    for entry, pattern in TERMS[lang]:
        glosses = []
        for m in pattern.finditer(body):
            line = line_of(body, m.start())
            if gloss_at(body, m, entry):
                glosses.append((m, line))
                continue
            if in_compound_gloss(body, m, entry):
                continue
            found.append(f"docs/{lang}/{page}:{line}: bare English term {m.group(0)!r} (write {entry.term})")
        for m, line in glosses[1:]:
            found.append(
                f"docs/{lang}/{page}:{line}: '{entry.term}（{m.group(0)}）' again; "
                f"the English goes in brackets once, at the first use (line {glosses[0][1]})"
            )
        if glosses and entry.term not in EVERYDAY_WORDS:
            first_use = in_paragraphs.find(entry.term)
            m, line = glosses[0]
            gloss_start = body.rfind(entry.term, 0, m.start())
            if 0 <= first_use < gloss_start:
                found.append(
                    f"docs/{lang}/{page}:{line}: '{entry.term}（{m.group(0)}）' is not the first use of "
                    f"{entry.term} on the page (line {line_of(in_paragraphs, first_use)}): gloss it there"
                )
    return sorted(found, key=lambda p: int(p.split(":")[1]))


def test_prose_blanks_out_what_is_not_prose():
    text = (
        "---\nkernelspec:\n  name: tensor\n---\n"
        "(data-batch)=\n## 批次\n"
        "用 `DataLoader` 和 {ref}`batch 一节 <data-batch>` 以及 [epoch](https://x.org/epoch)，$x_{batch}$。\n"
        "```{code-cell} ipython3\n:snippet: data/batch.py:epoch\n```\n"
        ":::{admonition} 版本说明：每个 epoch\n:class: tensor\n正文 batch\n:::\n"
        "<!-- epoch -->\n"
    )
    words = re.findall(r"[A-Za-z]+", prose(text))
    assert words == ["epoch", "batch"], "only the admonition's title and body are prose here"
    assert prose(text).count("\n") == text.count("\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("训练 15 个 epoch，每个epochs都打乱。", ["1: bare English term 'epoch' (write 轮次)", "1: bare English term 'epochs' (write 轮次)"]),
        ("按 batch 取样，多个 Batches。", ["1: bare English term 'batch' (write 批次)", "1: bare English term 'Batches' (write 批次)"]),
        ("用 DataLoader 读取，`DataLoader` 是类名。", ["1: bare English term 'DataLoader' (write 数据加载器)"]),
        ("一个两层的 MLP。\n笔记中的 `MLP` 类。", ["1: bare English term 'MLP' (write 多层感知机)"]),
        ("反向传播 computes the gradients。", ["1: bare English term 'gradients' (write 梯度)"]),
        ("叶子节点的 leaves。", ["1: bare English term 'leaves' (write 叶子节点)"]),
        ("用 learning-rate 调度。", ["1: bare English term 'learning-rate' (write 学习率)"]),
        ("轮次（epoch）是遍历一次。一个轮次。", []),
        ("数据加载器（\nDataLoader）按批次取样。", []),
        ("# 数据\n\n数据加载器（\nDataLoader）。", []),
        ("**参数组**（parameter group）与（“神奇索引”，fancy indexing）。", []),
        ("（见 parameter group）。", ["1: bare English term 'parameter' (write 参数)"]),
        ("x.shape 与 device=cpu 与 register_forward_hook 与 view() 都是代码。", []),
        ("DistributedDataParallel 不是 distributed 的复数。", ["1: bare English term 'distributed' (write 分布式)"]),
        ("轮次（epoch）。\n\n每个轮次（epoch）。", ["3: '轮次（epoch）' again; the English goes in brackets once, at the first use (line 1)"]),
        ("先说张量。\n\n再说张量（tensor）。", ["3: '张量（tensor）' is not the first use of 张量 on the page (line 1): gloss it there"]),
        ("# 张量\n\n张量（tensor）是数组。", []),
        ("从 0 重新编号。\n\n进程的编号（rank）。", []),
    ],
)
@pytest.mark.parametrize("lang", CHINESE)
def test_glossary_problems_finds_bare_terms_and_late_glosses(lang, text, expected):
    assert [p.removeprefix(f"docs/{lang}/t.md:") for p in glossary_problems(lang, "t.md", text)] == expected


@pytest.mark.parametrize("lang,doc", [(lang, doc) for lang in CHINESE for doc in sorted(chinese_pages(lang))])
def test_chinese_prose_writes_glossary_terms_in_chinese(lang, doc):
    """No bare English glossary term in Chinese prose; the bracketed English only at the first use."""
    problems = glossary_problems(lang, doc, chinese_pages(lang)[doc])
    assert problems == [], "\n".join(problems)
