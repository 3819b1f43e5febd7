"""WCAG 2 contrast, computed from the definition (no colour library).

Relative luminance: each sRGB channel c in [0, 1] is linearised
(c / 12.92 if c <= 0.04045, else ((c + 0.055) / 1.055) ** 2.4) and weighted
0.2126 R + 0.7152 G + 0.0722 B. The contrast of two colours is
(L_light + 0.05) / (L_dark + 0.05); WCAG AA asks 4.5:1 for body text.
"""

from __future__ import annotations

AA = 4.5


def rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")[:6]
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


def hex_of(channels) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in channels)


def over(top: str, bottom: str, opacity: float) -> str:
    """``top`` painted at ``opacity`` over ``bottom``."""
    pairs = zip(rgb(top), rgb(bottom))
    return hex_of(opacity * t + (1 - opacity) * b for t, b in pairs)


def luminance(hex_colour: str) -> float:
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
           for c in rgb(hex_colour)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
