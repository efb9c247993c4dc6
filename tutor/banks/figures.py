"""Exam figures, drawn as SVG by code (never downloaded).

Each figure is one function that returns SVG text. `FIGURES` maps a path under
question_banks/ ("doctor/figures/ecg-afib.svg") to its function, and `write_all` writes
every figure. Regenerate the committed files with::

    python -m tutor.banks.figures

tests/unit/test_figures.py checks that the committed files are exactly what this module
draws, so edit the drawing here and regenerate; never edit an .svg by hand.

The output is deterministic: no timestamps, no `random` (a fixed linear congruential
generator stands in where a waveform needs irregularity), every number printed with a
fixed precision. Figures must not give the answer away: titles name the kind of record
("심전도 리듬 스트립"), never the finding.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

FONT_FAMILY = "'Noto Sans CJK KR', NanumGothic, sans-serif"
BANKS_DIR = Path(__file__).resolve().parents[2] / "question_banks"

Point = tuple[float, float]


# --------------------------------------------------------------------------- SVG writing


def _n(x: float) -> str:
    """A number with at most two decimals, no trailing zeros, never '-0'."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _pts(points: Iterable[Point]) -> str:
    out = []
    for x, y in points:
        sx, sy = f"{x:.1f}", f"{y:.1f}"
        out.append(f"{'0.0' if sx == '-0.0' else sx},{'0.0' if sy == '-0.0' else sy}")
    return " ".join(out)


def _attrs(attrs: dict[str, str | float]) -> str:
    parts = []
    for k, v in attrs.items():
        text = v if isinstance(v, str) else _n(v)
        parts.append(f"{k}={quoteattr(text)}")
    return " ".join(parts)


_RICH = re.compile(r"([_^])\{([^}]*)\}")


def _rich(s: str, size: float) -> str:
    """Text with chemistry-style markup: "HCO_{3}^{−}" -> subscript 3, superscript minus.

    Drawn with smaller shifted tspans, because the Unicode sub/superscript digits are
    missing or tiny in many Korean fonts.
    """
    segments: list[tuple[str, float, bool]] = []  # text, baseline shift, small
    pos = 0
    for m in _RICH.finditer(s):
        if m.start() > pos:
            segments.append((s[pos : m.start()], 0.0, False))
        segments.append((m.group(2), size * (0.3 if m.group(1) == "_" else -0.45), True))
        pos = m.end()
    if pos < len(s):
        segments.append((s[pos:], 0.0, False))
    out: list[str] = []
    shift = 0.0
    for text, target, small in segments:
        a: dict[str, str | float] = {}
        if target != shift:
            a["dy"] = target - shift
            shift = target
        if small:
            a["font-size"] = size * 0.7
        out.append(f"<tspan {_attrs(a)}>{escape(text)}</tspan>" if a else escape(text))
    return "".join(out)


class _Svg:
    """Collects elements; `render` returns the whole document."""

    def __init__(self, width: float, height: float, title: str) -> None:
        self.width = width
        self.height = height
        self.title = title
        self.defs: list[str] = []
        self.parts: list[str] = []

    def el(self, tag: str, attrs: dict[str, str | float], text: str | None = None) -> None:
        if text is None:
            self.parts.append(f"<{tag} {_attrs(attrs)}/>")
        else:
            self.parts.append(f"<{tag} {_attrs(attrs)}>{escape(text)}</{tag}>")

    def raw(self, markup: str) -> None:
        self.parts.append(markup)

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: str = "none",
        stroke: str = "none",
        sw: float = 1.0,
        rx: float = 0.0,
    ) -> None:
        a: dict[str, str | float] = {"x": x, "y": y, "width": w, "height": h, "fill": fill}
        if stroke != "none":
            a.update({"stroke": stroke, "stroke-width": sw})
        if rx:
            a["rx"] = rx
        self.el("rect", a)

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        *,
        stroke: str = "#222222",
        sw: float = 1.0,
        dash: str | None = None,
    ) -> None:
        a: dict[str, str | float] = {
            "x1": x1,
            "y1": y1,
            "x2": x2,
            "y2": y2,
            "stroke": stroke,
            "stroke-width": sw,
        }
        if dash:
            a["stroke-dasharray"] = dash
        self.el("line", a)

    def path(
        self,
        d: str,
        *,
        fill: str = "none",
        stroke: str = "none",
        sw: float = 1.0,
        extra: dict[str, str | float] | None = None,
    ) -> None:
        a: dict[str, str | float] = {"d": d, "fill": fill}
        if stroke != "none":
            a.update({"stroke": stroke, "stroke-width": sw})
        if extra:
            a.update(extra)
        self.el("path", a)

    def polyline(
        self, points: Sequence[Point], *, stroke: str = "#111111", sw: float = 1.3
    ) -> None:
        self.el(
            "polyline",
            {
                "points": _pts(points),
                "fill": "none",
                "stroke": stroke,
                "stroke-width": sw,
                "stroke-linejoin": "round",
                "stroke-linecap": "round",
            },
        )

    def polygon(self, points: Sequence[Point], *, fill: str, stroke: str = "none") -> None:
        a: dict[str, str | float] = {"points": _pts(points), "fill": fill}
        if stroke != "none":
            a.update({"stroke": stroke, "stroke-width": 1.0, "stroke-linejoin": "round"})
        self.el("polygon", a)

    def circle(
        self, cx: float, cy: float, r: float, *, fill: str, stroke: str = "none", sw: float = 1.0
    ) -> None:
        a: dict[str, str | float] = {"cx": cx, "cy": cy, "r": r, "fill": fill}
        if stroke != "none":
            a.update({"stroke": stroke, "stroke-width": sw})
        self.el("circle", a)

    def text(
        self,
        x: float,
        y: float,
        s: str,
        *,
        size: float = 14,
        anchor: str = "start",
        weight: str = "normal",
        fill: str = "#222222",
    ) -> None:
        a: dict[str, str | float] = {"x": x, "y": y, "font-size": size, "fill": fill}
        if anchor != "start":
            a["text-anchor"] = anchor
        if weight != "normal":
            a["font-weight"] = weight
        if "_{" in s or "^{" in s:
            self.parts.append(f"<text {_attrs(a)}>{_rich(s, size)}</text>")
        else:
            self.el("text", a, s)

    def render(self) -> str:
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(self.width)}" '
            f'height="{_n(self.height)}" viewBox="0 0 {_n(self.width)} {_n(self.height)}" '
            f"font-family={quoteattr(FONT_FAMILY)}>"
        )
        lines = [head, f"<title>{escape(self.title)}</title>"]
        if self.defs:
            lines += ["<defs>", *self.defs, "</defs>"]
        lines.append(
            f'<rect x="0" y="0" width="{_n(self.width)}" height="{_n(self.height)}" '
            'fill="#ffffff"/>'
        )
        lines += self.parts
        lines.append("</svg>")
        return "\n".join(lines) + "\n"


class _Lcg:
    """A tiny fixed-seed generator, so irregular waveforms are the same on every run."""

    def __init__(self, seed: int) -> None:
        self.state = seed & 0xFFFFFFFF

    def random(self) -> float:
        self.state = (1664525 * self.state + 1013904223) & 0xFFFFFFFF
        return self.state / 4294967296.0

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.random()


def _g(x: float, mu: float, sigma: float) -> float:
    z = (x - mu) / sigma
    return math.exp(-0.5 * z * z) if abs(z) < 9 else 0.0


def _ag(x: float, mu: float, left: float, right: float) -> float:
    """An asymmetric Gaussian bump (slow rise, faster fall: a T wave)."""
    return _g(x, mu, left if x < mu else right)


def _sig(x: float) -> float:
    x = max(-60.0, min(60.0, x))
    return 1.0 / (1.0 + math.exp(-x))


# --------------------------------------------------------------------------- ECG

SPEED_MM_S = 25.0  # paper speed
GAIN_MM_MV = 10.0  # amplitude
PX_PER_MM = 4.0
ECG_RATE_HZ = 250  # samples drawn per second
_MINOR = "#f4caca"
_MAJOR = "#e08c8c"
_INK = "#111111"


@dataclass(frozen=True, slots=True)
class _Wave:
    """One beat as a sum of bumps; amplitudes in mV, times in s relative to the R peak."""

    p: float = 0.0
    q: float = 0.0
    r: float = 0.0
    s: float = 0.0
    st: float = 0.0  # ST-segment shift from the J point to the end of the T wave
    t: float = 0.0
    p_at: float = -0.17
    q_at: float = -0.028
    r_w: float = 0.010
    s_at: float = 0.030
    s_w: float = 0.010
    st_end: float = 0.36
    t_at: float = 0.27
    t_w: float = 0.05

    def at(self, dt: float) -> float:
        v = 0.0
        if self.p:
            v += self.p * _g(dt, self.p_at, 0.022)
        v += self.q * _g(dt, self.q_at, 0.008)
        v += self.r * _g(dt, 0.0, self.r_w)
        v += self.s * _g(dt, self.s_at, self.s_w)
        if self.st:
            j_point = self.s_at + 1.6 * self.s_w
            v += self.st * _sig((dt - j_point) / 0.005) * _sig((self.st_end - dt) / 0.025)
        v += self.t * _ag(dt, self.t_at, self.t_w * 1.25, self.t_w * 0.8)
        return v


_AMPLITUDES = ("p", "q", "r", "s", "st", "t")


def _mix(*terms: tuple[float, _Wave]) -> _Wave:
    """A linear combination of leads (same timing), e.g. III = II - I."""
    base = terms[0][1]
    amp = {f: sum(k * getattr(w, f) for k, w in terms) for f in _AMPLITUDES}
    return replace(base, p=amp["p"], q=amp["q"], r=amp["r"], s=amp["s"], st=amp["st"], t=amp["t"])


def _beats(wave: _Wave, r_times: Sequence[float]) -> Callable[[float], float]:
    def signal(t: float) -> float:
        return sum(wave.at(t - r) for r in r_times if -0.6 < t - r < 0.9)

    return signal


def _ecg_grid(svg: _Svg, x: float, y: float, w_mm: int, h_mm: int) -> None:
    minor: list[str] = []
    major: list[str] = []
    y1 = y + h_mm * PX_PER_MM
    x1 = x + w_mm * PX_PER_MM
    for i in range(w_mm + 1):
        xx = x + i * PX_PER_MM
        (major if i % 5 == 0 else minor).append(f"M{_n(xx)} {_n(y)}V{_n(y1)}")
    for j in range(h_mm + 1):
        yy = y + j * PX_PER_MM
        (major if j % 5 == 0 else minor).append(f"M{_n(x)} {_n(yy)}H{_n(x1)}")
    svg.path("".join(minor), stroke=_MINOR, sw=0.6)
    svg.path("".join(major), stroke=_MAJOR, sw=1.1)


def _calibration(svg: _Svg, x: float, base: float) -> None:
    """The 1 mV standardisation pulse: 10 mm tall, 0.2 s (5 mm) wide."""
    mm = PX_PER_MM
    d = (
        f"M{_n(x)} {_n(base)}H{_n(x + 2 * mm)}V{_n(base - 10 * mm)}"
        f"H{_n(x + 7 * mm)}V{_n(base)}H{_n(x + 10 * mm)}"
    )
    svg.path(d, stroke=_INK, sw=1.4)


def _trace(
    svg: _Svg, signal: Callable[[float], float], t0: float, t1: float, x: float, base: float
) -> None:
    n = round((t1 - t0) * ECG_RATE_HZ)
    px_s = SPEED_MM_S * PX_PER_MM
    px_mv = GAIN_MM_MV * PX_PER_MM
    pts = [
        (x + (i / ECG_RATE_HZ) * px_s, base - signal(t0 + i / ECG_RATE_HZ) * px_mv)
        for i in range(n + 1)
    ]
    svg.polyline(pts, stroke=_INK, sw=1.4)


def _label(svg: _Svg, x: float, y: float, s: str, size: float = 17) -> None:
    """A lead label on the grid, on a white patch so the grid lines do not cut it."""
    w = size * 0.62 * len(s) + 8
    svg.rect(x - 3, y - size + 1, w, size + 5, fill="#ffffff", rx=3)
    svg.text(x + 1, y + 1, s, size=size, weight="bold")


def _paper_note(svg: _Svg, x: float, y: float) -> None:
    svg.text(
        x,
        y,
        "기록 속도 25 mm/s · 감도 10 mm/mV (작은 칸 1 mm = 0.04초·0.1 mV, 큰 칸 = 0.2초·0.5 mV)",
        size=12.5,
        fill="#555555",
    )


def _rhythm_strip(
    title: str, lead: str, signal: Callable[[float], float], seconds: float = 7.0
) -> str:
    cal_mm = 10
    w_mm = cal_mm + round(seconds * SPEED_MM_S)
    h_mm = 50
    left, top = 20.0, 46.0
    width = 2 * left + w_mm * PX_PER_MM
    height = top + h_mm * PX_PER_MM + 44
    svg = _Svg(width, height, title)
    svg.text(left, 30, title, size=17, weight="bold")
    _ecg_grid(svg, left, top, w_mm, h_mm)
    base = top + 28 * PX_PER_MM
    _calibration(svg, left, base)
    _trace(svg, signal, 0.0, seconds, left + cal_mm * PX_PER_MM, base)
    _label(svg, left + cal_mm * PX_PER_MM + 8, top + 22, lead)
    _paper_note(svg, left, top + h_mm * PX_PER_MM + 27)
    return svg.render()


def ecg_atrial_fibrillation() -> str:
    """Lead II: irregularly irregular narrow QRS (~95/min), no P waves, fibrillatory baseline."""
    rr = [0.62, 0.48, 0.81, 0.55, 0.70, 0.44, 0.93, 0.58, 0.66, 0.51, 0.77, 0.6]
    r_times = [0.32]
    for x in rr:
        r_times.append(r_times[-1] + x)
    qrs = _Wave(q=-0.06, r=1.15, s=-0.25, t=0.24, t_at=0.25)
    beats = _beats(qrs, r_times)

    def signal(t: float) -> float:
        f = (
            0.055 * math.sin(2 * math.pi * 6.3 * t)
            + 0.035 * math.sin(2 * math.pi * 7.9 * t + 1.1)
            + 0.03 * math.sin(2 * math.pi * 4.6 * t + 2.3)
            + 0.015 * math.sin(2 * math.pi * 10.7 * t + 0.4)
        )
        return beats(t) + f

    return _rhythm_strip("심전도 리듬 스트립 (유도 II)", "II", signal)


def ecg_complete_av_block() -> str:
    """Lead II: P waves at 90/min marching through a regular wide escape rhythm at 35/min."""
    p_times = [0.15 + k * (60 / 90) for k in range(12)]
    r_times = [0.55 + k * (60 / 35) for k in range(5)]
    p_wave = _Wave(p=0.16, p_at=0.0)
    escape = _Wave(r=0.85, r_w=0.022, s=-0.38, s_at=0.062, s_w=0.02, t=-0.3, t_at=0.36, t_w=0.08)
    ps = _beats(p_wave, p_times)
    qrs = _beats(escape, r_times)
    return _rhythm_strip("심전도 리듬 스트립 (유도 II)", "II", lambda t: ps(t) + qrs(t))


def ecg_ventricular_tachycardia() -> str:
    """Lead II: regular wide-complex tachycardia (~180/min, QRS ~0.18 s), no P waves seen."""
    r_times = [0.18 + k * (60 / 180) for k in range(24)]
    wide = _Wave(r=1.25, r_w=0.03, s=-0.65, s_at=0.07, s_w=0.026, t=-0.38, t_at=0.2, t_w=0.04)
    return _rhythm_strip("심전도 리듬 스트립 (유도 II)", "II", _beats(wide, r_times))


def ecg_ventricular_fibrillation() -> str:
    """Lead II: chaotic coarse undulations of varying amplitude and rate; no QRS, no P, no T."""
    rng = _Lcg(20261124)
    knots = [rng.uniform(-1.0, 1.0) for _ in range(80)]

    def noise(t: float) -> float:
        # smooth noise: cosine interpolation between fixed random knots every 0.1 s
        u = t / 0.1
        i = int(u)
        f = (1 - math.cos(math.pi * (u - i))) / 2
        return knots[i] * (1 - f) + knots[i + 1] * f

    def signal(t: float) -> float:
        amp = (
            0.42
            + 0.18 * math.sin(2 * math.pi * 0.37 * t + 0.5)
            + 0.1 * math.sin(2 * math.pi * 0.83 * t)
        )
        phase = 2 * math.pi * (5.1 * t + 0.35 * math.sin(2 * math.pi * 0.61 * t))
        wobble = 2 * math.pi * (7.7 * t + 0.25 * math.sin(2 * math.pi * 1.3 * t + 1.0))
        return amp * (math.sin(phase) + 0.45 * math.sin(wobble + 0.7)) + 0.18 * noise(t)

    return _rhythm_strip("심전도 모니터 (유도 II)", "II", signal)


def ecg_inferior_stemi() -> str:
    """Six limb leads: ST elevation in II, III, aVF (III > II), reciprocal depression in I, aVL.

    Leads I and II are drawn; the others follow Einthoven's law (III = II - I) and the
    Goldberger equations, so the six leads are consistent with one another.
    """
    hr = 75
    r_times = [0.35 + k * (60 / hr) for k in range(8)]
    timing = _Wave(st_end=0.33, t_at=0.25, t_w=0.06)
    lead_i = replace(timing, p=0.06, q=-0.04, r=0.62, s=-0.12, st=-0.07, t=0.02)
    lead_ii = replace(timing, p=0.13, q=-0.12, r=1.05, s=-0.06, st=0.24, t=0.22)
    leads: dict[str, _Wave] = {
        "I": lead_i,
        "II": lead_ii,
        "III": _mix((1.0, lead_ii), (-1.0, lead_i)),
        "aVR": _mix((-0.5, lead_i), (-0.5, lead_ii)),
        "aVL": _mix((1.0, lead_i), (-0.5, lead_ii)),
        "aVF": _mix((1.0, lead_ii), (-0.5, lead_i)),
    }
    layout = [("I", "aVR"), ("II", "aVL"), ("III", "aVF")]
    col_s = 2.5
    cal_mm, col_mm, row_mm = 10, round(col_s * SPEED_MM_S), 28
    w_mm = cal_mm + 2 * col_mm
    h_mm = row_mm * len(layout)
    left, top = 20.0, 46.0
    width = 2 * left + w_mm * PX_PER_MM
    height = top + h_mm * PX_PER_MM + 44
    title = "12유도 심전도 중 사지유도 (I, II, III, aVR, aVL, aVF)"
    svg = _Svg(width, height, title)
    svg.text(left, 30, title, size=17, weight="bold")
    _ecg_grid(svg, left, top, w_mm, h_mm)
    for row, names in enumerate(layout):
        base = top + (row * row_mm + 17) * PX_PER_MM
        _calibration(svg, left, base)
        for col, name in enumerate(names):
            x = left + (cal_mm + col * col_mm) * PX_PER_MM
            t0 = col * col_s
            _trace(svg, _beats(leads[name], r_times), t0, t0 + col_s, x, base)
            if col:
                svg.line(x, base - 6 * PX_PER_MM, x, base + 3 * PX_PER_MM, stroke=_INK, sw=1.4)
            _label(svg, x + 8, top + (row * row_mm + 6) * PX_PER_MM, name)
    _paper_note(svg, left, top + h_mm * PX_PER_MM + 27)
    return svg.render()


# --------------------------------------------------------------------------- fetal monitoring


def ctg_late_decelerations() -> str:
    """FHR baseline ~140 bpm, moderate variability, a late deceleration after every contraction.

    Contractions every 3 min, 60-70 mmHg peaks lasting about 80 s. Each deceleration is
    gradual (onset to nadir about 35 s), 20 bpm deep, begins after the contraction starts,
    reaches its nadir about 28 s after the contraction peak and recovers only after the
    contraction has ended.
    """
    minutes = 12.0
    x0, x1 = 70.0, 790.0
    fhr_top, fhr_bot, fhr_min, fhr_max = 70.0, 310.0, 60.0, 200.0
    uc_top, uc_bot = 360.0, 460.0
    width, height = 820.0, 530.0
    px_min = (x1 - x0) / minutes

    def fx(t_s: float) -> float:
        return x0 + t_s / 60 * px_min

    def fy(bpm: float) -> float:
        return fhr_bot - (bpm - fhr_min) / (fhr_max - fhr_min) * (fhr_bot - fhr_top)

    def uy(mmhg: float) -> float:
        return uc_bot - mmhg / 100 * (uc_bot - uc_top)

    title = "전자태아감시 기록 (위: 태아심박동수, 아래: 자궁수축)"
    svg = _Svg(width, height, title)
    svg.text(26, 32, title, size=17, weight="bold")
    # grids: 10 s / 1 min vertical lines, 10 bpm and 10 mmHg horizontal lines
    for top, bot in ((fhr_top, fhr_bot), (uc_top, uc_bot)):
        minor: list[str] = []
        major: list[str] = []
        for i in range(int(minutes * 6) + 1):
            x = x0 + i * px_min / 6
            (major if i % 6 == 0 else minor).append(f"M{_n(x)} {_n(top)}V{_n(bot)}")
        svg.path("".join(minor), stroke="#d9e6d4", sw=0.6)
        svg.path("".join(major), stroke="#9fbf96", sw=1.1)
    minor = []
    major = []
    for bpm in range(int(fhr_min), int(fhr_max) + 1, 10):
        (major if bpm % 30 == 0 else minor).append(f"M{_n(x0)} {_n(fy(bpm))}H{_n(x1)}")
    for mmhg in range(0, 101, 10):
        (major if mmhg % 50 == 0 else minor).append(f"M{_n(x0)} {_n(uy(mmhg))}H{_n(x1)}")
    svg.path("".join(minor), stroke="#d9e6d4", sw=0.6)
    svg.path("".join(major), stroke="#9fbf96", sw=1.1)
    svg.rect(x0, fhr_top, x1 - x0, fhr_bot - fhr_top, stroke="#7fa276", sw=1.2)
    svg.rect(x0, uc_top, x1 - x0, uc_bot - uc_top, stroke="#7fa276", sw=1.2)
    for bpm in range(int(fhr_min), int(fhr_max) + 1, 30):
        svg.text(x0 - 8, fy(bpm) + 4.5, str(bpm), size=12.5, anchor="end", fill="#444444")
    for mmhg in (0, 50, 100):
        svg.text(x0 - 8, uy(mmhg) + 4.5, str(mmhg), size=12.5, anchor="end", fill="#444444")
    svg.text(26, fhr_top - 10, "태아심박동수 (회/분)", size=13, fill="#333333")
    svg.text(26, uc_top - 10, "자궁 내압 (mmHg)", size=13, fill="#333333")
    for m in range(int(minutes) + 1):
        svg.text(fx(m * 60), uc_bot + 18, f"{m}", size=12.5, anchor="middle", fill="#444444")
    svg.text(x1, uc_bot + 38, "경과 시간 (분)", size=13, anchor="end", fill="#333333")

    peaks = [60.0, 240.0, 420.0, 600.0]  # contraction peaks (s): every 3 min
    rng = _Lcg(4106)
    knots = [rng.uniform(-1.0, 1.0) for _ in range(int(minutes * 60 / 2.5) + 3)]

    def jitter(t: float) -> float:
        """Smooth noise through fixed random knots every 2.5 s (beat-to-beat variability)."""
        u = t / 2.5
        i = int(u)
        f = (1 - math.cos(math.pi * (u - i))) / 2
        return knots[i] * (1 - f) + knots[i + 1] * f

    def fhr(t: float) -> float:
        base = 140.0 + 4.5 * jitter(t) + 1.5 * math.sin(2 * math.pi * t / 7.0 + 1.3)
        decel = sum(20.0 * _g(t, p + 28.0, 18.0) for p in peaks)
        return base - decel

    def uc(t: float) -> float:
        return 12.0 + sum(58.0 * _g(t, p, 19.0) for p in peaks) + 1.0 * math.sin(t / 5.0)

    step = 0.5
    n = int(minutes * 60 / step)
    svg.polyline([(fx(i * step), fy(fhr(i * step))) for i in range(n + 1)], sw=1.3)
    svg.polyline([(fx(i * step), uy(uc(i * step))) for i in range(n + 1)], sw=1.3)
    svg.text(
        26,
        height - 14,
        "세로 가는 선 10초, 굵은 선 1분 · 가로 가는 선 10회/분(위), 10 mmHg(아래)",
        size=12.5,
        fill="#555555",
    )
    return svg.render()


# --------------------------------------------------------------------------- growth chart

_PCT_Z = (("97", 1.881), ("90", 1.2816), ("75", 0.6745), ("50", 0.0), ("25", -0.6745),
          ("10", -1.2816), ("3", -1.881))  # fmt: skip


def height_for_age(age: float, z: float) -> float:
    """Schematic boys' height-for-age (cm): a smooth median and SD, not official values."""
    median = 71.0 + 8.625 * age - 0.1875 * age * age
    sd = 2.6 + 0.34 * age
    return median + z * sd


def weight_for_age(age: float, z: float) -> float:
    """Schematic boys' weight-for-age (kg), log-normal around a smooth median."""
    median = 10.19 + 0.85 * age + 0.153 * age * age
    return median * math.exp(z * (0.10 + 0.008 * age))


GROWTH_AGES = (3.0, 4.0, 5.0, 6.0, 7.0, 8.0)
GROWTH_HEIGHTS = (95.3, 102.4, 108.6, 111.6, 114.0, 116.4)
GROWTH_WEIGHTS = (14.4, 16.3, 18.8, 21.6, 24.6, 27.9)


def growth_chart_height_falloff() -> str:
    """Boy aged 3-8: height crosses from the 50th to below the 3rd percentile (velocity
    ~2.6 cm/yr from age 5) while weight keeps rising (50th -> ~70th)."""
    width, height = 800.0, 610.0
    title = "남아 성장 기록 — 키·몸무게 (백분위 곡선은 교육용 개략 모식도)"
    svg = _Svg(width, height, title)
    svg.text(40, 32, title, size=17, weight="bold")
    a0, a1 = 2.0, 10.0
    panels = (
        ("키 (cm)", 80.0, 150.0, 10.0, height_for_age, GROWTH_HEIGHTS, 70.0),
        ("몸무게 (kg)", 10.0, 50.0, 5.0, weight_for_age, GROWTH_WEIGHTS, 460.0),
    )
    top, bot, pw = 70.0, 400.0, 270.0
    for label, lo, hi, step, pct, values, px in panels:

        def x_of(age: float, px: float = px) -> float:
            return px + (age - a0) / (a1 - a0) * pw

        def y_of(v: float, lo: float = lo, hi: float = hi) -> float:
            return bot - (v - lo) / (hi - lo) * (bot - top)

        # band between the 3rd and 97th percentile
        ages = [a0 + i * 0.1 for i in range(int((a1 - a0) / 0.1) + 1)]
        upper = [(x_of(a), y_of(pct(a, 1.881))) for a in ages]
        lower = [(x_of(a), y_of(pct(a, -1.881))) for a in reversed(ages)]
        svg.polygon(upper + lower, fill="#eef3fb")
        grid: list[str] = []
        for yr in range(int(a0), int(a1) + 1):
            grid.append(f"M{_n(x_of(yr))} {_n(top)}V{_n(bot)}")
        v = lo
        while v <= hi + 1e-9:
            grid.append(f"M{_n(px)} {_n(y_of(v))}H{_n(px + pw)}")
            svg.text(px - 8, y_of(v) + 4.5, f"{v:g}", size=12.5, anchor="end", fill="#444444")
            v += step
        svg.path("".join(grid), stroke="#d5dbe5", sw=0.8)
        svg.rect(px, top, pw, bot - top, stroke="#8a96a8", sw=1.2)
        for yr in range(int(a0), int(a1) + 1):
            svg.text(x_of(yr), bot + 18, str(yr), size=12.5, anchor="middle", fill="#444444")
        svg.text(px + pw / 2, bot + 38, "나이 (세)", size=13, anchor="middle", fill="#333333")
        svg.text(px, top - 12, label, size=14, weight="bold", fill="#333333")
        for name, z in _PCT_Z:
            pts = [(x_of(a), y_of(pct(a, z))) for a in ages]
            svg.polyline(
                pts,
                stroke="#2f5597" if name == "50" else "#7f95bd",
                sw=1.6 if name == "50" else 1.0,
            )
            svg.text(px + pw + 5, y_of(pct(a1, z)) + 4.5, name, size=12, fill="#2f5597")
        svg.text(px + pw + 2, top - 12, "백분위", size=12, fill="#2f5597")
        child = [(x_of(a), y_of(val)) for a, val in zip(GROWTH_AGES, values, strict=True)]
        svg.polyline(child, stroke="#c0392b", sw=1.8)
        for cx, cy in child:
            svg.circle(cx, cy, 4.2, fill="#c0392b", stroke="#ffffff", sw=1.2)

    # measurement table
    tx, ty, cw, rh = 70.0, 470.0, 96.0, 28.0
    rows = (
        ("나이 (세)", [f"{a:g}" for a in GROWTH_AGES]),
        ("키 (cm)", [f"{h:.1f}" for h in GROWTH_HEIGHTS]),
        ("몸무게 (kg)", [f"{w:.1f}" for w in GROWTH_WEIGHTS]),
    )
    for r, (head, cells) in enumerate(rows):
        y = ty + r * rh
        svg.rect(tx, y, 120, rh, fill="#f2f4f8", stroke="#a8b2c2", sw=1.0)
        svg.text(tx + 10, y + 19, head, size=13.5, weight="bold", fill="#333333")
        for c, cell in enumerate(cells):
            cx = tx + 120 + c * cw
            svg.rect(cx, y, cw, rh, fill="#ffffff", stroke="#a8b2c2", sw=1.0)
            svg.text(cx + cw / 2, y + 19, cell, size=13.5, anchor="middle")
    svg.circle(tx + 6, height - 22, 4.2, fill="#c0392b")
    svg.text(
        tx + 16,
        height - 17,
        "측정값 (매년 생일 무렵 같은 기관에서 측정). 음영: 3~97 백분위 범위.",
        size=12.5,
        fill="#555555",
    )
    return svg.render()


# --------------------------------------------------------------------------- lab table

ABG_ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    ("동맥혈가스분석 (실내 공기)", "", "", "", ""),
    ("pH", "7.22", "", "7.35–7.45", "L"),
    ("PaCO_{2}", "20", "mmHg", "35–45", "L"),
    ("PaO_{2}", "108", "mmHg", "80–100", "H"),
    ("HCO_{3}^{−}", "8", "mmol/L", "22–26", "L"),
    ("SaO_{2}", "98", "%", "95–100", ""),
    ("혈청 검사", "", "", "", ""),
    ("Na^{+}", "134", "mmol/L", "135–145", "L"),
    ("K^{+}", "5.4", "mmol/L", "3.5–5.1", "H"),
    ("Cl^{−}", "98", "mmol/L", "98–107", ""),
    ("포도당", "512", "mg/dL", "70–99", "H"),
    ("BUN", "28", "mg/dL", "8–20", "H"),
    ("크레아티닌", "1.2", "mg/dL", "0.5–1.0", "H"),
    ("알부민", "4.2", "g/dL", "3.5–5.0", ""),
    ("젖산", "1.4", "mmol/L", "0.5–2.0", ""),
    ("β-하이드록시뷰티르산", "5.8", "mmol/L", "0.6 미만", "H"),
)


def lab_abg_table() -> str:
    """ABG + chemistry: high anion gap metabolic acidosis with appropriate compensation.

    HCO3 8 -> Winter's expected PaCO2 = 1.5 x 8 + 8 = 20 +/- 2 (measured 20);
    pH = 6.1 + log10(8 / (0.03 x 20)) = 7.22; AG = 134 - (98 + 8) = 28 with albumin 4.2;
    delta AG (28 - 12 = 16) equals delta HCO3 (24 - 8 = 16).
    """
    cols = (40.0, 300.0, 400.0, 500.0, 640.0)  # name, value, unit, reference, flag
    width, rh = 700.0, 27.0
    top = 84.0
    height = top + rh * len(ABG_ROWS) + 40
    title = "응급실 도착 시 검사 결과"
    svg = _Svg(width, height, title)
    svg.text(cols[0], 34, title, size=18, weight="bold")
    heads = ("검사 항목", "결과", "단위", "참고치", "")
    svg.rect(cols[0] - 12, top - rh, width - 2 * (cols[0] - 12), rh, fill="#e9edf3")
    for x, h in zip(cols, heads, strict=True):
        svg.text(x, top - 8, h, size=14, weight="bold", fill="#333333")
    for i, (name, value, unit, ref, flag) in enumerate(ABG_ROWS):
        y = top + i * rh
        if not value:  # section header
            svg.rect(cols[0] - 12, y, width - 2 * (cols[0] - 12), rh, fill="#f6f7f9")
            svg.text(cols[0] - 4, y + 19, name, size=14, weight="bold", fill="#2f5597")
        else:
            svg.text(cols[0] + 8, y + 19, name, size=14)
            svg.text(cols[1] + 40, y + 19, value, size=14, weight="bold", anchor="end")
            svg.text(cols[2], y + 19, unit, size=13, fill="#444444")
            svg.text(cols[3], y + 19, ref, size=13, fill="#444444")
            if flag:
                svg.text(cols[4], y + 19, flag, size=14, weight="bold", fill="#c0392b")
        svg.line(cols[0] - 12, y + rh, width - cols[0] + 12, y + rh, stroke="#d5d9e0", sw=0.8)
    svg.text(
        cols[0] - 12,
        height - 14,
        "H: 참고치보다 높음, L: 참고치보다 낮음",
        size=12.5,
        fill="#555555",
    )
    return svg.render()


# --------------------------------------------------------------------------- dental chart

DMFT_CARIES: dict[int, str] = {16: "O", 26: "OM", 47: "O", 37: "D"}
DMFT_RESTORED: dict[int, str] = {17: "O", 36: "MO", 37: "O"}
DMFT_SEALED: frozenset[int] = frozenset({27})
DMFT_MISSING: frozenset[int] = frozenset({14, 24, 46})


def _surface_polygon(tooth: int, surface: str, x: float, y: float, s: float) -> list[Point]:
    """The part of a five-surface tooth box for one surface (O, M, D, B, L)."""
    quadrant = tooth // 10
    a, b = 0.3 * s, 0.7 * s
    side = {
        "O": "center",
        "B": "top" if quadrant in (1, 2) else "bottom",
        "L": "bottom" if quadrant in (1, 2) else "top",
        "M": "right" if quadrant in (1, 4) else "left",
        "D": "left" if quadrant in (1, 4) else "right",
    }[surface]
    shapes: dict[str, list[Point]] = {
        "center": [(x + a, y + a), (x + b, y + a), (x + b, y + b), (x + a, y + b)],
        "top": [(x, y), (x + s, y), (x + b, y + a), (x + a, y + a)],
        "bottom": [(x, y + s), (x + s, y + s), (x + b, y + b), (x + a, y + b)],
        "left": [(x, y), (x + a, y + a), (x + a, y + b), (x, y + s)],
        "right": [(x + s, y), (x + b, y + a), (x + b, y + b), (x + s, y + s)],
    }
    return shapes[side]


def dental_chart_dmft() -> str:
    """Permanent dentition chart in FDI notation with caries, restorations, a sealant and
    missing teeth (DMFT exercise)."""
    width, height = 880.0, 400.0
    box, gap, mid = 40.0, 6.0, 30.0
    x0 = 82.0
    upper = [18, 17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27, 28]
    lower = [48, 47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 34, 35, 36, 37, 38]
    y_up, y_lo = 118.0, 228.0
    title = "구강검사 치아 기록지 (영구치, FDI 표기)"
    svg = _Svg(width, height, title)
    svg.text(40, 34, title, size=18, weight="bold")

    def x_of(i: int) -> float:
        return x0 + i * (box + gap) + (mid if i >= 8 else 0.0)

    mid_x = x_of(8) - mid / 2 - gap / 2
    svg.text(x_of(0), 72, "환자의 오른쪽 (R)", size=13.5, fill="#333333")
    svg.text(x_of(15) + box, 72, "환자의 왼쪽 (L)", size=13.5, fill="#333333", anchor="end")
    svg.line(mid_x, 84, mid_x, 300, stroke="#888888", sw=1.2, dash="5 4")
    svg.line(x0 - 10, (y_up + box + y_lo) / 2, x_of(15) + box + 10, (y_up + box + y_lo) / 2,
             stroke="#888888", sw=1.2, dash="5 4")  # fmt: skip
    svg.text(40, y_up + box / 2 + 5, "상악", size=14, weight="bold", anchor="middle")
    svg.text(40, y_lo + box / 2 + 5, "하악", size=14, weight="bold", anchor="middle")
    for row, y, num_y in ((upper, y_up, y_up - 10), (lower, y_lo, y_lo + box + 22)):
        for i, tooth in enumerate(row):
            x = x_of(i)
            missing = tooth in DMFT_MISSING
            outline = "#9a9a9a" if missing else "#333333"
            for surf in "OMDBL":
                fill = "#ffffff"
                if surf in DMFT_RESTORED.get(tooth, ""):
                    fill = "#2e6fd8"
                if surf in DMFT_CARIES.get(tooth, ""):
                    fill = "#d62f2f"
                if surf == "O" and tooth in DMFT_SEALED:
                    fill = "#2e9b4f"
                svg.polygon(_surface_polygon(tooth, surf, x, y, box), fill=fill, stroke=outline)
            if tooth in DMFT_SEALED:
                svg.text(x + box / 2, y + box / 2 + 4.5, "S", size=12, anchor="middle",
                         weight="bold", fill="#ffffff")  # fmt: skip
            if missing:
                svg.line(x - 3, y - 3, x + box + 3, y + box + 3, stroke="#111111", sw=3.2)
                svg.line(x + box + 3, y - 3, x - 3, y + box + 3, stroke="#111111", sw=3.2)
            svg.text(x + box / 2, num_y, str(tooth), size=14, anchor="middle", weight="bold")

    # legend
    ly = 344.0
    items: list[tuple[str, str]] = [
        ("#d62f2f", "우식 (빨강: 해당 치면)"),
        ("#2e6fd8", "수복물 (파랑: 해당 치면)"),
        ("#2e9b4f", "치면열구전색 (S)"),
        ("X", "상실치 (발거됨)"),
    ]
    lx = 60.0
    for color, text in items:
        if color == "X":
            svg.rect(lx, ly - 14, 18, 18, fill="#ffffff", stroke="#9a9a9a")
            svg.line(lx - 1, ly - 15, lx + 19, ly + 5, stroke="#111111", sw=2.6)
            svg.line(lx + 19, ly - 15, lx - 1, ly + 5, stroke="#111111", sw=2.6)
        else:
            svg.rect(lx, ly - 14, 18, 18, fill=color, stroke="#333333")
        svg.text(lx + 26, ly, text, size=13.5)
        lx += 26 + 14 * len(text) * 0.78 + 34
    svg.text(
        60,
        ly + 34,
        "치아 칸: 가운데 = 교합면, 가로 점선에서 먼 칸 = 협면, 가까운 칸 = 설면(구개면), "
        "세로 점선 쪽 칸 = 근심면, 반대쪽 칸 = 원심면",
        size=12.5,
        fill="#555555",
    )
    return svg.render()


# --------------------------------------------------------------------------- periapical film


def _d(*items: str | Point) -> str:
    """An SVG path from commands and points: _d("M", (0, 0), "L", (10, 5), "Z")."""
    out = []
    for it in items:
        out.append(it if isinstance(it, str) else f"{_n(it[0])} {_n(it[1])} ")
    return "".join(out).replace(" Z", "Z").strip()


@dataclass(frozen=True, slots=True)
class _Tooth:
    crown: str  # outline (enamel)
    dentin: str  # crown inside the enamel rim
    roots: str
    pulp: tuple[str, ...]


def _canal(top: Point, tip: Point, w_top: float) -> str:
    """A root canal tapering from `w_top` wide at the chamber floor to ~2 px at the tip."""
    (x0, y0), (x1, y1) = top, tip
    ym = (y0 + y1) / 2
    return _d(
        "M", (x0 - w_top / 2, y0),
        "C", (x0 - w_top / 2, ym), (x1 - 2, ym), (x1 - 1, y1),
        "L", (x1 + 1, y1),
        "C", (x1 + 2, ym), (x0 + w_top / 2, ym), (x0 + w_top / 2, y0),
        "Z",
    )  # fmt: skip


def _molar(cx: float, crest: float, apex: float, lean: float = 0.0) -> _Tooth:
    """A lower molar: crown up, roots down, `cx` the crown centre.

    The distal root is on the viewer's left, the mesial root on the right (right side of
    the mandible, films mounted as if facing the patient).
    """
    w = 62.0  # half crown width
    occl = crest - 92.0
    cej = crest - 10.0
    crown = _d(
        "M", (cx - w + 8, cej),
        "C", (cx - w - 4, cej - 30), (cx - w - 2, occl + 18), (cx - w + 8, occl + 6),
        "Q", (cx - w + 20, occl - 6), (cx - 22, occl + 4),
        "Q", (cx, occl + 14), (cx + 22, occl + 4),
        "Q", (cx + w - 20, occl - 6), (cx + w - 8, occl + 6),
        "C", (cx + w + 2, occl + 18), (cx + w + 4, cej - 30), (cx + w - 8, cej),
        "Z",
    )  # fmt: skip
    dentin = _d(
        "M", (cx - w + 12, cej),
        "C", (cx - w + 2, cej - 30), (cx - w + 6, occl + 26), (cx - w + 16, occl + 16),
        "Q", (cx, occl + 22), (cx + w - 16, occl + 16),
        "C", (cx + w - 6, occl + 26), (cx + w - 2, cej - 30), (cx + w - 12, cej),
        "Z",
    )  # fmt: skip
    roots = _d(
        "M", (cx - w + 8, cej),
        "C", (cx - w + 6, crest + 50), (cx - 46 + lean, apex - 30), (cx - 38 + lean, apex),
        "Q", (cx - 30 + lean, apex + 6), (cx - 22 + lean, apex - 4),
        "C", (cx - 16, apex - 50), (cx - 14, crest + 40), (cx, crest + 28),
        "C", (cx + 14, crest + 40), (cx + 18, apex - 50), (cx + 24 + lean, apex - 4),
        "Q", (cx + 33 + lean, apex + 6), (cx + 41 + lean, apex),
        "C", (cx + 48 + lean, apex - 30), (cx + w - 6, crest + 50), (cx + w - 8, cej),
        "Z",
    )  # fmt: skip
    chamber = _d(
        "M", (cx - 30, crest - 6),
        "L", (cx - 26, crest - 40),
        "Q", (cx - 25, crest - 54), (cx - 17, crest - 46),
        "Q", (cx, crest - 40), (cx + 17, crest - 46),
        "Q", (cx + 25, crest - 54), (cx + 26, crest - 40),
        "L", (cx + 30, crest - 6),
        "Q", (cx, crest + 2), (cx - 30, crest - 6),
        "Z",
    )  # fmt: skip
    canals = (
        _canal((cx - 31, crest - 8), (cx - 30 + lean, apex - 3), 7.0),
        _canal((cx + 31, crest - 8), (cx + 32.5 + lean, apex - 3), 7.0),
    )
    return _Tooth(crown, dentin, roots, (chamber, *canals))


def _premolar(cx: float, crest: float, apex: float) -> _Tooth:
    """A single-rooted lower premolar."""
    w = 36.0
    occl = crest - 86.0
    cej = crest - 10.0
    crown = _d(
        "M", (cx - w + 8, cej),
        "C", (cx - w - 4, cej - 28), (cx - w, occl + 20), (cx - 12, occl + 4),
        "Q", (cx, occl - 8), (cx + 12, occl + 4),
        "C", (cx + w, occl + 20), (cx + w + 4, cej - 28), (cx + w - 8, cej),
        "Z",
    )  # fmt: skip
    dentin = _d(
        "M", (cx - w + 12, cej),
        "C", (cx - w + 2, cej - 28), (cx - w + 6, occl + 24), (cx - 10, occl + 12),
        "Q", (cx, occl + 4), (cx + 10, occl + 12),
        "C", (cx + w - 6, occl + 24), (cx + w - 2, cej - 28), (cx + w - 12, cej),
        "Z",
    )  # fmt: skip
    root = _d(
        "M", (cx - w + 8, cej),
        "C", (cx - w + 8, crest + 60), (cx - 12, apex - 20), (cx - 4, apex),
        "Q", (cx, apex + 4), (cx + 4, apex),
        "C", (cx + 12, apex - 20), (cx + w - 8, crest + 60), (cx + w - 8, cej),
        "Z",
    )  # fmt: skip
    pulp = _d(
        "M", (cx - 8, occl + 34),
        "Q", (cx, occl + 24), (cx + 8, occl + 34),
        "C", (cx + 9, crest + 40), (cx + 3, apex - 30), (cx + 1, apex - 4),
        "L", (cx - 1, apex - 4),
        "C", (cx - 3, apex - 30), (cx - 9, crest + 40), (cx - 8, occl + 34),
        "Z",
    )  # fmt: skip
    return _Tooth(crown, dentin, root, (pulp,))


def periapical_46_lesion() -> str:
    """Schematic periapical radiograph of the mandibular right molar region (mounted as if
    facing the patient: distal = viewer's left). Tooth 46: deep disto-occlusal caries
    reaching the pulp chamber; the lamina dura is lost at both apices, each surrounded by a
    well-defined radiolucency. 45 and 47 are normal (continuous lamina dura)."""
    width, height = 620.0, 470.0
    fx0, fy0, fw, fh = 50.0, 56.0, 520.0, 340.0
    crest, apex = 190.0, 340.0
    x47, x46, x45 = 150.0, 300.0, 460.0
    title = "치근단 방사선사진 (하악 우측 구치부, 모식도)"
    svg = _Svg(width, height, title)
    svg.text(fx0, 36, title, size=17, weight="bold")
    bone = _d(
        "M", (fx0, crest + 4),
        "Q", (x47 + 70, crest - 14), (x47 + 76, crest - 2),  # 47/46 interdental septum
        "L", (x46 + 76, crest - 2),
        "Q", (x46 + 82, crest - 14), (x45 + 40, crest + 2),  # 46/45 septum
        "L", (fx0 + fw, crest + 4),
        "L", (fx0 + fw, fy0 + fh),
        "L", (fx0, fy0 + fh),
        "Z",
    )  # fmt: skip
    t47 = _molar(x47, crest, apex - 6, lean=-6.0)
    t46 = _molar(x46, crest, apex)
    t45 = _premolar(x45, crest, apex + 6)
    svg.defs += [
        f'<clipPath id="film"><rect x="{_n(fx0)}" y="{_n(fy0)}" width="{_n(fw)}" '
        f'height="{_n(fh)}" rx="14"/></clipPath>',
        f'<clipPath id="bone"><path d="{bone}"/></clipPath>',
        f'<clipPath id="crown46"><path d="{t46.crown}"/></clipPath>',
        '<radialGradient id="lucent"><stop offset="0" stop-color="#202020"/>'
        '<stop offset="0.72" stop-color="#2a2a2a"/>'
        '<stop offset="1" stop-color="#6b6b6b" stop-opacity="0"/></radialGradient>',
    ]
    svg.raw('<g clip-path="url(#film)">')
    svg.rect(fx0, fy0, fw, fh, fill="#1e1e1e")  # air and soft tissue: radiolucent
    svg.path(bone, fill="#6b6b6b")
    svg.raw('<g clip-path="url(#bone)">')
    rng = _Lcg(4646)
    for _ in range(260):  # trabecular pattern
        cx = rng.uniform(fx0, fx0 + fw)
        cy = rng.uniform(crest - 6, fy0 + fh)
        rx, ry = rng.uniform(3.0, 9.0), rng.uniform(2.0, 6.0)
        shade = "#7d7d7d" if rng.random() < 0.6 else "#5a5a5a"
        svg.el("ellipse", {"cx": cx, "cy": cy, "rx": rx, "ry": ry, "fill": shade})
    # lamina dura (bright line) and periodontal ligament space (dark line) around the roots
    for tooth in (t47, t46, t45):
        svg.path(tooth.roots, stroke="#e2e2e2", sw=9.0)
        svg.path(tooth.roots, stroke="#262626", sw=4.5)
    # 46: periapical radiolucencies around both apices, the lamina dura lost there
    for ax, rx, ry in ((x46 - 30, 27.0, 24.0), (x46 + 33, 31.0, 27.0)):
        svg.el("ellipse", {"cx": ax, "cy": apex + 3, "rx": rx + 8, "ry": ry + 7,
                           "fill": "url(#lucent)"})  # fmt: skip
        svg.el("ellipse", {"cx": ax, "cy": apex + 3, "rx": rx, "ry": ry, "fill": "#2a2a2a"})
    svg.raw("</g>")
    for tooth in (t47, t46, t45):
        svg.path(tooth.roots, fill="#bdbdbd")  # root dentin
        svg.path(tooth.crown, fill="#f2f2f2")  # enamel
        svg.path(tooth.dentin, fill="#c6c6c6")
        for pulp in tooth.pulp:
            svg.path(pulp, fill="#3c3c3c")
    # 46: deep disto-occlusal caries reaching the pulp chamber (radiolucent, inside the crown)
    svg.raw('<g clip-path="url(#crown46)">')
    svg.path(
        _d(
            "M", (x46 - 70, crest - 110),
            "L", (x46 - 26, crest - 110),
            "Q", (x46 - 10, crest - 80), (x46 - 14, crest - 48),
            "Q", (x46 - 18, crest - 34), (x46 - 34, crest - 38),
            "Q", (x46 - 56, crest - 46), (x46 - 70, crest - 56),
            "Z",
        ),
        fill="#2b2b2b",
    )  # fmt: skip
    svg.raw("</g>")
    svg.raw("</g>")
    svg.rect(fx0, fy0, fw, fh, stroke="#444444", sw=1.5, rx=14)
    svg.text(x46, fy0 + fh + 26, "가운데 치아: 46", size=14, anchor="middle", weight="bold")
    svg.text(fx0, fy0 + fh + 26, "← 원심 (47 쪽)", size=13, fill="#444444")
    svg.text(fx0 + fw, fy0 + fh + 26, "근심 (45 쪽) →", size=13, anchor="end", fill="#444444")
    svg.text(
        fx0,
        height - 14,
        "방사선 투과성(어두움) · 방사선 불투과성(밝음). 실제 촬영 영상이 아닌 교육용 모식도.",
        size=12.5,
        fill="#555555",
    )
    return svg.render()


# --------------------------------------------------------------------------- registry

FIGURES: dict[str, Callable[[], str]] = {
    "doctor/figures/ecg-afib.svg": ecg_atrial_fibrillation,
    "doctor/figures/ecg-inferior-stemi.svg": ecg_inferior_stemi,
    "doctor/figures/ecg-complete-av-block.svg": ecg_complete_av_block,
    "doctor/figures/ecg-vt.svg": ecg_ventricular_tachycardia,
    "doctor/figures/growth-height-falloff.svg": growth_chart_height_falloff,
    "doctor/figures/lab-abg-chemistry.svg": lab_abg_table,
    "dentist/figures/odontogram-dmft.svg": dental_chart_dmft,
    "dentist/figures/periapical-46.svg": periapical_46_lesion,
    "nurse/figures/ctg-late-decel.svg": ctg_late_decelerations,
    "nurse/figures/ecg-vf.svg": ecg_ventricular_fibrillation,
}


def write_all(root: Path) -> list[Path]:
    """Write every figure under `root` (a question_banks/ folder); returns the paths."""
    written = []
    for rel, draw in FIGURES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(draw(), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main() -> None:
    for path in write_all(BANKS_DIR):
        print(path.relative_to(BANKS_DIR.parent))


if __name__ == "__main__":
    main()
