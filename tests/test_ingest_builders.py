"""Small builders of made-up inputs for the ingest tests (pages, WARC archives, feeds).

Imported by the other ``test_ingest_*`` modules; the tests here check that the builders
make what they claim, read back by the libraries that define the formats.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

ARTICLE = (
    "The river bridge in Lowmoor reopened on Tuesday after nine months of repairs, the county "
    "council said. Engineers replaced two corroded steel girders and resurfaced the deck.\n\n"
    "\u201cIt has been a long wait for the people who cross it every day,\u201d said Ana Ruiz, "
    "who chairs the council's roads committee. The work cost 4.2 million pounds."
)
OTHER_ARTICLE = (
    "Fishermen in Port Saltley said catches of mackerel fell by a third this season. "
    "The harbour authority blamed warmer water and promised a study before the spring."
)


def page(
    body: str = ARTICLE,
    *,
    title: str | None = "Lowmoor bridge reopens",
    site: str | None = "The Lowmoor Echo",
    date: str | None = "2016-10-13",
    canonical: str | None = "https://echo.example/news/bridge",
    charset: str | None = "utf-8",
) -> str:
    """A whole news page with the usual metadata tags (each optional)."""
    head = []
    if charset:
        head.append(f'<meta charset="{charset}">')
    if title:
        head.append(f"<title>{title} | {site or 'News'}</title>")
        head.append(f'<meta property="og:title" content="{title}">')
    if site:
        head.append(f'<meta property="og:site_name" content="{site}">')
    if date:
        head.append(f'<meta property="article:published_time" content="{date}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        "<!DOCTYPE html><html><head>" + "".join(head) + "</head><body>"
        "<nav>Home | World | Sport</nav><article><h1>" + (title or "") + "</h1>"
        + paragraphs + "</article><footer>Copyright Echo</footer></body></html>"
    )


def warc_bytes(records: list[dict], *, gz: bool = True) -> bytes:
    """A WARC archive written by warcio; each dict gives one record.

    Keys: ``url``, ``body`` (bytes), ``type`` ("response", "request", "resource"),
    ``status`` ("200 OK"), ``content_type``, ``date`` (WARC-Date).
    """
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for spec in records:
        kind = spec.get("type", "response")
        body = spec.get("body", b"")
        headers = {"WARC-Date": spec.get("date", "2016-10-14T09:30:00Z")}
        http = None
        if kind == "response":
            http = StatusAndHeaders(
                spec.get("status", "200 OK"),
                [("Content-Type", spec.get("content_type", "text/html; charset=utf-8"))],
                protocol="HTTP/1.1",
            )
        elif kind == "request":
            http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "echo.example")], is_http_request=True)
        record = writer.create_warc_record(
            spec.get("url", "https://echo.example/"),
            kind,
            payload=io.BytesIO(body),
            http_headers=http,
            warc_content_type=spec.get("content_type") if kind == "resource" else None,
            warc_headers_dict=headers,
        )
        writer.write_record(record)
    return out.getvalue()


def rss(items: list[dict], *, title: str = "Lowmoor Echo - News") -> str:
    """An RSS 2.0 feed; each item dict may give title, link, pubDate, description, encoded."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"<channel><title>{title}</title><link>https://echo.example/</link>",
        "<description>Local news</description>",
    ]
    for item in items:
        parts.append("<item>")
        for key in ("title", "link", "pubDate"):
            if key in item:
                parts.append(f"<{key}>{item[key]}</{key}>")
        if "description" in item:
            parts.append(f"<description><![CDATA[{item['description']}]]></description>")
        if "encoded" in item:
            parts.append(f"<content:encoded><![CDATA[{item['encoded']}]]></content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts)


def atom(entries: list[dict], *, title: str = "Saltley Harbour News") -> str:
    """An Atom feed; each entry dict may give title, link, published, content, summary."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{title}</title><id>urn:example:feed</id><updated>2016-10-14T00:00:00Z</updated>",
    ]
    for entry in entries:
        parts.append("<entry>")
        if "title" in entry:
            parts.append(f"<title>{entry['title']}</title>")
        if "link" in entry:
            parts.append(f'<link href="{entry["link"]}"/>')
        parts.append(f"<id>{entry.get('link', 'urn:x')}</id>")
        if "published" in entry:
            parts.append(f"<published>{entry['published']}</published>")
        if "content" in entry:
            parts.append(f'<content type="html"><![CDATA[{entry["content"]}]]></content>')
        if "summary" in entry:
            parts.append(f"<summary>{entry['summary']}</summary>")
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts)


def paragraphs_html(text: str) -> str:
    return "".join(f"<p>{p}</p>" for p in text.split("\n\n"))


# ---------------------------------------------------------------- the builders themselves


def test_ingest_builders_warc_reads_back_with_warcio(tmp_path: Path):
    from warcio.archiveiterator import ArchiveIterator

    data = warc_bytes(
        [
            {"type": "request", "url": "https://echo.example/a"},
            {"url": "https://echo.example/a", "body": page().encode()},
        ]
    )
    assert data[:2] == b"\x1f\x8b"
    kinds = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(io.BytesIO(data))]
    assert kinds[-2:] == [("request", "https://echo.example/a"), ("response", "https://echo.example/a")]
    assert gzip.decompress(data).startswith(b"WARC/1")


def test_ingest_builders_feeds_parse_with_feedparser():
    import feedparser

    parsed = feedparser.parse(rss([{"title": "A", "description": "<p>x</p>"}]))
    assert not parsed.bozo and parsed.version.startswith("rss") and parsed.entries[0].title == "A"
    parsed = feedparser.parse(atom([{"title": "B", "content": "<p>y</p>"}]))
    assert not parsed.bozo and parsed.version.startswith("atom") and parsed.entries[0].title == "B"
