"""Vague dates: a date and how much of it the source actually gives (year, month or day).

"May 1988" is stored as 1988-05-01 with precision "month" and always shown as "May 1988",
never as a made-up first of the month.
"""

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from django.db import models
from django.utils.dateformat import format as format_date
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")
_ISO = {DatePrecision.YEAR: "%Y", DatePrecision.MONTH: "%Y-%m", DatePrecision.DAY: "%Y-%m-%d"}


@dataclass(frozen=True)
class VagueDate:
    date: datetime.date
    precision: str

    @classmethod
    def parse(cls, text: str) -> "VagueDate":
        """Read "1988", "1988-05" or "1988-05-17"; raise ValueError saying what was expected."""
        match = _PATTERN.match(str(text).strip())
        if not match:
            raise ValueError(
                gettext("'%(text)s' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.")
                % {"text": text}
            )
        year, month, day = (int(part) if part else None for part in match.groups())
        precision = (
            DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
        )
        try:
            return cls(datetime.date(year, month or 1, day or 1), precision)
        except ValueError as error:
            raise ValueError(
                gettext("'%(text)s' is not a valid date (%(error)s).")
                % {"text": text, "error": error}
            ) from None

    def iso(self) -> str:
        return self.date.strftime(_ISO[self.precision])

    def __str__(self) -> str:
        return _shown(self.date, self.precision, get_language())

    def display_format(self) -> str:
        """A date format (Django's letters) in the active language: "May 1988", "1988年5月"."""
        if self.precision == DatePrecision.YEAR:
            return pgettext("format of a date known to the year", "Y")
        if self.precision == DatePrecision.MONTH:
            return pgettext("format of a date known to the month", "F Y")
        return pgettext("format of a date known to the day", "j F Y")


@lru_cache(maxsize=4096)
def _shown(date: datetime.date, precision: str, language: str | None) -> str:
    """A date as a page shows it, worked out once per date, precision and language (a
    directory shows a date on every row)."""
    return format_date(date, VagueDate(date, precision).display_format())


def vague_date_fields(verbose_name: str, help_text: str = ""):
    """The two fields that hold one vague date: `<name>_on` and `<name>_precision`."""
    return (
        models.DateField(
            verbose_name,
            null=True,
            blank=True,
            help_text=help_text
            or _(
                "As precisely as the source gives it. For a year alone enter 1 January of that "
                "year and choose precision 'Year'; for a month, the 1st and 'Month'."
            ),
        ),
        models.CharField(
            format_lazy(_("{name} precision"), name=verbose_name),
            max_length=5,
            choices=DatePrecision.choices,
            blank=True,
            help_text=_("How much of the date the source gives."),
        ),
    )


def vague_date_constraint(name: str) -> models.CheckConstraint:
    """The database's half of the rule: a precision exactly when there is a date, and no
    invented month or day behind a year or month precision."""
    on, precision = f"{name}_on", f"{name}_precision"
    return models.CheckConstraint(
        name=f"%(app_label)s_%(class)s_{name}_precision_matches",
        violation_error_message=_("A date and its precision do not match."),
        condition=(
            models.Q(**{f"{on}__isnull": True, precision: ""})
            | models.Q(**{f"{on}__isnull": False, precision: DatePrecision.DAY})
            # isnull=False keeps a NULL date from slipping through as an unknown (passing) check.
            | models.Q(**{f"{on}__isnull": False, f"{on}__day": 1, precision: DatePrecision.MONTH})
            | models.Q(
                **{f"{on}__isnull": False, f"{on}__day": 1, f"{on}__month": 1},
                **{precision: DatePrecision.YEAR},
            )
        ),
    )


def vague_date_errors(date: datetime.date | None, precision: str, field: str) -> dict:
    """The model-validation half, in plain words, keyed by the field at fault."""
    if date is None:
        return (
            {f"{field}_precision": gettext("Leave the precision empty when there is no date.")}
            if precision
            else {}
        )
    if not precision:
        return {f"{field}_precision": gettext("Say how precise the date is: year, month or day.")}
    if precision == DatePrecision.MONTH and date.day != 1:
        return {
            f"{field}_on": gettext("For a date known to the month, enter the 1st of that month.")
        }
    if precision == DatePrecision.YEAR and (date.month, date.day) != (1, 1):
        return {
            f"{field}_on": gettext(
                "For a date known only to the year, enter 1 January of that year."
            )
        }
    return {}
