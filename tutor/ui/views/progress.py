"""The learner's own progress: totals, accuracy per subject and over time, recent sessions."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from tutor.i18n import t
from tutor.services import progress
from tutor.ui import state
from tutor.ui.components import duration, local_time, plain, tz
from tutor.ui.resources import get_app

user = state.require()
app = get_app()

st.title(t("progress.title"))
with app.uow() as s:
    ov = progress.overview(s, user.id, tz())

if ov.answered == 0 and not ov.recent:
    st.info(t("progress.empty"))
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric(t("progress.answered"), f"{ov.answered:,}")
c2.metric(t("progress.accuracy"), f"{100 * ov.accuracy:.0f}%")
c3.metric(t("progress.sessions"), ov.sessions)
c4.metric(t("progress.time"), duration(ov.seconds))

if ov.subjects:
    st.subheader(t("progress.by_subject"))
    df = pd.DataFrame(
        [
            {
                "시험": x.exam_name,
                "과목": x.subject,
                "정답률": round(100 * x.accuracy, 1),
                "정답": x.correct,
                "푼 문제": x.answered,
            }
            for x in ov.subjects
        ]
    )
    chart = (
        alt.Chart(df)
        .mark_bar(cornerRadiusEnd=3)
        .encode(
            x=alt.X("정답률:Q", scale=alt.Scale(domain=[0, 100]), title="정답률 (%)"),
            y=alt.Y("과목:N", sort="-x", title=None),
            color=alt.Color(
                "시험:N",
                legend=alt.Legend(orient="top", title=None, labelLimit=400)
                if df["시험"].nunique() > 1
                else None,
            ),
            tooltip=["시험", "과목", "정답", "푼 문제", "정답률"],
        )
        .properties(height=alt.Step(34))
    )
    rule = alt.Chart(pd.DataFrame({"x": [60]})).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
    st.altair_chart(chart + rule, width="stretch")

if ov.days:
    st.subheader(t("progress.over_time"))
    days = pd.DataFrame(
        [
            {
                "날짜": d.day.strftime("%m-%d"),
                "정답률": round(100 * d.accuracy, 1),
                "푼 문제": d.answered,
            }
            for d in ov.days
        ]
    )
    line = (
        alt.Chart(days)
        .mark_line(point=True)
        .encode(
            x=alt.X("날짜:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("정답률:Q", scale=alt.Scale(domain=[0, 100]), title="정답률 (%)"),
            tooltip=["날짜", "정답률", "푼 문제"],
        )
        .properties(height=220)
    )
    st.altair_chart(line, width="stretch")

st.subheader(t("progress.recent"))
for r in ov.recent:
    c1, c2 = st.columns([5, 1], vertical_alignment="center")
    label = t(
        "progress.session_row",
        when=local_time(r.started_at, "%m-%d %H:%M"),
        exam=plain(r.exam_name),
        correct=r.correct,
        answered=r.answered,
        planned=r.planned,
    )
    if r.mode == "mock":
        label = f"**{t('nav.mock')}** · " + label
    if r.finished_at is None:
        label += f" · _{t('progress.in_progress')}_"
    c1.markdown(label)
    with c2:
        if r.mode == "mock":
            st.page_link(
                "tutor/ui/views/mock.py",
                label=t("progress.review"),
                icon=":material/search:",
                query_params={"result": str(r.session_id)},
            )
        else:
            st.page_link(
                "tutor/ui/views/review.py",
                label=t("progress.review"),
                icon=":material/search:",
                query_params={"session": str(r.session_id)},
            )
