"""The pages section: the bytes each reading page loads, ours against the stock template's."""

from __future__ import annotations

import functools
import gzip
import html.parser
import re
import statistics
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from bench.builds import build_stock, jb_build
from bench.checkout import fresh_site, page_files
from bench.common import (
    BenchError,
    Context,
    Row,
    SectionResult,
    fmt_bytes,
    log,
    signed_bytes,
    yes_no,
)

#: our heaviest reading page may weigh at most this many times the stock template's
#: heaviest page, raw and gzip-compressed (issue: site polish)
TARGET_PAGE_RATIO = 1.2


class _Refs(html.parser.HTMLParser):
    """Collect resources a page loads (not links it merely points to)."""

    LINK_RELS: ClassVar[set[str]] = {
        "stylesheet",
        "preload",
        "modulepreload",
        "icon",
        "shortcut",
        "apple-touch-icon",
        "manifest",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str]] = []  # (kind, url)
        self.images: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "script" and a.get("src"):
            self.loads.append(("script", a["src"]))
        elif tag == "link" and a.get("href"):
            rels = set(a.get("rel", "").lower().split())
            if rels & self.LINK_RELS:
                kind = "stylesheet" if "stylesheet" in rels else "link"
                self.loads.append((kind, a["href"]))
        elif tag in ("img", "source", "video", "audio", "embed", "iframe", "track", "object"):
            src = a.get("src") or a.get("data") or (a.get("srcset", "").split() or [""])[0]
            if src:
                self.loads.append(("image" if tag in ("img", "source") else tag, src))
                if tag == "img":
                    self.images.append(src)
        elif tag == "style":
            self._in_style = True
        if a.get("style") and "url(" in a["style"]:
            self.styles.append(a["style"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


_FONT_FACE = re.compile(r"@font-face\s*{[^}]*}", re.I | re.S)
_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)(?:\s*format\(\s*['\"]?([\w-]+))?", re.I)
_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]([^'\"]+)['\"]", re.I)
_FONT_PREF = ("woff2", "woff", "truetype", "opentype")


def css_urls(text: str) -> list[str]:
    """URLs a style sheet makes the browser fetch.

    For each ``@font-face`` only the one file a modern browser picks (woff2 before woff
    before ttf/otf) counts; every other ``url()`` and ``@import`` counts.
    """
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    urls: list[str] = []
    for block in _FONT_FACE.findall(text):
        found = [
            (u, (fmt or Path(urlsplit(u).path).suffix.lstrip(".")).lower())
            for _, u, fmt in _URL.findall(block)
        ]
        found = [(u, {"ttf": "truetype", "otf": "opentype"}.get(f, f)) for u, f in found]
        for pref in _FONT_PREF:
            pick = [u for u, f in found if f == pref]
            if pick:
                urls.append(pick[0])
                break
        else:
            if found:
                urls.append(found[0][0])
    rest = _FONT_FACE.sub("", text)
    urls.extend(u for _, u, _ in _URL.findall(rest))
    urls.extend(_IMPORT.findall(rest))
    return [u for u in urls if not u.startswith(("data:", "#"))]


def is_offsite(url: str) -> bool:
    return url.startswith("//") or bool(re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I))


def resolve(url: str, base: Path, root: Path) -> Path | None:
    """The local file ``url`` points to from a file in ``base``, or None (off-site, missing)."""
    if is_offsite(url) or url.startswith(("data:", "#", "mailto:", "javascript:")):
        return None
    path = unquote(urlsplit(url).path)
    if not path:
        return None
    target = (root / path.lstrip("/")) if path.startswith("/") else (base / path)
    try:
        target = target.resolve()
        target.relative_to(root.resolve())
    except (OSError, ValueError):
        return None
    return target if target.is_file() else None


#: file types that web hosts (GitHub Pages, nginx with gzip on) send compressed
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".txt", ".map", ".ttf", ".eot"}


@functools.lru_cache(maxsize=4096)
def transfer_bytes(path: Path) -> int:
    """Bytes a host sends for ``path``: gzip level 6 for text types, as is otherwise."""
    if path.suffix.lower() not in COMPRESSIBLE:
        return path.stat().st_size
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def page_weight(page: Path, root: Path) -> dict[str, Any]:
    """Bytes of one page: the HTML plus every local file it loads (CSS followed)."""
    text = page.read_text(encoding="utf-8", errors="replace")
    parser = _Refs()
    parser.feed(text)
    assets: dict[Path, str] = {}
    offsite: set[str] = set()
    missing: set[str] = set()
    queue: list[tuple[str, str, Path]] = [(k, u, page.parent) for k, u in parser.loads]
    queue += [("css-inline", u, page.parent) for s in parser.styles for u in css_urls(s)]
    while queue:
        kind, url, base = queue.pop()
        if url.startswith("data:"):
            continue
        if is_offsite(url):
            offsite.add(("https:" + url) if url.startswith("//") else url)
            continue
        target = resolve(url, base, root)
        if target is None:
            missing.add(url)
            continue
        if target in assets:
            continue
        assets[target] = kind
        if target.suffix.lower() == ".css":
            css = target.read_text(encoding="utf-8", errors="replace")
            queue += [("css-url", u, target.parent) for u in css_urls(css)]
    figures = 0
    images = {resolve(u, page.parent, root) for u in parser.images}
    for img in images:
        if img is not None and "_images" in img.relative_to(root.resolve()).parts:
            figures += img.stat().st_size
    inline_figures = sum(len(m) for m in re.findall(r"data:image/[^\"')\s]+", text))
    html_bytes = page.stat().st_size
    asset_bytes = sum(p.stat().st_size for p in assets)
    by_kind: dict[str, int] = {}
    for p, kind in assets.items():
        ext = p.suffix.lower().lstrip(".") or kind
        by_kind[ext] = by_kind.get(ext, 0) + p.stat().st_size
    total = html_bytes + asset_bytes
    return {
        "page": str(page.relative_to(root)),
        "total": total,
        "transfer": transfer_bytes(page) + sum(transfer_bytes(p) for p in assets),
        "html": html_bytes,
        "assets": asset_bytes,
        "figures": figures + inline_figures,
        "inline_figures": inline_figures,
        "without_figures": total - figures - inline_figures,
        "by_type": dict(sorted(by_kind.items(), key=lambda kv: -kv[1])),
        "asset_sizes": {
            str(p.relative_to(root.resolve())): p.stat().st_size
            for p in sorted(assets, key=lambda q: -q.stat().st_size)
        },
        "offsite": sorted(offsite),
        "unresolved": sorted(missing),
    }


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def find_lite(html: Path, repo: Path | None) -> Path | None:
    """The JupyterLite bundle: the shallowest dir holding a ``jupyter-lite.json``."""
    candidates = [html]
    if repo is not None:
        candidates += [repo / "lite", repo / "_build" / "lite"]
    for base in candidates:
        if not base.is_dir():
            continue
        hits = sorted(base.rglob("jupyter-lite.json"), key=lambda p: len(p.parts))
        if hits:
            return hits[0].parent
    return None


def site_weights(book_root: Path, html: Path) -> dict[str, Any]:
    pages = [page_weight(p, html) for p in page_files(book_root, html)]
    if not pages:
        raise BenchError(f"no TOC page found in {html}")
    largest = max(pages, key=lambda p: p["total"])
    heaviest_frame = max(pages, key=lambda p: p["without_figures"])
    lite = find_lite(html, book_root)
    site = dir_bytes(html)
    lite_bytes = dir_bytes(lite) if lite else None
    offsite = sorted({u for p in pages for u in p["offsite"]})
    return {
        "pages": pages,
        "page_count": len(pages),
        "largest": largest,
        "heaviest_without_figures": heaviest_frame,
        "median_total": statistics.median(p["total"] for p in pages),
        "median_page": sorted(pages, key=lambda p: p["total"])[(len(pages) - 1) // 2]["page"],
        "site_bytes": site,
        "lite_dir": str(lite) if lite else None,
        "lite_bytes": lite_bytes,
        "site_without_lite_bytes": site - (lite_bytes or 0),
        "archive_bytes": sum(p.stat().st_size for p in html.glob("*.zip")),
        "offsite": offsite,
    }


def section_pages(ctx: Context) -> SectionResult:
    res = SectionResult()
    ours = stock = None
    try:
        if ctx.site_html is None:
            if ctx.build_failed:
                raise BenchError("no built site: the build section failed (see its rows)")
            log("pages: no build from this run; building a fresh copy")
            src, out = fresh_site(ctx, "site-pages")
            jb_build(ctx, src, out, "pages-cold")
            ctx.site_root, ctx.site_html = src, out / "_build" / "html"
        ours = res.data["ours"] = site_weights(ctx.site_root, ctx.site_html)
        res.rows += ours_page_rows(ours)
    except Exception as exc:
        res.fail("our site's pages", exc)
    try:
        if ctx.stock_html is None:
            log("pages: building the stock template for the peer figure")
            _, ctx.stock_root, ctx.stock_html = build_stock(ctx, 99)
        stock = res.data["stock"] = site_weights(ctx.stock_root, ctx.stock_html)
        sbig = stock["largest"]
        res.rows.append(
            Row(
                "pages",
                f"peer: stock largest page ({sbig['page']})",
                fmt_bytes(sbig["total"])
                + f" ({fmt_bytes(sbig['transfer'])} gzip-compressed)"
                + f"; median {fmt_bytes(stock['median_total'])}"
                + f"; site {fmt_bytes(stock['site_bytes'])}",
            )
        )
    except Exception as exc:
        res.fail("peer: stock template pages", exc)
    if ours and stock:
        res.rows.append(page_ratio_row(res, ours["largest"], stock["largest"]))
        worst = ours["heaviest_without_figures"]
        limit = stock["heaviest_without_figures"]["without_figures"]
        peer = stock["heaviest_without_figures"]
        contributors = asset_delta(worst["asset_sizes"], peer["asset_sizes"])
        res.data["asset_delta_vs_stock"] = contributors
        delta = worst["without_figures"] - limit
        d_html = (worst["html"] - worst["inline_figures"]) - (peer["html"] - peer["inline_figures"])
        res.data["page_weight_delta"] = {"total": delta, "html": d_html, "files": delta - d_html}
        res.rows.append(
            Row(
                "pages",
                f"heaviest page minus own figures ({worst['page']}) vs stock",
                f"{fmt_bytes(worst['without_figures'])} vs {fmt_bytes(limit)}: "
                f"{signed_bytes(delta)} (html {signed_bytes(d_html)}, "
                f"loaded files {signed_bytes(delta - d_html)}"
                + "".join(f", {name} {signed_bytes(d)}" for name, d in contributors[:3])
                + ")",
            )
        )
    if res.errors:
        res.status = "partial" if (ours or stock) else "failed"
    return res


def page_ratio_row(res: SectionResult, ours: dict[str, Any], stock: dict[str, Any]) -> Row:
    """Our heaviest reading page against the stock template's, raw and gzip, side by side."""
    raw = ours["total"] / stock["total"]
    sent = ours["transfer"] / stock["transfer"]
    res.data["page_weight_ratio"] = {
        "ours_page": ours["page"],
        "stock_page": stock["page"],
        "ours_raw": ours["total"],
        "stock_raw": stock["total"],
        "raw_ratio": raw,
        "ours_gzip": ours["transfer"],
        "stock_gzip": stock["transfer"],
        "gzip_ratio": sent,
        "target": TARGET_PAGE_RATIO,
    }
    return Row(
        "pages",
        "heaviest page vs the stock template's heaviest page",
        f"raw {fmt_bytes(ours['total'])} vs {fmt_bytes(stock['total'])} ({raw:.2f}x); "
        f"gzip {fmt_bytes(ours['transfer'])} vs {fmt_bytes(stock['transfer'])} ({sent:.2f}x)",
        f"<= {TARGET_PAGE_RATIO}x raw and gzip",
        yes_no(max(raw, sent) <= TARGET_PAGE_RATIO),
    )


def asset_delta(ours: dict[str, int], peer: dict[str, int]) -> list[tuple[str, int]]:
    """Files (not figures) by how many bytes more our page loads than the peer's, largest first."""
    names = (set(ours) | set(peer)) - {n for n in set(ours) | set(peer) if n.startswith("_images/")}
    deltas = [(n, ours.get(n, 0) - peer.get(n, 0)) for n in names]
    return sorted((d for d in deltas if d[1]), key=lambda d: -abs(d[1]))


def ours_page_rows(ours: dict[str, Any]) -> list[Row]:
    big = ours["largest"]
    rows = [
        Row(
            "pages",
            f"largest reading page ({big['page']})",
            fmt_bytes(big["total"])
            + f" (html {fmt_bytes(big['html'])}, figures {fmt_bytes(big['figures'])}; "
            + f"{fmt_bytes(big['transfer'])} sent gzip-compressed)",
        ),
        Row(
            "pages",
            f"median reading page ({ours['page_count']} pages)",
            fmt_bytes(ours["median_total"]),
        ),
        Row(
            "pages",
            "whole site (_build/html)",
            fmt_bytes(ours["site_bytes"])
            + (
                f" (of which archives {fmt_bytes(ours['archive_bytes'])})"
                if ours["archive_bytes"]
                else ""
            ),
        ),
    ]
    if ours["lite_bytes"] is not None:
        rows.append(Row("pages", "JupyterLite bundle", fmt_bytes(ours["lite_bytes"])))
    else:
        rows.append(Row("pages", "JupyterLite bundle", "n/a (none in the built site)", met="n/a"))
    hosts = sorted({urlsplit(u).netloc for u in ours["offsite"]})
    rows.append(
        Row(
            "pages",
            "off-site resources loaded by reading pages",
            f"{len(ours['offsite'])} ({', '.join(hosts)})" if hosts else "none",
        )
    )
    return rows
