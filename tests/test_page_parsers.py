"""Each thread reuses one lxml parser; what one page leaves in it never reaches the next.

libxml2 reports an early stop (a page nested too deep) only through the parser's error
log, which :class:`Page` reads after parsing. The parser is kept per thread, so these
tests parse pages that stop early and pages that do not, in turn and from many threads,
and check every page reports exactly its own stop.
"""

from __future__ import annotations

import threading

from newsparse.page import Page

DEEP = "<html><body><p>text before</p>" + "<div>" * 400 + "deep text" + "</div>" * 400 + "</body></html>"
CLEAN = "<html><body><p>clean text</p></body></html>"


def stopped(page: Page) -> bool:
    return any("HTML parser stops" in warning for warning in page.warnings)


def test_a_clean_page_after_one_that_stopped_reports_nothing() -> None:
    assert stopped(Page.from_input(DEEP))
    assert not stopped(Page.from_input(CLEAN))
    assert stopped(Page.from_input(DEEP))


def test_threads_each_see_their_own_pages_stops() -> None:
    failures: list[str] = []

    def work(offset: int) -> None:
        for i in range(30):
            deep = (i + offset) % 2 == 0
            page = Page.from_input(DEEP if deep else CLEAN)
            if stopped(page) != deep:
                failures.append(f"thread {offset}, page {i}: deep={deep}, warnings={page.warnings}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
