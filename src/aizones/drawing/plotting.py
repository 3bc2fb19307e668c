"""What the static diagrams and the charts share: fonts, byte-identical saving, text that renders.

matplotlib is imported here, inside the functions, so that the command line stays fast. Output is
the same bytes on every run: SVG ids come from a fixed salt, and neither SVG nor PNG records a
date or the software version. Text is drawn with DejaVu Sans (shipped with matplotlib), plus a
CJK font when the system has one (Debian: ``fonts-noto-cjk`` or ``fonts-wqy-zenhei``); without
one, Chinese labels are left out and any character no font can draw is replaced, so the pictures
render everywhere and matplotlib never warns about missing glyphs. An SVG keeps its text as text
(``svg.fonttype`` none), naming the same fonts, so that it can be searched and read aloud; a viewer
without them draws it in its own sans-serif. Labels are drawn at most
``aizones.core.labels.PICTURE_LABEL_LIMIT`` characters long (``label_text``, ``name_of``): a 1 MB
label would take minutes to draw as paths.
"""

from __future__ import annotations

import contextlib
import io
import textwrap
from collections.abc import Iterator
from functools import cache

from aizones.core.formats import DIAGRAM_FORMATS
from aizones.core.labels import shorten

BASE_FONT = "DejaVu Sans"
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)
SALT = "aizones"


# Font files that hold one of CJK_FONTS, as Debian's packages name them.
_CJK_FILES = ("NotoSansCJK-Regular", "NotoSansSC-Regular", "SourceHanSans", "wqy-zenhei", "wqy-microhei", "DroidSansFallback")


@cache
def cjk_font() -> str | None:
    """The name of a font that draws Chinese, if the system has one.

    matplotlib lists the system's fonts once, in a cache it never renews, so a font installed
    after matplotlib first ran (``apt-get install fonts-noto-cjk`` after ``make run``) stays
    unknown to it: when its list holds none of ours, the system's font files are looked through
    for one, which is added to matplotlib's list and its cache (so this happens once per machine)."""
    import matplotlib
    from matplotlib import font_manager

    def known() -> str | None:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FONTS if name in installed), None)

    if known() is None:
        added = False
        for path in sorted(font_manager.findSystemFonts()):
            if any(part in path for part in _CJK_FILES):
                try:
                    font_manager.fontManager.addfont(path)
                    added = True
                except (OSError, RuntimeError, ValueError):  # a file FreeType cannot read: the next one
                    continue
        if added:
            cache = f"{matplotlib.get_cachedir()}/fontlist-v{font_manager.FontManager.__version__}.json"
            with contextlib.suppress(OSError):
                font_manager.json_dump(font_manager.fontManager, cache)
    return known()


@cache
def _drawable() -> frozenset[int]:
    """The code points the fonts in use can draw."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    points: set[int] = set()
    for name in (BASE_FONT, cjk_font()):
        if name:
            path = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
            points.update(FT2Font(path).get_charmap())
    return frozenset(points)


def printable(text: str) -> str:
    """``text`` with every character the fonts cannot draw replaced by ``?`` (spaces and newlines kept)."""
    drawable = _drawable()
    return "".join(c if c in "\n\t " or ord(c) in drawable else "?" for c in text)


def label_text(label: str) -> str:
    """A label as a picture draws it: at most ``PICTURE_LABEL_LIMIT`` characters (``shorten``), printable."""
    return printable(shorten(label))


def name_of(label: str, label_zh: str, width: int | None = None) -> str:
    """A node's name in a picture: English (shortened, and wrapped at ``width`` if given), plus
    Chinese on a second line when a font can draw it."""
    label, label_zh = shorten(label), shorten(label_zh)
    if width is not None:
        label = textwrap.fill(label, width)  # long names on several short lines
        # Chinese has no spaces to break at, and each character is two columns wide
        label_zh = "\n".join(label_zh[i : i + width // 2] for i in range(0, len(label_zh), width // 2))
    if label_zh and cjk_font():
        return printable(f"{label}\n{label_zh}")
    return printable(label)


@contextlib.contextmanager
def style() -> Iterator[None]:
    """The rc settings every picture is drawn under."""
    import matplotlib

    fonts = [BASE_FONT] + ([cjk_font()] if cjk_font() else [])
    settings = {
        "font.family": fonts,  # a list: matplotlib takes each glyph from the first font that has it
        "svg.hashsalt": SALT,
        "svg.fonttype": "none",  # text stays text: searchable, selectable, read by screen readers
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 12,
        "font.size": 9,
    }
    with matplotlib.rc_context(settings):
        yield


def new_figure(width: float, height: float):
    """A figure not registered with pyplot: no global state, nothing left open."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def save(figure, fmt: str) -> bytes:
    """The figure as SVG or PNG bytes, with no date and no software version inside."""
    if fmt not in DIAGRAM_FORMATS:
        raise ValueError(f"pictures are written as {' or '.join(DIAGRAM_FORMATS)}, not {fmt!r}")
    buffer = io.BytesIO()
    metadata = {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
    with style():
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=150 if fmt == "png" else 100)
    return buffer.getvalue()
