"""The query endpoints with every persona edge, over ASGI into the real mock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from api_client.domain.amortization import late_penalty
from tests.conftest import TODAY, bearer, get_token

DEMO, NO_LOAN, THREE, BENCH = "13800000001", "13800000002", "13800000003", "13800000010"


async def signed(api, who: str = DEMO) -> dict[str, str]:
    return bearer(await get_token(api, who))


async def all_ledger(api, headers, **params) -> list[dict]:
    items, page = [], 1
    while True:
        body = (await api.get("/me/ledger", headers=headers, params={**params, "page": page, "page_size": 1000})).json()
        items += body["items"]
        if len(items) >= body["total"] or not body["items"]:
            return items
        page += 1


def D(text: str) -> Decimal:  # noqa: N802
    return Decimal(text)


# --- ledger --------------------------------------------------------------------------------------


async def test_ledger_balances_follow_the_amounts_and_end_at_the_account_balance(api) -> None:
    headers = await signed(api)
    items = await all_ledger(api, headers)
    running = Decimal("0.00")
    for item in items:
        running += D(item["amount"])
        assert D(item["balance"]) == running, item
    account = (await api.get("/me/account", headers=headers)).json()
    assert D(account["balance"]) == running
    assert [item["seq"] for item in items] == list(range(1, len(items) + 1))


async def test_interest_is_settled_every_30_june(api) -> None:
    headers = await signed(api)
    interest = await all_ledger(api, headers, type="interest")
    assert {item["posted_on"][5:] for item in interest} == {"06-30"}
    years = [int(item["posted_on"][:4]) for item in interest]
    assert years == list(range(2009, 2027))
    assert all(D(item["amount"]) == D(item["interest"]) > 0 for item in interest)


async def test_ledger_pages_order_and_totals(api) -> None:
    headers = await signed(api)
    first = (await api.get("/me/ledger", headers=headers, params={"page_size": 50})).json()
    second = (await api.get("/me/ledger", headers=headers, params={"page_size": 50, "page": 2})).json()
    assert [i["seq"] for i in first["items"]] == list(range(1, 51))
    assert [i["seq"] for i in second["items"]] == list(range(51, 101))
    newest = (await api.get("/me/ledger", headers=headers, params={"page_size": 3, "order": "desc"})).json()
    assert [i["seq"] for i in newest["items"]] == [first["total"], first["total"] - 1, first["total"] - 2]
    everything = await all_ledger(api, headers)
    income = sum((D(i["amount"]) for i in everything if i["type"] != "interest" and D(i["amount"]) > 0), Decimal(0))
    outgo = sum((-D(i["amount"]) for i in everything if D(i["amount"]) < 0), Decimal(0))
    interest = sum((D(i["interest"]) for i in everything), Decimal(0))
    assert first["totals"] == {
        "income": f"{income:.2f}",
        "outgo": f"{outgo:.2f}",
        "interest": f"{interest:.2f}",
        "count": len(everything),
    }


async def test_ledger_filters_by_type_and_dates(api) -> None:
    headers = await signed(api)
    body = (
        await api.get(
            "/me/ledger", headers=headers, params={"start": "2026-01-01", "end": "2026-06-30", "type": "remit"}
        )
    ).json()
    assert body["total"] == 6 and {i["type"] for i in body["items"]} == {"remit"}
    assert all("2026-01-01" <= i["posted_on"] <= "2026-06-30" for i in body["items"])
    assert [i["contribution_month"] for i in body["items"]] == [f"2026-{m:02d}" for m in range(1, 7)]
    assert all(i["type_label"] == "汇缴" for i in body["items"])
    withdrawals = (await api.get("/me/ledger", headers=headers, params={"type": "withdraw"})).json()
    assert withdrawals["totals"]["income"] == "0.00" and D(withdrawals["totals"]["outgo"]) > 0


async def test_an_empty_range_is_an_empty_answer(api) -> None:
    headers = await signed(api)
    body = (await api.get("/me/ledger", headers=headers, params={"start": "2001-01-01", "end": "2001-12-31"})).json()
    assert body["items"] == [] and body["total"] == 0
    assert body["totals"] == {"income": "0.00", "outgo": "0.00", "interest": "0.00", "count": 0}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"start": "2026-02-30"}, "start", "起始日期格式不正确，应为 YYYY-MM-DD"),
        ({"end": "yesterday"}, "end", "截止日期格式不正确，应为 YYYY-MM-DD"),
        ({"start": "2026-05-01", "end": "2026-01-01"}, "start", "起始日期不能晚于截止日期"),
        ({"type": "lottery"}, "type", "不支持的业务类型：lottery"),
        ({"page": 0}, "page", "页码从 1 开始"),
        ({"page_size": 5000}, "page_size", "每页条数应在 1 到 1000 之间"),
        ({"order": "sideways"}, "order", "排序只能是 asc（从早到晚）或 desc（从晚到早）"),
    ],
)
async def test_bad_ledger_queries(api, params, field, message) -> None:
    response = await api.get("/me/ledger", headers=await signed(api), params=params)
    error = response.json()["error"]
    assert response.status_code == 422 and error["code"] == "VALIDATION_FAILED"
    assert error["details"]["field"] == field and error["message"] == message


async def test_benchmark_persona_has_twelve_thousand_entries(api) -> None:
    body = (await api.get("/me/ledger", headers=await signed(api, BENCH), params={"page_size": 1})).json()
    assert body["total"] == 12000


async def test_balance_series_is_monthly_and_ends_at_the_balance(api) -> None:
    headers = await signed(api)
    points = (await api.get("/me/ledger/series", headers=headers)).json()["points"]
    months = [p["month"] for p in points]
    assert months[0] == "2008-07" and months[-1] == "2026-11" and len(months) == len(set(months)) == 221
    account = (await api.get("/me/account", headers=headers)).json()
    assert points[-1]["balance"] == account["balance"]
    ranged = (
        await api.get("/me/ledger/series", headers=headers, params={"start": "2020-01-01", "end": "2020-12-31"})
    ).json()["points"]
    assert [p["month"] for p in ranged] == [f"2020-{m:02d}" for m in range(1, 13)]


# --- loans ---------------------------------------------------------------------------------------


async def loans_of(api, who: str) -> tuple[dict[str, str], list[dict]]:
    headers = await signed(api, who)
    return headers, (await api.get("/me/loans", headers=headers)).json()["items"]


async def test_loan_lists(api) -> None:
    _, none = await loans_of(api, NO_LOAN)
    assert none == []
    _, three = await loans_of(api, THREE)
    assert [loan["status"] for loan in three] == ["settled", "repaying", "approved"]
    settled, repaying, approved = three
    assert settled["balance"] == "0.00" and settled["settled_on"] == "2016-09-20" and settled["paid_periods"] == 120
    assert repaying["method"] == "equal_principal" and repaying["annual_rate"] == "2.60"  # after the rate changes
    assert approved["disbursed_on"] is None and approved["monthly_payment"] is None and approved["balance"] == "0.00"


async def test_the_balance_is_the_same_figure_everywhere(api) -> None:
    for who in (DEMO, THREE, BENCH):
        headers, loans = await loans_of(api, who)
        for loan in (loan for loan in loans if loan["status"] == "repaying"):
            number = loan["contract_no"]
            detail = (await api.get(f"/me/loans/{number}", headers=headers)).json()
            plan = (await api.get(f"/me/loans/{number}/plan", headers=headers)).json()
            repayments = (await api.get(f"/me/loans/{number}/repayments", headers=headers)).json()["items"]
            assert loan["balance"] == detail["balance"] == plan["balance"] == repayments[-1]["balance"]
            paid = [row for row in plan["rows"] if row["state"] == "paid"]
            assert paid[-1]["closing_balance"] == loan["balance"]


async def test_repayments_agree_with_the_plan(api) -> None:
    for who in (DEMO, THREE, BENCH):
        headers, loans = await loans_of(api, who)
        for loan in (loan for loan in loans if loan["disbursed_on"] and loan["status"] == "repaying"):
            number = loan["contract_no"]
            plan = {
                row["period"]: row
                for row in (await api.get(f"/me/loans/{number}/plan", headers=headers)).json()["rows"]
            }
            repayments = (await api.get(f"/me/loans/{number}/repayments", headers=headers)).json()
            due = [row for row in plan.values() if dt.date.fromisoformat(row["due_on"]) <= TODAY]
            assert len(repayments["items"]) == len(due) == loan["paid_periods"]
            for item in repayments["items"]:
                row = plan[item["period"]]
                assert (item["principal"], item["interest"], item["balance"]) == (
                    row["principal"],
                    row["interest"],
                    row["closing_balance"],
                )
                assert D(item["amount"]) == D(row["payment"]) + D(item["penalty"])
            totals = repayments["totals"]
            assert D(totals["principal"]) == D(loan["amount"]) - D(loan["balance"])


async def test_a_late_period_carries_its_penalty(api) -> None:
    headers, loans = await loans_of(api, THREE)
    number = loans[1]["contract_no"]
    items = (await api.get(f"/me/loans/{number}/repayments", headers=headers)).json()["items"]
    late = [item for item in items if item["penalty"] != "0.00"]
    assert len(late) == 1
    item = late[0]
    due = dt.date(2021, 3, 8)
    days = (dt.date.fromisoformat(item["paid_on"]) - due).days
    assert item["period"] == 23 and item["month"] == "2021-03" and days == 20
    payment = D(item["amount"]) - D(item["penalty"])
    # 逾期本息 × 年利率/360 × 1.5 × 逾期天数, at the rate of that period (3.25 %).
    assert D(item["penalty"]) == late_penalty(payment, Decimal("3.25"), days) == Decimal("5.38")


async def test_settled_loans_keep_their_repayments_but_have_no_plan(api) -> None:
    headers, loans = await loans_of(api, THREE)
    number = loans[0]["contract_no"]
    repayments = (await api.get(f"/me/loans/{number}/repayments", headers=headers)).json()
    assert repayments["totals"]["count"] == 120 and repayments["items"][-1]["balance"] == "0.00"
    assert repayments["totals"]["principal"] == "200000.00"
    plan = await api.get(f"/me/loans/{number}/plan", headers=headers)
    assert plan.status_code == 409
    assert plan.json()["error"] == {
        "code": "LOAN_SETTLED",
        "message": f"此合同【{number}】的贷款已结清",
        "details": {"contract_no": number},
    }
    detail = (await api.get(f"/me/loans/{number}", headers=headers)).json()
    assert detail["status"] == "settled" and detail["balance"] == "0.00"


@pytest.mark.parametrize("suffix", ["", "/plan", "/repayments"])
async def test_an_undisbursed_contract_answers_as_the_manual_says(api, suffix) -> None:
    headers, loans = await loans_of(api, THREE)
    number = loans[2]["contract_no"]
    response = await api.get(f"/me/loans/{number}{suffix}", headers=headers)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "LOAN_NOT_DISBURSED"
    assert response.json()["error"]["message"] == f"此合同【{number}】的贷款未发放"


async def test_progress_steps(api) -> None:
    headers, loans = await loans_of(api, THREE)
    approved = (await api.get(f"/me/loans/{loans[2]['contract_no']}/progress", headers=headers)).json()
    assert [step["name"] for step in approved["steps"]] == ["受理", "审核", "审批", "签合同", "抵押登记", "放款"]
    assert [step["state"] for step in approved["steps"]] == ["done"] * 4 + ["current", "pending"]
    assert all(step["at"] and step["handler"] for step in approved["steps"][:4])
    assert approved["steps"][5]["at"] is None
    done = (await api.get(f"/me/loans/{loans[1]['contract_no']}/progress", headers=headers)).json()
    assert {step["state"] for step in done["steps"]} == {"done"}
    assert done["steps"][-1]["at"].startswith("2019-04-08")
    assert (done["amount"], done["periods"], done["house_type"]) == ("300000.00", 240, "商品房")


async def test_someone_elses_contract_is_not_found(api) -> None:
    _, demo_loans = await loans_of(api, DEMO)
    headers = await signed(api, THREE)
    for suffix in ("", "/progress", "/plan", "/repayments"):
        response = await api.get(f"/me/loans/{demo_loans[0]['contract_no']}{suffix}", headers=headers)
        assert response.status_code == 404 and response.json()["error"]["code"] == "NOT_FOUND"


async def test_plan_ranges_and_states(api) -> None:
    headers, loans = await loans_of(api, DEMO)
    number = loans[0]["contract_no"]
    plan = (
        await api.get(f"/me/loans/{number}/plan", headers=headers, params={"start": "2026-10-01", "end": "2027-01-31"})
    ).json()
    assert [(row["period"], row["due_on"], row["state"]) for row in plan["rows"]] == [
        (135, "2026-10-15", "paid"),
        (136, "2026-11-15", "paid"),
        (137, "2026-12-15", "due"),
        (138, "2027-01-15", "due"),
    ]
    header = {
        key: plan[key]
        for key in (
            "amount",
            "periods",
            "disbursed_on",
            "maturity_on",
            "repayment_day",
            "monthly_payment",
            "annual_rate",
            "settled_on",
        )
    }
    assert header == {
        "amount": "430000.00",
        "periods": 360,
        "disbursed_on": "2015-07-15",
        "maturity_on": "2045-07-15",
        "repayment_day": 15,
        "monthly_payment": "1871.39",
        "annual_rate": "3.25",
        "settled_on": None,
    }
    bad = await api.get(
        f"/me/loans/{number}/plan", headers=headers, params={"start": "2027-01-01", "end": "2026-01-01"}
    )
    assert bad.status_code == 422 and bad.json()["error"]["details"]["field"] == "start"


async def test_loan_detail_masks_people_and_accounts(api) -> None:
    headers, loans = await loans_of(api, DEMO)
    detail = (await api.get(f"/me/loans/{loans[0]['contract_no']}", headers=headers)).json()
    assert detail["borrower_id_masked"] == "110105********0039"
    assert detail["co_borrower_name"] == "刘芳" and detail["co_borrower_id_masked"].startswith("110105********")
    assert detail["repayment_account_masked"].startswith("**** **** ")
    assert len(detail["repayment_account_masked"]) == len("**** **** 1234")
    assert detail["overdue_periods"] == 0


async def test_carried_over_and_this_years_deposits_reconcile_with_the_balance(api) -> None:
    for who in (DEMO, NO_LOAN, THREE):
        headers = await signed(api, who)
        account = (await api.get("/me/account", headers=headers)).json()
        # The fund year runs from 1 July: everything posted since 30 June moves the carried-over balance.
        since = await all_ledger(api, headers, start="2026-07-01")
        deposits = sum((D(i["amount"]) for i in since if i["type"] in ("remit", "back_pay")), Decimal(0))
        others = sum((D(i["amount"]) for i in since if i["type"] not in ("remit", "back_pay")), Decimal(0))
        assert D(account["year_deposit"]) == deposits
        assert D(account["carried_over"]) + deposits + others == D(account["balance"])
        assert "birth_date" not in account  # it would unmask the ID number


async def test_the_kept_account_answer_follows_every_change_it_is_made_of(api, runtime) -> None:
    """The server keeps the account's JSON while the member's row, ledger and day stay as they were."""
    headers = await signed(api, DEMO)
    first = (await api.get("/me/account", headers=headers)).json()
    assert (await api.get("/me/account", headers=headers)).json() == first
    with runtime.store.transaction() as db:  # the back office posts a deposit today, as workflow does
        member_id = db.execute("SELECT id FROM members WHERE phone = ?", (DEMO,)).fetchone()[0]
        last = db.execute("SELECT * FROM ledger WHERE member_id = ? ORDER BY seq DESC LIMIT 1", (member_id,)).fetchone()
        db.execute(
            "INSERT INTO ledger (member_id, seq, posted_on, type, contribution_month, amount, interest, balance,"
            " summary, org, channel) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                member_id,
                last["seq"] + 1,
                TODAY.isoformat(),
                "remit",
                "2026-11",
                "100.01",
                "0.00",
                str(Decimal(last["balance"]) + Decimal("100.01")),
                "汇缴",
                last["org"],
                last["channel"],
            ),
        )
    posted = (await api.get("/me/account", headers=headers)).json()
    assert Decimal(posted["balance"]) == Decimal(first["balance"]) + Decimal("100.01")
    assert Decimal(posted["year_deposit"]) == Decimal(first["year_deposit"]) + Decimal("100.01")
    with runtime.store.transaction() as db:  # the member's own row: a sealed account receives nothing
        db.execute("UPDATE members SET status = 'sealed', sealed_on = ? WHERE id = ?", (TODAY.isoformat(), member_id))
    sealed = (await api.get("/me/account", headers=headers)).json()
    assert (sealed["status"], sealed["sealed_on"], sealed["monthly_deposit"]) == ("sealed", "2026-11-22", "0.00")
    assert sealed["balance"] == posted["balance"]
