"""Admin: the model provider, budgets, and usage (per day, purpose, model) with CSV."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from tutor.i18n import t
from tutor.llm.presets import PRESETS
from tutor.services import ai, llm_admin
from tutor.services.errors import ServiceError
from tutor.ui import state
from tutor.ui.components import plain
from tutor.ui.resources import get_ai, get_app

user = state.require()
app = get_app()

st.title(t("aiadmin.title"))
deps = get_ai()
status = ai.status(deps)
if status.enabled:
    st.success(t("aiadmin.on", model=plain(status.model)), icon=":material/smart_toy:")
else:
    st.warning(plain(status.reason), icon=":material/cloud_off:")
if deps.client is not None and st.button(t("aiadmin.check"), key="ai_check"):
    check = ai.check_connection(deps)
    if check["ok"]:
        st.success(t("aiadmin.check_ok", ms=f"{check['latency_ms']:.0f}"))
    else:
        st.error(plain(str(check["error"])))

try:
    with app.uow() as s:
        providers = llm_admin.list_providers(s, user.id)
        budgets = ai.budgets(s)
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
        usage = llm_admin.usage(s, user.id, since)
except ServiceError as e:
    st.error(e.message)
    st.stop()

tab_usage, tab_providers, tab_budget = st.tabs(
    [t("aiadmin.usage"), t("aiadmin.providers"), t("aiadmin.budgets")]
)
with tab_usage:
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("aiadmin.calls"), f"{usage['calls']:,}")
    c2.metric(t("aiadmin.tokens"), f"{usage['prompt_tokens'] + usage['completion_tokens']:,}")
    c3.metric(t("aiadmin.cost"), f"{usage['cost']:.4f}")
    c4.metric(t("aiadmin.errors"), usage["errors"])
    st.caption(t("aiadmin.latency", p50=usage["p50_latency_ms"], p95=usage["p95_latency_ms"]))
    if usage["by_day"]:
        days = pd.DataFrame(
            [
                {"날짜": k[5:], "호출": v["calls"], "비용": v["cost"]}
                for k, v in usage["by_day"].items()
            ]
        )
        st.altair_chart(
            alt.Chart(days)
            .mark_bar()
            .encode(x=alt.X("날짜:O", title=None), y="호출:Q", tooltip=["날짜", "호출", "비용"])
            .properties(height=180),
            width="stretch",
        )
    columns = {
        "calls": "호출",
        "prompt_tokens": "입력 토큰",
        "completion_tokens": "출력 토큰",
        "cost": "비용",
        "errors": "오류",
        "refused": "한도 거절",
        "cache_hits": "캐시",
        "p50_latency_ms": "p50 ms",
        "p95_latency_ms": "p95 ms",
    }
    for title, key, first in (
        (t("aiadmin.by_purpose"), "by_purpose", "목적"),
        (t("aiadmin.by_model"), "by_model", "모델"),
    ):
        st.markdown(f"**{title}**")
        rows = [{first: k, **{columns[c]: v[c] for c in columns}} for k, v in usage[key].items()]
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

    def usage_csv() -> bytes:  # built only when the button is clicked, not on every rerun
        with app.uow() as s:
            return llm_admin.usage_csv(s, user.id, since).encode("utf-8-sig")

    st.download_button(
        t("aiadmin.csv"),
        data=usage_csv,
        file_name="llm_usage.csv",
        mime="text/csv",
        key="usage_csv",
    )

with tab_providers:
    st.caption(t("aiadmin.keys_note"))
    if providers:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "이름": p.name,
                        "프리셋": p.preset,
                        "base URL": p.base_url,
                        "모델": p.model,
                        "키 변수": p.api_key_env or "—",
                        "키 있음": p.key_present,
                        "입력 $/1M": p.price_in,
                        "출력 $/1M": p.price_out,
                        "기본": p.is_default,
                    }
                    for p in providers
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    with st.form("provider", border=True):
        preset = st.selectbox(
            t("aiadmin.preset"),
            options=list(PRESETS),
            format_func=lambda x: PRESETS[x].label,
            key="pv_preset",
        )
        name = st.text_input(t("aiadmin.name"), key="pv_name")
        base_url = st.text_input("Base URL", value=PRESETS[preset].base_url, key="pv_url")
        model = st.text_input(
            t("aiadmin.model"), value=(PRESETS[preset].models or [""])[0], key="pv_model"
        )
        key_env = st.text_input(
            t("aiadmin.key_env"), placeholder="TUTOR_LLM_KEY_HOSTED", key="pv_env"
        )
        c1, c2 = st.columns(2)
        pin = c1.number_input(
            t("aiadmin.price_in"),
            min_value=0.0,
            value=PRESETS[preset].price_input_per_m,
            key="pv_in",
        )
        pout = c2.number_input(
            t("aiadmin.price_out"),
            min_value=0.0,
            value=PRESETS[preset].price_output_per_m,
            key="pv_out",
        )
        default = st.checkbox(t("aiadmin.default"), value=True, key="pv_default")
        saved = st.form_submit_button(t("common.save"), type="primary")
    if saved:
        try:
            with app.uow() as s:
                llm_admin.save_provider(
                    s,
                    user.id,
                    name=name,
                    preset=preset,
                    base_url=base_url,
                    model=model,
                    api_key_env=key_env,
                    price_in=pin,
                    price_out=pout,
                    make_default=default,
                )
        except ServiceError as e:
            st.error(e.message)
        else:
            st.rerun()

with tab_budget:
    with st.form("budgets", border=True):
        daily = st.number_input(
            t("aiadmin.daily"),
            min_value=0.0,
            step=1000.0,
            value=budgets["user_daily_tokens"],
            key="b_daily",
        )
        monthly = st.number_input(
            t("aiadmin.monthly"),
            min_value=0.0,
            step=1.0,
            value=budgets["global_monthly_cost"],
            key="b_monthly",
        )
        ok = st.form_submit_button(t("common.save"), type="primary")
    if ok:
        try:
            with app.uow() as s:
                ai.set_budgets(s, user.id, daily, monthly)
        except ServiceError as e:
            st.error(e.message)
        else:
            st.success(t("users.done"))
