"""Fields and database rules the registry's models share: money with its currency, counts that
may be unknown, plausible years."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    CNY = "CNY", _("CNY (yuan)")
    USD = "USD", _("USD (US dollars)")


def currency_field():
    return models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency.choices,
        default=Currency.CNY,
        help_text=_("The currency of the amounts (CNY unless the source says otherwise)."),
    )


def money_field(verbose_name: str):
    return models.DecimalField(
        verbose_name,
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("An amount cannot be negative."))],
        help_text=_(
            "In full units of the currency (5.3 billion yuan is 5300000000). "
            "Leave empty when unknown."
        ),
    )


UNKNOWN_COUNT_HELP = _("Leave empty when unknown (not 0).")


def count_field(verbose_name: str, help_text: str = UNKNOWN_COUNT_HELP):
    return models.PositiveBigIntegerField(verbose_name, null=True, blank=True, help_text=help_text)


FIRST_YEAR, LAST_YEAR = 1949, 2100
YEAR = _("year")


def year_field(verbose_name: str = YEAR, **options):
    return models.PositiveSmallIntegerField(
        verbose_name,
        validators=[
            # The validators fill in %(limit_value)s: the first or the last year.
            MinValueValidator(FIRST_YEAR, _("Enter a year from %(limit_value)s on.")),
            MaxValueValidator(LAST_YEAR, _("Enter a year up to %(limit_value)s.")),
        ],
        **options,
    )


def non_negative(*amounts: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            name=f"%(app_label)s_%(class)s_{field}_non_negative",
            condition=models.Q(**{f"{field}__gte": 0}) | models.Q(**{f"{field}__isnull": True}),
            violation_error_message=_("An amount cannot be negative."),
        )
        for field in amounts
    ]


def plausible_year(field: str = "year") -> models.CheckConstraint:
    return models.CheckConstraint(
        name=f"%(app_label)s_%(class)s_{field}_plausible",
        condition=models.Q(**{f"{field}__gte": FIRST_YEAR, f"{field}__lte": LAST_YEAR})
        | models.Q(**{f"{field}__isnull": True}),
        violation_error_message=format_lazy(
            _("The year must lie between {first} and {last}."), first=FIRST_YEAR, last=LAST_YEAR
        ),
    )
