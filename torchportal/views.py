from django.views.generic import TemplateView

from figures.models import Figure, Milestone
from incubators.models import Incubator
from innofund.models import Programme
from zones.models import Zone


class HomeView(TemplateView):
    """The program at a glance: what the registry holds and the documents' headline figures."""

    template_name = "torchportal/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            zone_count=Zone.objects.count(),
            stip_count=Zone.objects.filter(kind=Zone.Kind.STIP).count(),
            incubator_count=Incubator.objects.count(),
            programme_count=Programme.objects.count(),
            figures=Figure.objects.select_related("source", "metric").order_by("topic", "key"),
            milestones=Milestone.objects.select_related("source"),
            **kwargs,
        )
