from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.registry import Entry


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = _("Sources, figures and milestones")
    registry = [
        Entry(
            "Source",
            "sources",
            _("The published documents everything here comes from."),
            directory="figures:source_list",
            menu=_("Sources"),
            api="figures.api.SourceViewSet",
        ),
        Entry("Metric", "metrics", _("What the figures measure.")),
        Entry(
            "Figure",
            "figures",
            _("Numbers the sources report, with qualifier, date and words."),
            api="figures.api.FigureViewSet",
        ),
        Entry(
            "Claim",
            "claims",
            _("A zone's Chinese name or approval date as one source states it."),
            api="figures.api.ClaimViewSet",
        ),
        Entry(
            "Milestone",
            "milestones",
            _("Dated events the sources tell."),
            api="figures.api.MilestoneViewSet",
        ),
    ]
