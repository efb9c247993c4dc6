"""Instructor/admin: the exam catalogue and every bank version, with a reload of the bundle."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tutor.i18n import t
from tutor.services import banks as banks_service
from tutor.services import exams as exams_service
from tutor.services.errors import ServiceError
from tutor.ui import state
from tutor.ui.components import banks_path, local_time
from tutor.ui.resources import get_app

user = state.require()
app = get_app()

st.title(t("banks.title"))

with st.container(border=True):
    st.caption(t("banks.reload_help"))
    if st.button(t("banks.reload"), key="reload_banks"):
        try:
            with app.uow() as s:
                report = banks_service.load_path(s, banks_path(), actor_id=user.id)
        except banks_service.BankProblems as e:
            st.error(t("banks.problems", n=len(e.problems)))
            st.code("\n".join(str(p) for p in e.problems), language=None)
        except ServiceError as e:
            st.error(e.message)
        else:
            items = report.exams_created + report.banks_created + report.banks_versioned
            st.success(t("banks.loaded", items=", ".join(items)) if items else t("banks.unchanged"))

show_retired = st.toggle(t("banks.show_retired"), key="show_retired")
try:
    with app.uow() as s:
        rows = banks_service.list_banks(s, user.id, include_retired=show_retired)
        catalogue = exams_service.list_exams(s)
except ServiceError as e:
    st.error(e.message)
    st.stop()

if not rows:
    st.info(t("banks.empty"))
else:
    df = pd.DataFrame(
        [
            {
                "시험": r.exam_name,
                "은행": r.name,
                "제목": r.title,
                "버전": r.version,
                "상태": r.status,
                "문항": r.questions,
                "검토": len(r.reviews),
                "파일": r.source,
                "적재": local_time(r.created_at),
            }
            for r in rows
        ]
    )
    st.dataframe(df, hide_index=True, width="stretch")

st.subheader(t("banks.catalogue"))
cat = pd.DataFrame(
    [
        {
            "slug": e.slug,
            "시험": e.name_ko,
            "시행": e.authority,
            "문항(blueprint)": e.spec.total_questions,
            "보기": e.spec.options,
            "교시": " · ".join(f"{x.name} {x.minutes}분" for x in e.spec.sessions),
            "합격 기준": f"과락 {e.spec.pass_rule.subject_min:g}% · "
            f"{'평균' if e.spec.pass_rule.total_basis.value == 'mean_of_subjects' else '총점'} "
            f"{e.spec.pass_rule.total_min:g}%",
            "은행 문항": e.questions_in_banks,
        }
        for e in catalogue
    ]
)
st.dataframe(cat, hide_index=True, width="stretch")
