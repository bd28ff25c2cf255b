from datetime import date

import pytest

from kg.extract.dates import resolve_date

FRI = date(2023, 6, 16)  # a Friday


@pytest.mark.parametrize("expr, previous, expected", [
    ("June 15, 2023", None, date(2023, 6, 15)),
    ("Sept. 13, 2023", None, date(2023, 9, 13)),
    ("15 June 2023", None, date(2023, 6, 15)),
    ("June 14", None, date(2023, 6, 14)),
    ("December 30", None, date(2022, 12, 30)),  # after the dateline: the previous year
    ("Thursday", None, date(2023, 6, 15)),
    ("Wednesday evening", None, date(2023, 6, 14)),
    ("Friday", None, date(2023, 6, 16)),
    ("Monday", None, date(2023, 6, 12)),
    ("yesterday", None, date(2023, 6, 15)),
    ("a day earlier", date(2023, 6, 13), date(2023, 6, 12)),
    ("two days later", date(2023, 6, 13), date(2023, 6, 15)),
    ("that evening", date(2023, 6, 13), date(2023, 6, 13)),
    ("the previous day", date(2023, 6, 13), date(2023, 6, 12)),
    ("last week", None, None),
    ("late last month", None, None),
    ("earlier this month", None, None),
    ("2019", None, None),
])
def test_resolve_date(expr, previous, expected):
    assert resolve_date(expr, FRI, previous).value == expected


@pytest.mark.parametrize("expr", ["next week", "tomorrow", "next Monday", "the coming days"])
def test_future_expressions_are_flagged(expr):
    r = resolve_date(expr, FRI)
    assert r.future and r.value is None


def test_relative_to_event_without_event_is_none():
    assert resolve_date("a day earlier", FRI, None).value is None
