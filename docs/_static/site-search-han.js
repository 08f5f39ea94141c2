/*
 * The query cut as notesite/ext/site_search.py indexed Chinese text: Sphinx's own split on
 * anything but letters, digits, _ and emoji, then each run of Han characters cut into its
 * overlapping pairs (反向传播 -> 反向 向传 传播); one character stays itself (图).
 * Replaces Sphinx's splitQuery on the search page of a language that searches in Chinese.
 */
"use strict";

splitQuery = (query) => {
  const runs = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
  const isHan = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
  const terms = [];
  for (const word of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    for (const run of word.match(runs) || []) {
      if (!isHan.test(run) || run.length === 1) terms.push(run);
      else for (let i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
    }
  }
  return terms;
};
