"""The glossary (术语表) lists the terms, and the Chinese pages use them consistently.

docs/zh/glossary.md is a definition list: ``中文术语（English）``, a one-line
definition, and optionally ``不写作：A、B`` (renderings the pages avoid) and
``见 {ref}`label``` (where the term is explained). docs/en/glossary.md lists the
same terms in the same order as ``English term · 中文术语``.

* No Chinese page uses an avoided rendering.
* Where a Chinese page glosses a glossary term's English in brackets,
  ``…（gradient）``, the Chinese right before it is the glossary's term.
* Every term the common brief names is in the glossary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

import page_alignment
from helpers import ROOT

ZH_ENTRY = re.compile(r"^(?P<zh>[^\s（：:][^（\n]*)（(?P<en>[^）\n]+)）\n(?P<body>(?::[^\n]*\n?)+)", re.M)
EN_ENTRY = re.compile(r"^(?P<en>[^\s:][^\n]*?) · (?P<zh>[^\n]+)\n(?P<body>(?::[^\n]*\n?)+)", re.M)
AVOID = re.compile(r"^: 不写作：(?P<list>.+)$", re.M)
HAN = r"[\u3400-\u9fff]"

# The terms of the common brief (zh term, English gloss), all of which the glossary must hold.
BRIEF_TERMS = [
    ("张量", "tensor"), ("广播", "broadcasting"), ("自动求导", "autograd"), ("叶子节点", "leaf"),
    ("计算图", "computational graph"), ("梯度", "gradient"), ("优化器", "optimizer"), ("学习率", "learning rate"),
    ("损失函数", "loss function"), ("数据集", "dataset"), ("数据加载器", "DataLoader"), ("预训练", "pretrained"),
    ("迁移学习", "transfer learning"), ("连续", "contiguous"), ("原地操作", "in-place operation"), ("视图", "view"),
    ("存储", "storage"), ("设备", "device"), ("数据并行", "data parallel"), ("分布式", "distributed"),
]


@dataclass(frozen=True)
class Entry:
    zh: str
    en: str  # the English gloss the Chinese pages write in brackets
    avoid: tuple[str, ...]


def zh_entries() -> list[Entry]:
    text = (ROOT / "docs" / "zh" / "glossary.md").read_text(encoding="utf-8")
    entries = []
    for m in ZH_ENTRY.finditer(text):
        avoid = AVOID.search(m.group("body"))
        items = tuple(a.strip() for a in avoid.group("list").split("、")) if avoid else ()
        entries.append(Entry(m.group("zh").strip(), m.group("en").strip(), items))
    return entries


def en_entries() -> list[tuple[str, str]]:
    text = (ROOT / "docs" / "en" / "glossary.md").read_text(encoding="utf-8")
    return [(m.group("en").strip(), m.group("zh").strip()) for m in EN_ENTRY.finditer(text)]


ENTRIES = zh_entries()


def zh_pages() -> dict[str, str]:
    return {
        page: (ROOT / "docs" / "zh" / page).read_text(encoding="utf-8")
        for page in page_alignment.pages(ROOT, "zh")
        if page != "glossary.md"
    }


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def test_glossary_parses_and_every_entry_has_a_definition():
    assert len(ENTRIES) >= 30
    text = (ROOT / "docs" / "zh" / "glossary.md").read_text(encoding="utf-8")
    for m in ZH_ENTRY.finditer(text):
        definition = m.group("body").splitlines()[0]
        assert len(definition) > 8 and not definition.startswith((": 不写作", ": 见")), m.group("zh")
    assert len({e.zh for e in ENTRIES}) == len(ENTRIES), "a term is listed twice"


def test_both_languages_list_the_same_terms_in_the_same_order():
    en = en_entries()
    assert [zh for _, zh in en] == [e.zh for e in ENTRIES]
    for (term, _), entry in zip(en, ENTRIES):
        assert entry.en.lower() in term.lower(), f"en glossary {term!r} vs zh gloss {entry.en!r}"


def test_terms_of_the_brief_are_in_the_glossary():
    have = {(e.zh, e.en) for e in ENTRIES}
    assert [t for t in BRIEF_TERMS if t not in have] == []


def test_avoid_lists_do_not_name_the_term_itself():
    for e in ENTRIES:
        assert e.zh not in e.avoid and all(a and a != e.zh for a in e.avoid), e


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.avoid], ids=lambda e: e.zh)
def test_zh_pages_do_not_use_avoided_renderings(entry):
    found = [
        f"docs/zh/{page}:{line_of(text, m.start())}: {m.group(0)!r} (the glossary says {entry.zh})"
        for page, text in zh_pages().items()
        for variant in entry.avoid
        for m in re.finditer(re.escape(variant), text)
    ]
    assert found == []


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.zh)
def test_zh_pages_gloss_the_english_term_with_the_glossary_term(entry):
    """``…（gradient）`` follows 梯度, not another rendering of gradient."""
    gloss = re.compile(rf"({HAN}+)（{re.escape(entry.en)}[）,，]")
    wrong = [
        f"docs/zh/{page}:{line_of(text, m.start())}: {m.group(0)!r} (the glossary says {entry.zh}（{entry.en}）)"
        for page, text in zh_pages().items()
        for m in gloss.finditer(text)
        if not m.group(1).endswith(entry.zh)
    ]
    assert wrong == []


def test_glossary_links_to_existing_sections():
    """``见 {ref}`label``` points at a section label of the pages, the same in both languages."""
    refs = {}
    for lang in ("zh", "en"):
        text = (ROOT / "docs" / lang / "glossary.md").read_text(encoding="utf-8")
        refs[lang] = re.findall(r"\{ref\}`([^`]+)`", text)
    assert refs["zh"] == refs["en"] and refs["zh"]
    labels = {label for page in page_alignment.pages(ROOT, "en") for label in page_alignment.labels((ROOT / "docs" / "en" / page).read_text(encoding="utf-8"))}
    assert set(refs["zh"]) <= labels
