import datetime

import pytest

from core.dates import VagueDate


@pytest.mark.parametrize(
    ("text", "date", "precision", "shown"),
    [
        ("1988", datetime.date(1988, 1, 1), "year", "1988"),
        ("1988-05", datetime.date(1988, 5, 1), "month", "May 1988"),
        ("1995-06-22", datetime.date(1995, 6, 22), "day", "22 June 1995"),
    ],
)
def test_a_vague_date_keeps_its_precision(text, date, precision, shown):
    vague = VagueDate.parse(text)
    assert (vague.date, vague.precision) == (date, precision)
    assert str(vague) == shown
    assert vague.iso() == text


@pytest.mark.parametrize("text", ["May 1988", "88", "1988-13", "1988-02-30", ""])
def test_an_unreadable_date_says_what_was_expected(text):
    with pytest.raises(ValueError, match="date"):
        VagueDate.parse(text)
