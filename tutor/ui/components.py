"""Small rendering helpers shared by the views. Everything user- or bank-supplied is escaped."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st

from tutor.config import get_settings
from tutor.domain.grading import choice_label

# "144." alone on a line, or "2019. 12. 10. 개정", would become a numbered list item.
_NOT_A_LIST = re.compile(r"(?m)^(\s{0,3}\d{1,9})([.)])(?=[ \t]*$|[ \t]+\d)")


def escape_md(text: str) -> str:
    """Markdown stays Markdown; HTML never becomes markup (`<` and `&` are escaped)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _NOT_A_LIST.sub(r"\1\\\2", text)


def md(text: str) -> None:
    st.markdown(escape_md(text), unsafe_allow_html=False)


def plain(text: str) -> str:
    """For labels (radio options, captions): escape Markdown specials too."""
    out = escape_md(text)
    for ch in ("\\", "*", "_", "`", "[", "]", "#", "~", "$", "|"):
        out = out.replace(ch, "\\" + ch)
    return out


def tz() -> ZoneInfo:
    return get_settings().tz


def local_time(value: dt.datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.astimezone(tz()).strftime(fmt)


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    if h:
        return f"{h}시간 {m}분"
    if m:
        return f"{m}분 {s}초"
    return f"{s}초"


def answer_text(qtype: str, answer: list[Any], choices: list[str]) -> str:
    """The key in the form a learner reads it: ③, ②·④ (복수정답), O/X, the value."""
    if qtype in ("single", "multi"):
        sep = ", " if qtype == "multi" else " 또는 "
        return sep.join(choice_label(int(a)) for a in answer)
    if qtype == "true_false":
        return "O" if answer[0] else "X"
    return " / ".join(str(a) for a in answer)


def response_text(qtype: str, response: dict[str, Any] | None) -> str:
    if not response:
        return "—"
    if qtype == "single":
        return choice_label(int(response["choice"]))
    if qtype == "multi":
        return ", ".join(choice_label(int(c)) for c in sorted(response["choices"]))
    if qtype == "true_false":
        return "O" if response["value"] else "X"
    if qtype == "short":
        return str(response.get("text", ""))
    return str(response.get("value", ""))


def question_images(exam_slug: str, images: list[str]) -> None:
    base = (get_settings().banks_dir / exam_slug).resolve()
    for rel in images:
        p = (base / rel).resolve()
        if p.is_relative_to(base) and p.is_file():
            st.image(str(p))


def references(refs: list[str]) -> None:
    if refs:
        st.markdown("\n".join(f"- {plain(r)}" for r in refs))


def banks_path() -> Path:
    return get_settings().banks_dir
