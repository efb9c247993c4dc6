"""Mock-exam pieces around the exam screen: the plan before starting, history, the verdict."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from tutor.bootstrap import AppContext
from tutor.domain.grading import choice_label
from tutor.i18n import t
from tutor.services import mock_results, mock_setup
from tutor.services.exams import ExamSummary
from tutor.ui.components import (
    answer_text,
    duration,
    local_time,
    md,
    plain,
    question_images,
    references,
    response_text,
)


def rule_text(rule_min: float, total_min: float, total_basis: str, basis: str) -> str:
    unit = t("mock.group") if basis == "per_group" else t("mock.unit")
    total = t("mock.average") if total_basis == "mean_of_subjects" else t("mock.total")
    return f"{unit}별 {rule_min:g}% 이상 (과락), {total} {total_min:g}% 이상"


def setup_plan(exam: ExamSummary, scale: str) -> None:
    plan = mock_setup.preview(exam, scale)
    with st.container(border=True):
        for p in plan:
            subjects = ", ".join(
                f"{plain(n)} {k}" + (f" (은행 {avail})" if avail < k else "")
                for n, k, avail in p.subjects
            )
            st.markdown(
                t(
                    "mock.plan_row",
                    name=plain(p.name),
                    subjects=subjects,
                    n=sum(k for _, k, _ in p.subjects),
                    minutes=p.minutes,
                )
            )
        r = exam.spec.pass_rule
        st.caption(
            t(
                "mock.rule",
                rule=rule_text(r.subject_min, r.total_min, r.total_basis.value, r.basis.value),
            )
        )
        if scale != "1":
            st.caption(t("mock.scaled_note"))


def history(app: AppContext, user_id: int) -> None:
    st.subheader(t("mock.history"))
    with app.uow() as s:
        past = mock_results.mock_history(s, user_id)
    if not past:
        st.caption(t("mock.no_history"))
        return
    for h in past:
        c1, c2 = st.columns([5, 1], vertical_alignment="center")
        badge = f":green[{t('mock.pass')}]" if h.passed else f":red[{t('mock.fail')}]"
        c1.markdown(
            f"{local_time(h.finished_at or h.started_at, '%m-%d %H:%M')} · {plain(h.exam_name)} · "
            f"{t('mock.scale.' + h.scale)} · **{badge}** · {h.total_percent or 0:.1f}%"
        )
        with c2:
            st.page_link(
                "tutor/ui/views/mock.py",
                label=t("progress.review"),
                icon=":material/search:",
                query_params={"result": str(h.session_id)},
            )
    rows = [
        {
            "시각": (h.finished_at or h.started_at).isoformat(),
            "시험": h.exam_name,
            "과목": k,
            "득점률": round(v, 1),
        }
        for h in past
        for k, v in h.subjects.items()
    ]
    if len(past) > 1:
        st.subheader(t("mock.trend"))
        df = pd.DataFrame(rows)
        chart = (
            alt.Chart(df)
            .mark_line(point=True)
            .encode(
                x=alt.X("시각:T", title=None),
                y=alt.Y("득점률:Q", scale=alt.Scale(domain=[0, 100]), title="득점률 (%)"),
                color=alt.Color("과목:N", legend=alt.Legend(orient="bottom")),
                tooltip=["시험", "과목", "득점률", "시각:T"],
            )
            .properties(height=240)
        )
        st.altair_chart(chart, width="stretch")


def result_view(app: AppContext, user_id: int, sid: int) -> None:
    with app.uow() as s:
        r = mock_results.mock_result(s, user_id, sid)
    v, sm = r.verdict, r.summary
    st.title(t("mock.result_title"))
    st.caption(
        f"{plain(sm.exam_name)} · {t('mock.scale.' + sm.scale)} · "
        f"{local_time(sm.finished_at or sm.started_at)}"
    )
    total_label = t("mock.average") if r.rule.total_basis == "mean_of_subjects" else t("mock.total")
    c1, c2, c3 = st.columns(3)
    c1.metric("판정", t("mock.pass") if v.passed else t("mock.fail"))
    c2.metric(total_label, f"{v.total_percent:.1f}%")
    c3.metric(t("mock.score"), f"{v.total_correct}/{v.total_questions}")
    if v.passed:
        rule = rule_text(r.rule.subject_min, r.rule.total_min, r.rule.total_basis, r.rule.basis)
        st.success(f"{t('mock.pass')} — {rule}", icon=":material/check_circle:")
    else:
        st.error(
            f"**{t('mock.fail')}**\n" + "\n".join(f"- {plain(x)}" for x in v.reasons),
            icon=":material/cancel:",
        )
    unit = t("mock.group") if r.rule.basis == "per_group" else t("mock.unit")
    df = pd.DataFrame(
        [
            {
                unit: u.name,
                t("mock.score"): f"{u.correct}/{u.questions}",
                t("mock.percent"): round(u.percent, 1),
                t("mock.gwarak"): "과락" if u.failed else "",
            }
            for u in v.units
        ]
    )
    st.dataframe(df, hide_index=True, width="stretch")
    bars = pd.DataFrame(
        [
            {"과목": u.name, "득점률": round(u.percent, 1), "판정": "과락" if u.failed else "통과"}
            for u in v.units
        ]
    )
    chart = (
        alt.Chart(bars)
        .mark_bar(cornerRadiusEnd=3)
        .encode(
            x=alt.X("득점률:Q", scale=alt.Scale(domain=[0, 100]), title="득점률 (%)"),
            y=alt.Y("과목:N", sort=None, title=None),
            color=alt.Color(
                "판정:N",
                scale=alt.Scale(domain=["통과", "과락"], range=["#2e7d32", "#c62828"]),
                legend=None,
            ),
            tooltip=["과목", "득점률", "판정"],
        )
        .properties(height=alt.Step(30))
    )
    lines = (
        alt.Chart(pd.DataFrame({"x": [r.rule.subject_min, r.rule.total_min]}))
        .mark_rule(strokeDash=[4, 4])
        .encode(x="x:Q")
    )
    st.altair_chart(chart + lines, width="stretch")
    if r.shortfalls:
        st.caption(t("mock.shortfall") + ": " + "; ".join(plain(x) for x in r.shortfalls))

    st.subheader(t("mock.review"))
    for item in r.items:
        mark = (
            ":green[:material/check_circle:]"
            if item.is_correct
            else (
                ":gray[:material/remove:]" if item.response is None else ":red[:material/cancel:]"
            )
        )
        with st.expander(f"{mark} {item.number}. {plain(item.subject)}", expanded=False):
            md(item.stem)
            question_images(sm.exam_slug, item.images)
            if item.choices:
                st.markdown(
                    "  \n".join(
                        f"{choice_label(i)} {plain(c)}" for i, c in enumerate(item.choices, start=1)
                    )
                )
            mine = (
                response_text(item.type, item.response) if item.response else t("mock.unanswered")
            )
            key = answer_text(item.type, item.answer, item.choices)
            st.markdown(
                f"**{t('mock.your')}: {plain(mine)} · {t('practice.key', key=plain(key))} · "
                f"{t('mock.spent', t=duration(item.seconds))}**"
            )
            st.markdown(f"**{t('practice.explanation')}**")
            md(item.explanation or "—")
            if item.references:
                references(item.references)
    if st.button(t("mock.back"), key="mock_back"):
        st.query_params.clear()
        st.rerun()
