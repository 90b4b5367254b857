"""Captcha images: four characters, drawn in a 5×7 block font of our own on a noisy background.

The strokes sit on a 5-pixel grid, so a client that shrinks the image by five (one terminal half-block
per grid cell) still reads them; the noise is pale and disappears when the image is thresholded.
"""

from __future__ import annotations

import base64
import io
import random

# Random codes avoid characters that are easy to confuse (0/O/Q, 1/I/L, 2/Z, 5/S, 6/G, 8/B, J/T, E/F).
CODE_ALPHABET = "3479ACDEHKMNPRTUVWXY"
CODE_LENGTH = 4

CELL = 5  # pixels per glyph dot
GLYPH_W, GLYPH_H = 5, 7
WIDTH, HEIGHT = 32 * CELL, 12 * CELL  # 32 × 12 dots: 32 columns × 6 rows of half-blocks

_FONT = {
    "0": ".###.#...##..###.#.###..##...#.###.",
    "1": "..#...##....#....#....#....#...###.",
    "2": ".###.#...#....#...#...#...#...#####",
    "3": "####.....#....#.###.....#....#####.",
    "4": "...#...##..#.#.#..#.#####...#....#.",
    "5": "######....####.....#....##...#.###.",
    "6": "..##..#...#....####.#...##...#.###.",
    "7": "#####....#...#...#...#....#....#...",
    "8": ".###.#...##...#.###.#...##...#.###.",
    "9": ".###.#...##...#.####....#...#..##..",
    "A": "..#...#.#.#...##...#######...##...#",
    "B": "####.#...##...#####.#...##...#####.",
    "C": ".###.#...##....#....#....#...#.###.",
    "D": "###..#..#.#...##...##...##..#.###..",
    "E": "######....#....####.#....#....#####",
    "F": "######....#....####.#....#....#....",
    "G": ".###.#...##....#.####...##...#.####",
    "H": "#...##...##...#######...##...##...#",
    "I": ".###...#....#....#....#....#...###.",
    "J": "....#....#....#....##...##...#.###.",
    "K": "#...##..#.#.#..##...#.#..#..#.#...#",
    "L": "#....#....#....#....#....#....#####",
    "M": "#...###.###.#.##.#.##...##...##...#",
    "N": "#...###..##.#.##..###...##...##...#",
    "O": ".###.#...##...##...##...##...#.###.",
    "P": "####.#...##...#####.#....#....#....",
    "Q": ".###.#...##...##...##.#.##..#..##.#",
    "R": "####.#...##...#####.#.#..#..#.#...#",
    "S": ".#####....#.....###.....#....#####.",
    "T": "#####..#....#....#....#....#....#..",
    "U": "#...##...##...##...##...##...#.###.",
    "V": "#...##...##...##...##...#.#.#...#..",
    "W": "#...##...##...##.#.##.#.##.#.#.#.#.",
    "X": "#...##...#.#.#...#...#.#.#...##...#",
    "Y": "#...##...#.#.#...#....#....#....#..",
    "Z": "#####....#...#...#...#...#....#####",
}


def glyph_rows(char: str) -> list[str]:
    bits = _FONT[char.upper()]
    return [bits[i : i + GLYPH_W] for i in range(0, GLYPH_W * GLYPH_H, GLYPH_W)]


def drawable(code: str) -> bool:
    return bool(code) and all(ch.upper() in _FONT for ch in code)


def random_code(rng: random.Random) -> str:
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def render_png(code: str, rng: random.Random) -> bytes:
    """The captcha image of ``code`` as PNG bytes (Pillow, imported here only)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), (236, 240, 244))
    draw = ImageDraw.Draw(image)
    # Pale speckles and curves: noise for the eye, gone once thresholded.
    for _ in range(260):
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        shade = rng.randrange(175, 225)
        draw.point((x, y), fill=(shade, shade - 10, shade + 10))
    for _ in range(3):
        points = [(x, rng.randrange(HEIGHT)) for x in range(0, WIDTH + 1, WIDTH // 4)]
        shade = rng.randrange(170, 200)
        draw.line(points, fill=(shade, shade, 215), width=1)
    inks = [(24, 48, 120), (120, 24, 40), (20, 90, 50), (60, 30, 100)]
    slot = (WIDTH // CELL - 4) // len(code)
    for index, char in enumerate(code):
        left = 2 + index * slot + rng.randrange(0, max(1, slot - GLYPH_W))
        top = rng.randrange(1, 12 - GLYPH_H)
        ink = inks[rng.randrange(len(inks))]
        for row, line in enumerate(glyph_rows(char)):
            for col, bit in enumerate(line):
                if bit == "#":
                    x0, y0 = (left + col) * CELL, (top + row) * CELL
                    draw.rectangle((x0, y0, x0 + CELL - 1, y0 + CELL - 1), fill=ink)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def render_base64(code: str, rng: random.Random) -> str:
    return base64.b64encode(render_png(code, rng)).decode("ascii")
