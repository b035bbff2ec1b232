"""Which language a page is in, and names and numbers as it writes them."""

import contextvars
from contextlib import contextmanager
from decimal import Decimal

from django.utils import translation

# Set while a long loop works in one language (a download's rows, a page of API records):
# asking Django which language is active costs a few microseconds, a fifth of a download's time
# when asked for every name and link.
_settled: contextvars.ContextVar[str | None] = contextvars.ContextVar("language", default=None)


def current_language() -> str:
    """The active language's code ("en", "zh-hans")."""
    settled = _settled.get()
    if settled is not None:
        return settled
    return translation.get_language() or ""


def chinese_active() -> bool:
    """Whether the page is being shown in Chinese."""
    return current_language().startswith("zh")


@contextmanager
def language_settled():
    """For a block that does not change the language: ask which it is once."""
    token = _settled.set(current_language())
    try:
        yield
    finally:
        _settled.reset(token)


def localized(english: str, chinese: str) -> str:
    """The text in the active language, falling back to the other one when it is unknown."""
    return (chinese or english) if chinese_active() else (english or chinese)


def compact_scales() -> list[tuple[Decimal, str]]:
    """The words large numbers are read in: billions and millions in English; 亿 (10⁸) and
    万 (10⁴) in Chinese, as Chinese documents write them."""
    if chinese_active():
        return [(Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")]
    return [(Decimal(10) ** 9, " billion"), (Decimal(10) ** 6, " million")]


def format_number(value: Decimal, compact: bool = False) -> str:
    """Group thousands and drop trailing zeros: 5300000000.0000 -> '5,300,000,000', or with
    compact=True in the words the documents use: '5.3 billion' ('53亿' in Chinese)."""
    value = Decimal(value)
    if compact:
        for size, word in compact_scales():
            scaled = value / size
            # Only where it reads exactly and briefly: 1.5931万 helps nobody; 15,931 does.
            if abs(value) >= size and scaled == round(scaled, 2):
                return f"{format_number(scaled)}{word}"
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return f"{int(normalized):,}"
    return f"{normalized:,f}"
