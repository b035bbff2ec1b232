from django import template

register = template.Library()


@register.filter
def vague(record, name: str):
    """A record's vague date as precisely as known: {{ zone|vague:"approved" }} -> "May 1988"."""
    return record.vague_date(name) or ""


@register.inclusion_tag("includes/figures.html")
def figures_table(figures, caption="Figures reported by the sources"):
    return {"figures": figures, "caption": caption}


@register.inclusion_tag("includes/provenance.html")
def provenance(record):
    """Where a record's facts come from: the source, the section, and how they were read."""
    return {"record": record}
