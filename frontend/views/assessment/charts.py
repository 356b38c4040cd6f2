"""The results page's charts as screen coordinates: the portfolio matrix (citizen value
against innovation level, partnership potential as the bubble's size) and each item's profile.
Pure geometry on `assessment.aggregation`'s data; the templates draw them as SVG."""

from __future__ import annotations

import math
from dataclasses import dataclass

from assessment.aggregation import ItemProfile, ItemResult, PortfolioMatrix
from assessment.models import SCALE_MAX, SCALE_MIN
from frontend.localized import stored_label

# The portfolio matrix: a 1–5 scale on both axes, with half a step of room at each end.
MATRIX_WIDTH, MATRIX_HEIGHT = 440, 410
MATRIX_LEFT, MATRIX_RIGHT, MATRIX_TOP, MATRIX_BOTTOM = 66, 14, 14, 66
BUBBLE_MIN, BUBBLE_MAX = 6.0, 22.0


def _svg(value: float) -> str:
    """A coordinate for an SVG attribute: never localised (no decimal comma)."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class MatrixBubble:
    result: ItemResult
    x: float
    y: float
    size: float | None
    cx: str
    cy: str
    r: str
    label_y: str


@dataclass(frozen=True)
class Tick:
    level: int
    at: str  # the grid line's position on its axis
    label_x: str
    label_y: str


@dataclass(frozen=True)
class MatrixChart:
    width: int
    height: int
    left: str
    top: str
    right: str
    bottom: str
    plot_width: str
    plot_height: str
    ticks_x: list[Tick]
    ticks_y: list[Tick]
    mid_x: str
    mid_y: str
    bubbles: list[MatrixBubble]
    unplotted: list[ItemResult]
    x_label: tuple[str, str]
    y_label: tuple[str, str]


def bubble_radius(size: float | None) -> float:
    """Partnership potential as a radius: the bubble's area grows with the value (what the
    eye compares); without a value, a small hollow bubble."""
    if size is None:
        return BUBBLE_MIN * 0.75
    share = max(0.0, min(1.0, (size - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)))
    return BUBBLE_MIN + (BUBBLE_MAX - BUBBLE_MIN) * math.sqrt(share)


def matrix_chart(matrix: PortfolioMatrix, results: list[ItemResult]) -> MatrixChart:
    """Screen coordinates for the portfolio matrix (citizen value on x, innovation level on
    y, partnership potential as the bubble's size)."""
    plot_w = MATRIX_WIDTH - MATRIX_LEFT - MATRIX_RIGHT
    plot_h = MATRIX_HEIGHT - MATRIX_TOP - MATRIX_BOTTOM
    low, high = SCALE_MIN - 0.5, SCALE_MAX + 0.5
    bottom = MATRIX_TOP + plot_h

    def sx(value: float) -> float:
        return MATRIX_LEFT + (value - low) / (high - low) * plot_w

    def sy(value: float) -> float:
        return MATRIX_TOP + (high - value) / (high - low) * plot_h

    by_item = {r.item.id: r for r in results}
    bubbles, unplotted = [], []
    for point in matrix.points:
        result = by_item[point.item.id]
        if point.x is None or point.y is None:
            unplotted.append(result)
            continue
        bubbles.append(
            MatrixBubble(
                result=result,
                x=point.x,
                y=point.y,
                size=point.size,
                cx=_svg(sx(point.x)),
                cy=_svg(sy(point.y)),
                r=_svg(bubble_radius(point.size)),
                label_y=_svg(sy(point.y) + 4),
            )
        )
    # Big bubbles first, so that small ones stay visible on top of them.
    bubbles.sort(key=lambda b: -(b.size or 0))
    levels = range(SCALE_MIN, SCALE_MAX + 1)
    middle = (SCALE_MIN + SCALE_MAX) / 2
    return MatrixChart(
        width=MATRIX_WIDTH,
        height=MATRIX_HEIGHT,
        left=_svg(MATRIX_LEFT),
        top=_svg(MATRIX_TOP),
        right=_svg(MATRIX_LEFT + plot_w),
        bottom=_svg(bottom),
        plot_width=_svg(plot_w),
        plot_height=_svg(plot_h),
        ticks_x=[
            Tick(level, _svg(sx(level)), _svg(sx(level)), _svg(bottom + 20)) for level in levels
        ],
        ticks_y=[
            Tick(level, _svg(sy(level)), _svg(MATRIX_LEFT - 10), _svg(sy(level) + 5))
            for level in levels
        ],
        mid_x=_svg(sx(middle)),
        mid_y=_svg(sy(middle)),
        bubbles=bubbles,
        unplotted=unplotted,
        x_label=(_svg(MATRIX_LEFT + plot_w / 2), _svg(MATRIX_HEIGHT - 16)),
        # Drawn rotated by -90°: x runs along the (upward) y axis, y across.
        y_label=(_svg(-(MATRIX_TOP + plot_h / 2)), "22"),
    )


# Per-item profile: one horizontal bar per criterion, a whisker from lowest to highest.
PROFILE_WIDTH, PROFILE_LABEL, PROFILE_ROW, PROFILE_TOP, PROFILE_BAR = 340, 168, 30, 6, 14
PROFILE_SCALE = (PROFILE_WIDTH - PROFILE_LABEL - 14) / SCALE_MAX


@dataclass(frozen=True)
class ProfileBar:
    name: str
    mean: float | None
    low: int | None
    high: int | None
    y: str
    text_y: str
    mid_y: str
    cap_top: str
    cap_bottom: str
    width: str
    low_x: str
    high_x: str


@dataclass(frozen=True)
class ProfileChart:
    profile: ItemProfile
    width: int
    height: int
    bars: list[ProfileBar]
    ticks: list[Tick]
    axis_y: str
    bar_x: str
    bar_height: int


def profile_chart(profile: ItemProfile) -> ProfileChart:
    def px(value: float) -> float:
        return PROFILE_LABEL + value * PROFILE_SCALE

    bars = []
    for index, axis in enumerate(profile.axes):
        top = PROFILE_TOP + index * PROFILE_ROW + (PROFILE_ROW - PROFILE_BAR) / 2
        middle = top + PROFILE_BAR / 2
        bars.append(
            ProfileBar(
                name=stored_label(axis.criterion),
                mean=axis.mean,
                low=axis.min,
                high=axis.max,
                y=_svg(top),
                text_y=_svg(middle + 5),
                mid_y=_svg(middle),
                cap_top=_svg(middle - 5),
                cap_bottom=_svg(middle + 5),
                width=_svg((axis.mean or 0) * PROFILE_SCALE),
                low_x=_svg(px(axis.min or 0)),
                high_x=_svg(px(axis.max or 0)),
            )
        )
    axis_y = PROFILE_TOP + len(bars) * PROFILE_ROW
    return ProfileChart(
        profile=profile,
        width=PROFILE_WIDTH,
        height=axis_y + 22,
        bars=bars,
        ticks=[
            Tick(level, _svg(px(level)), _svg(px(level)), _svg(axis_y + 16))
            for level in range(0, SCALE_MAX + 1)
        ],
        axis_y=_svg(axis_y),
        bar_x=_svg(PROFILE_LABEL),
        bar_height=PROFILE_BAR,
    )
