"""Seeding: turn the personas into a deterministic history up to "today".

For a given (seed, today) the database is always the same, byte for byte in what the API shows:
monthly 汇缴 at the persona's base and ratios (the base rises every July), 结息 on every 06-30 by daily
balance, transfers, withdrawals, loans with every repayment made so far (one late, with 罚息),
loan progress steps, messages and applications.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from api_client.domain.amortization import CENT, ZERO, PlanRow, add_months, amortize, late_penalty, to_fen
from api_client.domain.idcard import check_digit

from .back_office import LOAN_STEPS, STAFF
from .personas import PERSONAS, LoanSpec, Persona
from .security import SCRYPT_N, hash_password

DEPOSIT_DAY = 12
INTEREST_RATE_CHANGE = dt.date(2016, 2, 21)  # one deposit rate (1.50 %) for all balances from here


def deposit_rate(day: dt.date) -> Decimal:
    """Yearly interest rate (percent) on fund balances: a simplification of the real history."""
    return Decimal("1.50") if day >= INTEREST_RATE_CHANGE else Decimal("1.10")


def month_text(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def cn_month(month: str) -> str:
    year, mon = month.split("-")
    return f"{year}年{int(mon)}月"


def fmt_amount(value: Decimal) -> str:
    return f"{value:,.2f}"


def statutory_months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def persona_sealed_on(persona: Persona, today: dt.date) -> dt.date | None:
    if persona.sealed_months_ago is not None:
        return add_months(today, -persona.sealed_months_ago)
    return persona.sealed_on


def contract_number(day: dt.date, serial: int) -> str:
    return f"{day:%Y%m%d}3601{serial:04d}"


def synthetic_id(first17: str) -> str:
    return first17 + check_digit(first17)


@dataclass
class Event:
    day: dt.date
    order: int
    type: str
    amount: Decimal | Callable[[Decimal], Decimal]
    summary: str
    channel: str
    month: str | None = None


class LedgerBuilder:
    """Replays events in date order, keeping the running balance and the daily interest accrual."""

    def __init__(self, org: str) -> None:
        self.org = org
        self.rows: list[tuple[object, ...]] = []
        self.balance = ZERO
        self.accrued = Decimal(0)  # Σ balance × days × rate(%)
        self.last_day: dt.date | None = None
        self.seq = 0

    def _accrue_to(self, day: dt.date) -> None:
        if self.last_day is None:
            self.last_day = day
            return
        cursor = self.last_day
        while cursor < day:
            stop = day
            if cursor < INTEREST_RATE_CHANGE < day:
                stop = INTEREST_RATE_CHANGE
            self.accrued += self.balance * (stop - cursor).days * deposit_rate(cursor)
            cursor = stop
        self.last_day = day

    def post(
        self,
        day: dt.date,
        type_: str,
        amount: Decimal,
        summary: str,
        channel: str,
        month: str | None = None,
        interest: Decimal = ZERO,
    ) -> None:
        self._accrue_to(day)
        self.balance += amount
        self.seq += 1
        self.rows.append(
            (
                self.seq,
                day.isoformat(),
                type_,
                month,
                str(amount),
                str(interest),
                str(self.balance),
                summary,
                self.org,
                channel,
            )
        )

    def settle_interest(self, june30: dt.date) -> Decimal:
        self._accrue_to(june30 + dt.timedelta(days=1))
        interest = to_fen(self.accrued / Decimal(36000))
        self.accrued = Decimal(0)
        if interest > 0:
            self.post(june30, "interest", interest, f"{june30.year}年度结息", "系统", interest=interest)
        return interest


def base_for(persona: Persona, month: dt.date) -> Decimal:
    """The deposit base in force for ``month``: it rises on every 1 July after the account opened."""
    opened = persona.opened_on
    first = opened.year if opened < dt.date(opened.year, 7, 1) else opened.year + 1
    last = month.year if month >= dt.date(month.year, 7, 1) else month.year - 1
    raises = max(0, last - first + 1)
    return (persona.base_start * (1 + persona.base_growth) ** raises).quantize(Decimal("1"))


def monthly_deposit(persona: Persona, base: Decimal) -> Decimal:
    return to_fen(base * persona.employer_ratio / 100) + to_fen(base * persona.personal_ratio / 100)


class Seeder:
    def __init__(self, conn: sqlite3.Connection, seed: int, today: dt.date, password_cost: int) -> None:
        self.conn = conn
        self.password_cost = password_cost
        self.rng = random.Random(seed)
        self.today = today
        self.next_application = 1

    # --- helpers -------------------------------------------------------------------------------

    def staff(self) -> str:
        return self.rng.choice(STAFF)

    def moment(self, day: dt.date, start_hour: int = 9) -> str:
        return dt.datetime.combine(
            day, dt.time(start_hour + self.rng.randrange(0, 7), self.rng.randrange(60), self.rng.randrange(60))
        ).isoformat()

    def digits(self, count: int) -> str:
        return "".join(str(self.rng.randrange(10)) for _ in range(count))

    # --- members -------------------------------------------------------------------------------

    def run(self) -> None:
        self.hashes = self.password_hashes()
        for index, persona in enumerate(PERSONAS, start=1):
            self.seed_persona(index, persona)

    def password_hashes(self) -> dict[tuple[str, str], str]:
        """Every persona's login and payment password hash; scrypt releases the GIL, so two at a time."""
        jobs: list[tuple[tuple[str, str], str, bytes]] = []
        for persona in PERSONAS:
            if persona.password:
                jobs.append(((persona.key, "login"), persona.password, self.rng.randbytes(16)))
                if persona.payment_password:
                    jobs.append(((persona.key, "pay"), persona.payment_password, self.rng.randbytes(16)))
        with ThreadPoolExecutor(max_workers=2) as pool:
            hashed = list(pool.map(lambda job: hash_password(job[1], job[2], cost=self.password_cost), jobs))
        return {job[0]: value for job, value in zip(jobs, hashed)}

    def seed_persona(self, member_id: int, persona: Persona) -> None:
        today = self.today
        sealed_on = persona_sealed_on(persona, today)
        last_deposit_month = self.last_deposit_month(persona, sealed_on)
        bank_account = "62" + self.digits(17)
        password_hash = self.hashes.get((persona.key, "login"))
        pay_hash = self.hashes.get((persona.key, "pay"))
        birth = dt.date(int(persona.id_number[6:10]), int(persona.id_number[10:12]), int(persona.id_number[12:14]))
        current_base = base_for(persona, last_deposit_month) if last_deposit_month else persona.base_start
        self.conn.execute(
            """INSERT INTO members (id, name, id_number, phone, gender, birth_date, female_cadre, registered,
               password_hash, pay_password_hash, account_no, status, opened_on, sealed_on, closed_on,
               employer_name, employer_account_no, bank_name, bank_account, base, employer_ratio,
               personal_ratio, paid_up_to, frozen_amount, org)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                member_id,
                persona.name,
                persona.id_number,
                persona.phone,
                "male" if int(persona.id_number[16]) % 2 else "female",
                birth.isoformat(),
                int(persona.female_cadre),
                int(persona.password is not None),
                password_hash,
                pay_hash,
                f"3601{member_id:04d}{self.digits(4)}",
                persona.status,
                persona.opened_on.isoformat(),
                sealed_on.isoformat() if sealed_on else None,
                persona.closed_on.isoformat() if persona.closed_on else None,
                persona.employer_name,
                persona.employer_account_no,
                persona.bank_name,
                bank_account,
                str(current_base),
                str(persona.employer_ratio),
                str(persona.personal_ratio),
                month_text(last_deposit_month) if last_deposit_month else None,
                str(persona.frozen_amount),
                persona.org,
            ),
        )
        loans = [
            self.seed_loan(member_id, persona, spec, bank_account, serial)
            for serial, spec in enumerate(persona.loans, start=1)
        ]
        events = self.deposit_events(persona, last_deposit_month)
        events += self.special_events(persona, loans, sealed_on)
        if persona.ledger_target:
            events += self.filler_events(persona, events)
        self.replay(member_id, persona, events)
        if persona.password:
            self.seed_messages(member_id, persona, loans)

    def last_deposit_month(self, persona: Persona, sealed_on: dt.date | None) -> dt.date | None:
        if sealed_on is not None:
            last = add_months(sealed_on.replace(day=1), -1)
        elif self.today.day >= DEPOSIT_DAY:
            last = self.today.replace(day=1)
        else:
            last = add_months(self.today.replace(day=1), -1)
        return last if last >= persona.opened_on.replace(day=1) else None

    # --- ledger --------------------------------------------------------------------------------

    def deposit_events(self, persona: Persona, last_month: dt.date | None) -> list[Event]:
        events: list[Event] = []
        if last_month is None:
            return events
        month = persona.opened_on.replace(day=1)
        while month <= last_month:
            base = base_for(persona, month)
            amount = monthly_deposit(persona, base)
            label = month_text(month)
            events.append(
                Event(month.replace(day=DEPOSIT_DAY), 1, "remit", amount, f"{cn_month(label)}汇缴", "单位网厅", label)
            )
            month = add_months(month, 1)
        return events

    def special_events(self, persona: Persona, loans: list[dict[str, Any]], sealed_on: dt.date | None) -> list[Event]:
        events: list[Event] = []
        if persona.transfer_in:
            day, amount, summary = persona.transfer_in
            events.append(Event(day, 0, "transfer_in", amount, summary, "柜面"))
        if persona.back_pay:
            day, month = persona.back_pay
            base = base_for(persona, dt.date.fromisoformat(month + "-01"))
            events.append(
                Event(day, 2, "back_pay", monthly_deposit(persona, base), f"补缴{cn_month(month)}", "单位网厅", month)
            )
        if persona.purchase_withdrawal:
            day, amount = persona.purchase_withdrawal
            events.append(Event(day, 3, "withdraw", -amount, "购买自住住房提取", "柜面"))
        for loan in loans:
            if loan["disbursed_on"] is None:
                continue
            yearly = loan["first_payment"] * 12
            year = loan["disbursed_on"].year + 1
            while True:
                day = dt.date(year, 8, 20)
                if day > self.today or (loan["last_due"] is not None and day > loan["last_due"]):
                    break
                events.append(
                    Event(
                        day,
                        3,
                        "withdraw",
                        (lambda cap: lambda balance: -min(cap, max(ZERO, balance - 100)))(yearly),
                        "偿还住房公积金贷款提取",
                        "个人网厅",
                    )
                )
                year += 1
        if persona.closed_on:
            events.append(Event(persona.closed_on, 9, "withdraw", lambda balance: -balance, "离职销户提取", "柜面"))
        return events

    def filler_events(self, persona: Persona, events: list[Event]) -> list[Event]:
        """Small 补缴 / 调账 pairs spread over the months, so the ledger has exactly ``ledger_target`` rows."""
        assert persona.ledger_target is not None
        june30s = sum(
            1
            for year in range(persona.opened_on.year, self.today.year + 1)
            if persona.opened_on <= dt.date(year, 6, 30) <= self.today
        )
        missing = persona.ledger_target - len(events) - june30s
        months: list[dt.date] = []
        month = persona.opened_on.replace(day=1)
        while month <= self.today.replace(day=1):
            months.append(month)
            month = add_months(month, 1)
        fillers: list[Event] = []
        for index in range(missing):
            month = months[index * len(months) // missing]
            day = month.replace(day=min(27, 1 + (index % 26)))
            if day > self.today:
                day = self.today
            if index % 2 == 0:
                amount = Decimal(self.rng.randrange(1000, 30000)) / 100
                fillers.append(Event(day, 4, "back_pay", amount, "补缴差额", "单位网厅", month_text(month)))
            else:
                cap = Decimal(self.rng.randrange(1000, 30000)) / 100
                fillers.append(
                    Event(
                        day,
                        5,
                        "adjust",
                        (lambda c: lambda balance: -min(c, balance))(cap),
                        "缴存基数调整退款",
                        "柜面",
                        month_text(month),
                    )
                )
        return fillers

    def replay(self, member_id: int, persona: Persona, events: list[Event]) -> None:
        builder = LedgerBuilder(persona.org)
        events.sort(key=lambda event: (event.day, event.order))
        june30 = dt.date(persona.opened_on.year, 6, 30)
        if june30 < persona.opened_on:
            june30 = dt.date(persona.opened_on.year + 1, 6, 30)
        for event in events:
            while june30 < event.day and june30 <= self.today:
                builder.settle_interest(june30)
                june30 = dt.date(june30.year + 1, 6, 30)
            amount = event.amount(builder.balance) if callable(event.amount) else event.amount
            builder.post(event.day, event.type, to_fen(amount), event.summary, event.channel, event.month)
        closed = persona.closed_on
        while june30 <= self.today and (closed is None or june30 < closed):
            builder.settle_interest(june30)
            june30 = dt.date(june30.year + 1, 6, 30)
        self.conn.executemany(
            """INSERT INTO ledger (member_id, seq, posted_on, type, contribution_month, amount, interest,
               balance, summary, org, channel) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
            [(member_id, *row) for row in builder.rows],
        )

    # --- loans ---------------------------------------------------------------------------------

    def seed_loan(
        self, member_id: int, persona: Persona, spec: LoanSpec, bank_account: str, serial: int
    ) -> dict[str, Any]:
        today = self.today
        if spec.disbursed_on is not None:
            applied_on = spec.disbursed_on - dt.timedelta(days=45)
        else:
            applied_on = today - dt.timedelta(days=spec.applied_days_ago or 0)
        contract_no = contract_number(spec.disbursed_on or applied_on, serial * 37 + member_id)
        co_name, co_id = spec.co_borrower if spec.co_borrower else (None, None)
        if co_id is not None:
            co_id = synthetic_id(co_id[:17])
        status = spec.status
        info: dict[str, Any] = {
            "contract_no": contract_no,
            "disbursed_on": spec.disbursed_on,
            "last_due": None,
            "first_payment": ZERO,
            "rows": [],
            "paid": [],
        }
        settled_on = None
        if spec.disbursed_on is not None:
            rows = amortize(
                spec.amount,
                spec.periods,
                spec.method,
                spec.annual_rate,
                spec.disbursed_on,
                spec.repayment_day,
                spec.rate_changes,
            )
            info["rows"] = rows
            info["first_payment"] = rows[0].payment
            late = dict(spec.late_periods)
            paid = [row for row in rows if row.due_on <= today]
            if status == "settled":
                paid = rows
                settled_on = rows[-1].due_on
                info["last_due"] = settled_on
            elif len(paid) == len(rows):
                status, settled_on = "settled", rows[-1].due_on
            info["paid"] = paid
            info["late"] = late
        self.conn.execute(
            """INSERT INTO loans (contract_no, member_id, status, amount, periods, method, annual_rate,
               applied_on, disbursed_on, repayment_day, settled_on, bank_name, loan_type, house_type,
               house_address, seller, repayment_account, co_borrower_name, co_borrower_id)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                contract_no,
                member_id,
                status,
                str(spec.amount),
                spec.periods,
                spec.method,
                str(spec.annual_rate),
                applied_on.isoformat(),
                spec.disbursed_on.isoformat() if spec.disbursed_on else None,
                spec.repayment_day or (spec.disbursed_on.day if spec.disbursed_on else None),
                settled_on.isoformat() if settled_on else None,
                spec.bank_name,
                spec.loan_type,
                spec.house_type,
                spec.house_address,
                "",
                bank_account,
                co_name,
                co_id,
            ),
        )
        if info["paid"]:
            self.insert_repayments(contract_no, info["paid"], info["late"], spec)
        self.conn.executemany(
            "INSERT INTO loan_rate_changes (contract_no, effective_on, annual_rate) VALUES (?,?,?)",
            [(contract_no, day.isoformat(), str(rate)) for day, rate in spec.rate_changes],
        )
        self.seed_loan_steps(contract_no, spec, applied_on)
        self.seed_application(
            member_id,
            "loan",
            "住房公积金贷款申请",
            spec.amount,
            applied_on,
            LOAN_STEPS,
            done=len(LOAN_STEPS) if spec.disbursed_on else (spec.current_step or 0),
            finish=spec.disbursed_on,
            payload={"contract_no": contract_no},
        )
        return info

    def insert_repayments(self, contract_no: str, paid: list[PlanRow], late: dict[int, int], spec: LoanSpec) -> None:
        records = []
        for row in paid:
            days_late = late.get(row.period, 0)
            penalty = late_penalty(row.payment, row.annual_rate, days_late)
            paid_on = row.due_on + dt.timedelta(days=days_late)
            records.append(
                (
                    contract_no,
                    row.period,
                    paid_on.isoformat(),
                    month_text(row.due_on),
                    str(row.payment + penalty),
                    str(row.principal),
                    str(row.interest),
                    str(penalty),
                    str(row.closing_balance),
                )
            )
        self.conn.executemany(
            """INSERT INTO repayments (contract_no, period, paid_on, month, amount, principal, interest,
               penalty, balance) VALUES (?,?,?,?,?,?,?,?,?)""",
            records,
        )

    def seed_loan_steps(self, contract_no: str, spec: LoanSpec, applied_on: dt.date) -> None:
        done = len(LOAN_STEPS) if spec.disbursed_on else (spec.current_step or 0)
        end = spec.disbursed_on or self.today
        span = max(1, (end - applied_on).days)
        for index, name in enumerate(LOAN_STEPS):
            done_at = None
            handler = None
            if index < done:
                day = applied_on + dt.timedelta(days=span * index // max(1, len(LOAN_STEPS) - 1))
                if spec.disbursed_on and index == len(LOAN_STEPS) - 1:
                    day = spec.disbursed_on
                done_at = self.moment(min(day, self.today))
                handler = self.staff()
            elif index == done:
                handler = self.staff()
            self.conn.execute(
                "INSERT INTO loan_steps (contract_no, idx, name, done_at, handler) VALUES (?,?,?,?,?)",
                (contract_no, index, name, done_at, handler),
            )

    # --- applications and messages -------------------------------------------------------------

    def seed_application(
        self,
        member_id: int,
        kind: str,
        title: str,
        amount: Decimal,
        created: dt.date,
        nodes: tuple[str, ...],
        done: int,
        finish: dt.date | None,
        payload: dict[str, Any] | None = None,
    ) -> None:
        app_id = self.next_application
        self.next_application += 1
        finished_at = self.moment(finish) if finish and done >= len(nodes) else None
        state = nodes[-1] if done >= len(nodes) else nodes[done]
        self.conn.execute(
            """INSERT INTO applications (id, member_id, number, kind, title, amount, created_at, finished_at,
               state, payload) VALUES (?,?,?,?,?,?,?,?,?,?)""",
            (
                app_id,
                member_id,
                f"SQ{created:%Y%m%d}{app_id:05d}",
                kind,
                title,
                str(amount),
                self.moment(created),
                finished_at,
                state,
                json.dumps(payload or {}, ensure_ascii=False),
            ),
        )
        end = finish or self.today
        span = max(1, (end - created).days)
        opinions = {
            "受理": "材料齐全，予以受理",
            "审核": "审核通过",
            "审批": "同意",
            "签合同": "合同已签订",
            "抵押登记": "抵押登记完成",
            "放款": "已放款",
            "办结": "已办结，资金已划转",
        }
        for index, node in enumerate(nodes):
            done_at = handler = opinion = None
            if index < done:
                day = created + dt.timedelta(days=span * index // max(1, len(nodes) - 1))
                done_at = self.moment(min(day, self.today))
                handler, opinion = self.staff(), opinions.get(node, "同意")
            elif index == done:
                handler = self.staff()
            self.conn.execute(
                """INSERT INTO application_nodes (application_id, idx, node, handler, opinion, done_at)
                   VALUES (?,?,?,?,?,?)""",
                (app_id, index, node, handler, opinion, done_at),
            )

    def seed_messages(self, member_id: int, persona: Persona, loans: list[dict[str, Any]]) -> None:
        rows = self.conn.execute(
            "SELECT posted_on, type, amount, balance, contribution_month FROM ledger WHERE member_id = ? "
            "ORDER BY seq DESC LIMIT 400",
            (member_id,),
        ).fetchall()
        messages: list[tuple[str, str, str, str]] = []
        remits = [r for r in rows if r[1] == "remit"][:8]
        for posted_on, _type, amount, balance, month in remits:
            messages.append(
                (
                    posted_on,
                    "缴存到账",
                    f"您的住房公积金{cn_month(month)}汇缴 {fmt_amount(Decimal(amount))} 元已到账，"
                    f"账户余额 {fmt_amount(Decimal(balance))} 元。",
                    "短信",
                )
            )
        interest = next((r for r in rows if r[1] == "interest"), None)
        if interest:
            messages.append(
                (
                    interest[0],
                    "年度结息",
                    f"您的住房公积金 {interest[0][:4]} 年度结息 {fmt_amount(Decimal(interest[2]))} 元已入账。",
                    "网厅",
                )
            )
        for loan in loans:
            for row in loan["paid"][-4:]:
                messages.append(
                    (
                        row.due_on.isoformat(),
                        "贷款还款",
                        f"您的公积金贷款（合同 {loan['contract_no']}）第 {row.period} 期已扣款 "
                        f"{fmt_amount(row.payment)} 元，其中本金 {fmt_amount(row.principal)} 元、"
                        f"利息 {fmt_amount(row.interest)} 元，贷款余额 {fmt_amount(row.closing_balance)} 元。",
                        "短信",
                    )
                )
        withdrawal = next((r for r in rows if r[1] == "withdraw"), None)
        if withdrawal:
            messages.append(
                (
                    withdrawal[0],
                    "提取到账",
                    f"您申请的住房公积金提取 {fmt_amount(-Decimal(withdrawal[2]))} 元已划入您的银行账户。",
                    "短信",
                )
            )
        messages.sort(key=lambda item: item[0])
        unread = 3
        for index, (day, business, content, channel) in enumerate(messages):
            status = "unread" if index >= len(messages) - unread else "read"
            self.conn.execute(
                "INSERT INTO messages (member_id, business, content, channel, sent_at, status) VALUES (?,?,?,?,?,?)",
                (member_id, business, content, channel, self.moment(dt.date.fromisoformat(day), 10), status),
            )


def seed_database(conn: sqlite3.Connection, seed: int, today: dt.date, password_cost: int = SCRYPT_N) -> None:
    """Fill an empty database with every persona's history up to ``today`` (passwords hashed with
    scrypt's N = ``password_cost``)."""
    conn.execute("BEGIN")
    try:
        Seeder(conn, seed, today, password_cost).run()
        from .seed_business import seed_business

        seed_business(conn, seed, today)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


__all__ = ["seed_database", "deposit_rate", "CENT", "month_text"]
