"""Web pages in: a saved or fetched HTML page -> Article.

The article's main text is extracted by trafilatura (menus, cookie banners, related-article
lists, scripts and footers left out), one paragraph a block, blocks joined by blank lines as
a .txt article is written; the publication date is read by htmldate from the page's markup
(JSON-LD, Open Graph and other meta tags, `<time>`, the URL), never from its prose; title,
author, site name and canonical URL come from the page's metadata (trafilatura reads JSON-LD
NewsArticle, Open Graph, `<link rel=canonical>`). The extracted text is the Article's text:
evidence offsets (NIF) index it, and the RDF records its SHA-256 (kgo:textSha256).

Neither library is asked to fetch anything: both are given a parsed tree (htmldate downloads a
string that looks like a URL).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .errors import InputError
from .types import Article

__all__ = ["HTML_SUFFIXES", "PageText", "html_article", "looks_like_html", "page_text"]

log = logging.getLogger(__name__)

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAX_HEADLINE = 300  # characters of a metadata title kept, as parse_article keeps of a headline line


@dataclass(frozen=True)
class PageText:
    """What a page gives: its main text (paragraphs separated by blank lines) and metadata."""

    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None  # canonical (link rel=canonical, og:url, JSON-LD url), else the page's own
    author: str | None = None
    site: str | None = None


def looks_like_html(text: str) -> bool:
    """Whether a text (a JSONL record's, say) is an HTML document rather than prose."""
    head = text.lstrip()[:1024].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "<p" in text.lower())


def page_text(html: str | bytes, *, where: str, url: str | None = None) -> PageText:
    """The main text and metadata of an HTML page.

    Args:
        html: the page (bytes are decoded by their declared or detected encoding).
        where: the file or URL, for error messages.
        url: the address the page was fetched from (resolves a relative canonical link).
    Raises:
        InputError: no article text could be found in the page.
    """
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        raise InputError(f"{where}: not an HTML page that can be read")
    doc = trafilatura.bare_extraction(tree, url=url, favor_precision=True, include_comments=False,
                                      include_tables=False, include_images=False, include_links=False,
                                      with_metadata=True, deduplicate=False)
    body = getattr(doc, "text", None) if doc is not None else None
    paragraphs = [" ".join(line.split()) for line in (body or "").splitlines()]
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise InputError(f"{where}: no article text found in the page")
    return PageText(text=text + "\n", title=_clean(getattr(doc, "title", None), MAX_HEADLINE),
                    published=_page_date(html, url), url=_clean(getattr(doc, "url", None)) or url,
                    author=_clean(getattr(doc, "author", None)), site=_clean(getattr(doc, "sitename", None)))


def _page_date(html: str | bytes, url: str | None) -> date | None:
    """The publication date in the page's markup (htmldate, original date, no search of the prose)."""
    from htmldate import find_date
    from trafilatura.utils import load_html

    tree = load_html(html)  # a tree of its own: extraction prunes the one it is given
    if tree is None:
        return None
    found: Any = find_date(tree, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    if not found:
        return None
    try:
        return date.fromisoformat(str(found))
    except ValueError:
        return None


def _clean(value: object, limit: int = 500) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text[:limit] or None


def html_article(html: str | bytes, *, article_id: str, source: str, url: str | None = None,
                 published: date | None = None, path_hint: str = "") -> Article:
    """An Article from an HTML page: its main text read as parse_article reads a text (headline,
    dateline), with the page's metadata winning: its title, date (else `published`, else the
    dateline's), canonical URL (else `url`), author and site name.

    Raises:
        InputError: the page holds no article text.
    """
    from .ingest import parse_article

    page = page_text(html, where=source or article_id, url=url)
    article = parse_article(page.text, article_id=article_id, source=source, published=page.published or published,
                            title=page.title, url=page.url or url, path_hint=path_hint)
    log.debug("%s: %d characters of article text, title %r, published %s", source, len(page.text), article.title,
              article.published)
    return replace(article, author=page.author, site=page.site)
