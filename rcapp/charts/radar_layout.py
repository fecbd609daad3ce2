"""Where the radar's axis names and values go: boxes that overlap neither each other nor the chart.

Pure geometry over estimated text widths (rcapp.text_width tells wide characters from
narrow ones). A name is anchored by its axis's angle (left of the chart it ends at its
point, right of it it starts there, at the top and bottom it is centred) and grows away
from the chart; names that would meet a neighbour are wrapped to fewer lines or cut with
"…" (the table beside the chart has every name whole). Each value sits near its point,
moved along its axis until it is clear of the other values and the ring figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from rcapp import text_width

WIDTH = 540
HEIGHT = 460
RADIUS = 150
FONT = 13.0  # the names' font size (the root's)
VALUE_FONT = 11.0
# Width of a character at 13 px: Noto Sans CJK's Latin letters average 0.61 em ("Management"
# measured 6.1 em in the PDF), a wide (Chinese) character is an em.
_NARROW, _WIDE = 8.0, 13.0
# The CJK font's glyph box, in em, above and below the baseline (what pdftotext reports):
# lines 1.2 em apart overlapped by a quarter of an em in the scorecard PDF.
ASCENT, DESCENT = 1.16, 0.29
LINE = 1.5  # em from one baseline to the next: more than the 1.45 em glyph box
GAP = 10.0  # between the outer ring and a name
EDGE = 4.0  # kept free at the drawing's edges
_MAX_LINES = 4
_CJK_LINE = 8  # characters per line of a name without spaces
_WORD_LINE = 18  # narrow characters per line of a name in words, widened before cutting
_SIDE = 0.26  # |cos| or |sin| below this: the axis counts as vertical or horizontal


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def meets(self, other: Box) -> bool:
        """Whether the two boxes share ground (touching edges do not count)."""
        across = min(self.x1, other.x1) - max(self.x0, other.x0)
        down = min(self.y1, other.y1) - max(self.y0, other.y0)
        return across > 0 and down > 0

    def inside(self, width: float, height: float) -> bool:
        return self.x0 >= 0 and self.y0 >= 0 and self.x1 <= width and self.y1 <= height

    def distance_from(self, x: float, y: float) -> float:
        """How far the box's nearest point is from (x, y); 0 if it covers the point."""
        dx = max(self.x0 - x, 0.0, x - self.x1)
        dy = max(self.y0 - y, 0.0, y - self.y1)
        return math.hypot(dx, dy)

    def farthest_from(self, x: float, y: float) -> float:
        dx = max(abs(self.x0 - x), abs(self.x1 - x))
        dy = max(abs(self.y0 - y), abs(self.y1 - y))
        return math.hypot(dx, dy)


@dataclass(frozen=True)
class Label:
    """An axis name placed: its anchor x, each line's baseline, and the box the lines fill."""

    x: float
    baselines: tuple[float, ...]
    anchor: str  # SVG text-anchor
    lines: tuple[str, ...]
    shortened: bool
    box: Box


@dataclass(frozen=True)
class ValueMark:
    """A value's text placed: its centre's x, its baseline and the box behind it."""

    x: float
    baseline: float
    text: str
    box: Box


# A little below the middle: the legend takes the top left corner.
CENTRE = (WIDTH / 2, HEIGHT / 2 + 10)


def axis_angle(index: int, count: int) -> float:
    return -math.pi / 2 + 2 * math.pi * index / count


def axis_point(index: int, count: int, fraction: float) -> tuple[float, float]:
    """Return the (x, y) of `fraction` (0-1) along axis `index`; axis 0 points straight up."""
    return _along(axis_angle(index, count), RADIUS * fraction)


def _along(angle: float, distance: float) -> tuple[float, float]:
    return CENTRE[0] + distance * math.cos(angle), CENTRE[1] + distance * math.sin(angle)


def text_px(text: str, font: float = FONT) -> float:
    """Estimate `text`'s drawn width at `font` px: wide characters an em, others 0.61 em."""
    wide = text_width.width(text) - len(text)  # the helper counts a wide character twice
    return (wide * _WIDE + (len(text) - wide) * _NARROW) * font / FONT


def glyph_box(x: float, baseline: float, text: str, font: float) -> Box:
    """Give the ground a line of text from `x` covers, as the PDF's text layer measures it."""
    return Box(x, baseline - ASCENT * font, x + text_px(text, font), baseline + DESCENT * font)


def place_labels(axes: Sequence[str], obstacles: Sequence[Box] = ()) -> list[Label]:
    """Place every axis name so no two names, nor a name and an obstacle, share ground."""
    count = len(axes)
    rooms = [_room(i, count) for i in range(count)]
    labels = [_label(i, count, axes[i], *rooms[i]) for i in range(count)]
    for _ in range(40 * count):  # each step shrinks one name: it ends
        index = _first_crowded(labels, obstacles)
        if index is None:
            break
        width, lines = rooms[index]
        shown = labels[index]
        if len(shown.lines) > 1:
            rooms[index] = (width, len(shown.lines) - 1)
        else:
            narrower = (shown.box.x1 - shown.box.x0) * 0.85
            if narrower < 2 * _WIDE:
                break  # one character and "…": nothing left to give
            rooms[index] = (narrower, 1)
        labels[index] = _label(index, count, axes[index], *rooms[index])
    return labels


def _first_crowded(labels: Sequence[Label], obstacles: Sequence[Box]) -> int | None:
    """Pick the name to shrink: of two that meet, the larger; one meeting an obstacle, itself."""
    for index, label in enumerate(labels):
        if any(label.box.meets(obstacle) for obstacle in obstacles):
            return index
        for other in range(index + 1, len(labels)):
            if label.box.meets(labels[other].box):
                return max((index, other), key=lambda i: _area(labels[i].box))
    return None


def _area(box: Box) -> float:
    return (box.x1 - box.x0) * (box.y1 - box.y0)


def _anchor(index: int, count: int) -> tuple[float, float, str, str]:
    """Give the name's point, its text-anchor and which way it grows: up, down or both."""
    angle = axis_angle(index, count)
    x, y = _along(angle, RADIUS + GAP)
    cos, sin = math.cos(angle), math.sin(angle)
    anchor = "middle" if abs(cos) < _SIDE else ("start" if cos > 0 else "end")
    grows = "up" if sin < -_SIDE else ("down" if sin > _SIDE else "both")
    return x, y, anchor, grows


def _room(index: int, count: int) -> tuple[float, int]:
    """Give the width and the number of lines a name has between its point and the edges."""
    x, y, anchor, grows = _anchor(index, count)
    if anchor == "start":
        width = WIDTH - EDGE - x
    elif anchor == "end":
        width = x - EDGE
    else:
        width = 2 * (min(x, WIDTH - x) - EDGE)
    height = {"up": y - EDGE, "down": HEIGHT - EDGE - y}.get(
        grows, 2 * min(y - EDGE, HEIGHT - EDGE - y)
    )
    lines = math.floor((height / FONT - ASCENT - DESCENT) / LINE) + 1
    return width, max(1, min(_MAX_LINES, lines))


def _label(index: int, count: int, axis: str, width: float, max_lines: int) -> Label:
    x, y, anchor, grows = _anchor(index, count)
    lines, shortened = fit_label(axis, width, max_lines)
    baselines = block_baselines(y, len(lines), grows)
    widest = max(text_px(line) for line in lines)
    left = {"start": x, "end": x - widest}.get(anchor, x - widest / 2)
    box = Box(left, baselines[0] - ASCENT * FONT, left + widest, baselines[-1] + DESCENT * FONT)
    return Label(x, baselines, anchor, tuple(lines), shortened, box)


def block_baselines(y: float, count: int, grows: str, font: float = FONT) -> tuple[float, ...]:
    """Baselines of `count` lines whose block ends at `y` (up), starts there or centres on it."""
    height = (ASCENT + DESCENT + LINE * (count - 1)) * font
    top = {"up": y - height, "down": y}.get(grows, y - height / 2)
    first = top + ASCENT * font
    return tuple(first + LINE * font * n for n in range(count))


def code_position(index: int, count: int, font: float) -> tuple[float, float, str]:
    """Where a short code stands in for the name: its x, baseline and text-anchor."""
    x, y, anchor, grows = _anchor(index, count)
    return x, block_baselines(y, 1, grows, font)[0], anchor


def place_values(
    texts: Sequence[str | None], fractions: Sequence[float], obstacles: Sequence[Box] = ()
) -> list[ValueMark | None]:
    """Put each value just inside its point, moved beside or along its axis until it is clear.

    Clear: of the values placed before it and of `obstacles` (the ring figures), and inside
    the outer ring, so it never meets a name. None where there is no value.
    """
    count = len(texts)
    placed: list[ValueMark | None] = []
    taken = list(obstacles)
    for index, text in enumerate(texts):
        if text is None:
            placed.append(None)
            continue
        candidates = [
            _value_at(index, count, text, distance, side)
            for distance in _distances(fractions[index])
            for side in (0, -1, 1)  # on the axis, else beside it (axis 0 has the ring figures)
        ]
        inside = [c for c in candidates if c.box.farthest_from(*CENTRE) <= RADIUS]
        clear = [c for c in inside if not any(c.box.meets(other) for other in taken)]
        mark = (clear or inside or candidates)[0]
        placed.append(mark)
        taken.append(mark.box)
    return placed


def _distances(fraction: float) -> list[float]:
    """From the point inwards first, then outwards, then farther each way, in half steps."""
    point = RADIUS * fraction
    steps = [point - 12]
    for step in range(1, 2 * math.ceil(RADIUS / 6)):
        steps += [point - 12 - 6 * step, point - 12 + 6 * step]
    return [d for d in steps if 0 <= d <= RADIUS]


def _value_at(index: int, count: int, text: str, distance: float, side: int) -> ValueMark:
    """Place the value `distance` along its axis, moved its own width to a `side` (-1, 0, 1)."""
    angle = axis_angle(index, count)
    half = text_px(text, VALUE_FONT) / 2 + 2
    x, y = _along(angle, distance)
    shift = side * (half + 3)
    x, y = x - shift * math.sin(angle), y + shift * math.cos(angle)
    height = (ASCENT + DESCENT) * VALUE_FONT
    box = Box(x - half, y - height / 2, x + half, y + height / 2)
    return ValueMark(x, y - height / 2 + ASCENT * VALUE_FONT, text, box)


def fit_label(label: str, room: float, max_lines: int) -> tuple[list[str], bool]:
    """Break `label` into at most `max_lines` lines `room` wide; True when it had to be cut.

    Words break only at spaces, never inside ("Logistics" stays whole); a Chinese name
    without spaces is cut into balanced runs of characters. What does not fit ends in "…".
    """
    words = " " in label.strip()
    if words or text_width.width(label) == len(label):
        units = label.split() if words else [label]
        width = min(room, _WORD_LINE * _NARROW)
        lines = _by_words(units, width)
        while len(lines) > max_lines and width < room:  # widen before cutting
            width = min(room, width + 2 * _NARROW)
            lines = _by_words(units, width)
    else:
        fitting = max(1, math.floor(room / _WIDE))
        per_line = min(_CJK_LINE, fitting)
        if math.ceil(len(label) / per_line) > max_lines:  # widen before cutting
            per_line = min(fitting, math.ceil(len(label) / max_lines))
        count = max(1, math.ceil(len(label) / per_line))
        size = max(1, math.ceil(len(label) / count))  # nine characters: 5 + 4, not 8 + 1
        lines = [label[i : i + size] for i in range(0, len(label), size)]
    shortened = len(lines) > max_lines
    lines = lines[:max_lines]
    if shortened:
        lines[-1] = _ellipsis(lines[-1] + "…", room)
    for number, line in enumerate(lines):
        if text_px(line) > room:
            lines[number], shortened = _ellipsis(line, room), True
    return lines or [label], shortened


def _by_words(words: list[str], width: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and text_px(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _ellipsis(line: str, room: float) -> str:
    """Shorten `line` to end in "…" within `room`."""
    text = line.removesuffix("…")
    while text and text_px(text + "…") > room:
        text = text[:-1].rstrip()
    return text + "…"
