"""QR codes as SVG, made on the server (segno): no image service, no script in the browser."""

from __future__ import annotations

import io

import segno


def qr_svg(data: str, *, title: str, scale: int = 8) -> bytes:
    """A standalone SVG image of `data` as a QR code (error correction M, a quiet zone of two
    modules), its `title` the image's accessible name."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=scale, border=2, title=title)
    return buffer.getvalue()
