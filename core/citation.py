"""How to cite a page of the portal: GB/T 7714-2015, APA 7 and BibTeX, in the page's language.

The author is the portal itself; what a figure or a record rests on is the page's own business
(its sources are shown beside it). A citation names the data release current when the page was
made, with the address of that release's page, where the data can be had exactly as cited;
before the first release it names none. Every citation of the portal is made here.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import dateformat
from django.utils.translation import gettext, pgettext


@dataclass(frozen=True)
class CitedRelease:
    """A release of the data as a citation names it: its number, the day it was made, and the
    absolute address of its page."""

    number: int
    date: datetime.date
    url: str


@dataclass(frozen=True)
class Style:
    key: str  # in element ids
    label: str
    text: str


def citations(
    title: str,
    url: str,
    accessed: datetime.date,
    release: CitedRelease | None,
    dataset: bool = False,
) -> list[Style]:
    """The three citations of the page `title` at the absolute address `url`, read on
    `accessed`, in the active language. A dataset (the open data) is cited as one."""
    return [
        Style("gbt", "GB/T 7714-2015", gbt(title, url, accessed, release)),
        Style("apa", "APA 7", apa(title, url, accessed, release, dataset)),
        Style("bibtex", "BibTeX", bibtex(title, url, accessed, release, dataset)),
    ]


def author() -> str:
    return gettext("Torch Portal")


def edition(release: CitedRelease) -> str:
    return gettext("Release %(number)s") % {"number": release.number}


def gbt(title: str, url: str, accessed: datetime.date, release: CitedRelease | None) -> str:
    """GB/T 7714-2015 for an online resource, in Western punctuation as the standard's own
    examples: 责任者. 题名[EB/OL]. 版本. (更新日期)[引用日期]. 获取和访问路径. The update date
    is the release's; without a release it is left out, as the standard allows."""
    if release is None:
        return f"{author()}. {title}[EB/OL]. [{accessed.isoformat()}]. {url}."
    return (
        f"{author()}. {title}[EB/OL]. {edition(release)}. "
        f"({release.date.isoformat()})[{accessed.isoformat()}]. {url}."
    )


def apa(
    title: str, url: str, accessed: datetime.date, release: CitedRelease | None, dataset: bool
) -> str:
    """APA 7 for a web page or a data set whose content changes, hence with a retrieval date:
    Author. (Date). Title (Version) [Data set]. Retrieved Date, from URL"""
    if release is None:
        date = pgettext("citation", "n.d.")
        described = title
    else:
        date = dateformat.format(release.date, pgettext("citation date, APA", "Y, F j"))
        described = f"{title} ({edition(release)})"
    if dataset:
        data_set = pgettext("citation", "Data set")
        described += f" [{data_set}]"
    retrieved = pgettext("citation", "Retrieved %(date)s, from %(url)s") % {
        "date": dateformat.format(accessed, pgettext("citation retrieval date, APA", "F j, Y")),
        "url": url,
    }
    return f"{author()}. ({date}). {described}. {retrieved}"


def bibtex(
    title: str, url: str, accessed: datetime.date, release: CitedRelease | None, dataset: bool
) -> str:
    """A @misc entry (biblatex reads url and urldate; plain BibTeX keeps howpublished). Text is
    escaped for TeX; the author is in double braces, a body rather than a person."""
    fields = [
        ("author", "{" + escape(author()) + "}"),
        ("title", escape(title)),
        ("year", str((release.date if release else accessed).year)),
        ("howpublished", "\\url{" + url_safe(url) + "}"),
        ("url", url_safe(url)),
        ("urldate", accessed.isoformat()),
    ]
    if release is not None:
        note = pgettext("citation", "%(release)s of %(date)s, %(url)s") % {
            "release": edition(release),
            "date": release.date.isoformat(),
            "url": release.url,
        }
    else:
        note = pgettext("citation", "Before the first release of the data")
    if dataset:
        data_set = pgettext("citation", "Data set")
        note = f"{data_set}. {note}"
    fields.append(("note", escape(note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{citation_key(url, release)},\n{body}\n}}"


TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
TEX_PATTERN = re.compile("|".join(re.escape(character) for character in TEX_SPECIAL))


def escape(text: str) -> str:
    """Text as TeX reads it literally."""
    return TEX_PATTERN.sub(lambda match: TEX_SPECIAL[match.group()], text)


def url_safe(url: str) -> str:
    """An address for a verbatim url field: braces and backslashes (which would end or break
    the field) percent-encoded; the rest is read as it is."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def citation_key(url: str, release: CitedRelease | None) -> str:
    """A key from the page's address: torchportal-zones-zhongguancun-science-park-r3."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url.split("?")[0])
    words = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-").lower() or "home"
    return f"torchportal-{words}" + (f"-r{release.number}" if release else "")
