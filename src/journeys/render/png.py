"""PNG from SVG, for the WebAssembly backend (which writes no bitmap formats).

The SVG is rasterised by resvg (``resvg-py``: a Rust library in one self-contained
wheel, MIT-licensed, no system libraries). Text is drawn with the DejaVu Sans
face shipped in this package — the face every graph names and whose widths the
WebAssembly Graphviz measures with — so the PNG has its text, sized as laid out,
even on a machine with no fonts installed. Installed fonts are only a fallback
for characters DejaVu Sans lacks.
"""

from __future__ import annotations

from importlib import resources

from journeys.errors import RenderError
from journeys.render.backends import PNG_DPI

FONT_FILE = "DejaVuSans.ttf"


def svg_to_png(svg: bytes) -> bytes:
    """Rasterise ``svg`` (as Graphviz writes it) to PNG at :data:`PNG_DPI`, on white."""
    try:
        import resvg_py
    except ImportError:
        raise RenderError(
            "PNG output from the WebAssembly Graphviz needs resvg: `pip install resvg-py` "
            "(or install Graphviz so that `dot` is on PATH, or write .svg instead)"
        ) from None
    font = resources.files("journeys.render") / "fonts" / FONT_FILE
    with resources.as_file(font) as font_path:
        try:
            return bytes(
                resvg_py.svg_to_bytes(
                    svg_string=svg.decode("utf-8"),
                    # Graphviz sizes SVG in points; resvg turns points into pixels
                    # at this resolution.
                    dpi=float(PNG_DPI),
                    background="white",
                    font_files=[str(font_path)],
                    # System fonts stay loaded as a fallback for characters
                    # DejaVu Sans lacks (CJK, for one).
                    skip_system_fonts=False,
                )
            )
        except (ValueError, RuntimeError) as error:
            raise RenderError(f"cannot rasterise the SVG to PNG: {error}") from None
