"""Statutory retirement age (法定退休年龄) and whole-month date arithmetic.

Pure functions, shared by the mock server (the 离退休提取 rule, the loan-term limit) and the screens.

Since 2025-01-01 the statutory retirement age rises gradually with the month of birth:

* men: 60 → 63, one month more for every 4 months of birth from January 1965;
* women whose age was 50: 50 → 55, one month more for every 2 months of birth from January 1975;
* women whose age was 55 (``female_cadre``, 女干部): 55 → 58, one month more for every 4 months of
  birth from January 1970.

People born before the start month keep the old age. The retirement month is the month of birth plus
the retirement age; a member may take 离退休提取 from the first day of that month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..i18n import N_
from .amortization import add_months
from .phrase import Phrase


@dataclass(frozen=True)
class RetirementAge:
    """An age in whole years and months, e.g. 60 years 3 months."""

    years: int
    months: int

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    @property
    def label(self) -> str:
        """``60 岁``, ``60 岁 3 个月`` (a ``Phrase``: ``localize`` says it in the UI's language)."""
        if self.months:
            return Phrase(N_("{years} 岁 {months} 个月"), years=self.years, months=self.months)
        return Phrase(N_("{years} 岁"), years=self.years)


@dataclass(frozen=True)
class _Schedule:
    original_years: int
    first_year: int  # births from January of this year are raised
    every_months: int  # one more month of age per this many months of birth
    max_extra_months: int


_MEN = _Schedule(original_years=60, first_year=1965, every_months=4, max_extra_months=36)
_WOMEN_50 = _Schedule(original_years=50, first_year=1975, every_months=2, max_extra_months=60)
_WOMEN_55 = _Schedule(original_years=55, first_year=1970, every_months=4, max_extra_months=36)


def _schedule(male: bool, female_cadre: bool) -> _Schedule:
    if male:
        return _MEN
    return _WOMEN_55 if female_cadre else _WOMEN_50


def extra_months(birth: dt.date, *, male: bool, female_cadre: bool = False) -> int:
    """How many months the 2025 reform adds to this person's retirement age (0 to 36, or 60)."""
    schedule = _schedule(male, female_cadre)
    months_after_start = (birth.year - schedule.first_year) * 12 + (birth.month - 1)
    if months_after_start < 0:
        return 0
    return min(months_after_start // schedule.every_months + 1, schedule.max_extra_months)


def statutory_retirement_age(birth: dt.date, *, male: bool, female_cadre: bool = False) -> RetirementAge:
    """The statutory retirement age of a person born on ``birth``."""
    schedule = _schedule(male, female_cadre)
    total = schedule.original_years * 12 + extra_months(birth, male=male, female_cadre=female_cadre)
    return RetirementAge(total // 12, total % 12)


def retirement_month(birth: dt.date, *, male: bool, female_cadre: bool = False) -> dt.date:
    """The first day of the month in which this person reaches the statutory retirement age."""
    age = statutory_retirement_age(birth, male=male, female_cadre=female_cadre)
    return add_months(birth.replace(day=1), age.total_months)


def has_reached_retirement_age(birth: dt.date, today: dt.date, *, male: bool, female_cadre: bool = False) -> bool:
    return today >= retirement_month(birth, male=male, female_cadre=female_cadre)


def full_months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (0 when ``end`` is earlier).

    A month is full once the same day of the month is reached; a start on the 31st is full on the
    last day of a shorter month.
    """
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months
