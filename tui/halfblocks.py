"""Draw a picture in a terminal with half-block characters: two pixels per cell, top and bottom.

Used for the captcha: the image is shrunk to the cell grid, made black and white at the midpoint of its
own darkest and lightest pixel, and each cell becomes one of ' ', '▀', '▄', '█'. Monochrome on purpose:
it reads the same with or without colour (NO_COLOR).
"""

from __future__ import annotations

import io

_CELLS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def png_to_halfblocks(png: bytes, columns: int, rows: int) -> list[str]:
    """``rows`` lines of ``columns`` cells picturing the PNG (Pillow is imported here only)."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(png)) as source:
        grey = ImageOps.grayscale(source.convert("RGB"))
    small = grey.resize((columns, rows * 2), Image.Resampling.BOX)
    pixels = list(small.tobytes())  # mode L: one byte per pixel
    darkest, lightest = min(pixels), max(pixels)
    if lightest - darkest < 16:  # a blank picture: nothing to draw
        return [" " * columns for _ in range(rows)]
    threshold = (darkest + lightest) / 2
    ink = [value < threshold for value in pixels]
    lines = []
    for row in range(rows):
        top = ink[(2 * row) * columns : (2 * row + 1) * columns]
        bottom = ink[(2 * row + 1) * columns : (2 * row + 2) * columns]
        lines.append("".join(_CELLS[(t, b)] for t, b in zip(top, bottom)))
    return lines
