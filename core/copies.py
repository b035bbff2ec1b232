"""Declared parts copied lightly for each page.

Django deep-copies a form class's fields for every form, django-filter a filterset's filters
and django-tables2 a table's columns, with everything they were declared with (labels,
choices, attributes, links), though no page changes those: on a directory page the copies
cost more than its queries. Here each part is copied one level down, and what a page may set
on its copy (its own attributes, a widget's attributes) stays its own.
"""

import copy
from collections import OrderedDict
from collections.abc import Callable


class CopiedLightly(OrderedDict):
    """Declared parts by name, which copy.deepcopy() copies with copy_one(part) each."""

    def __init__(self, parts, copy_one: Callable = copy.copy):
        super().__init__(parts)
        self.copy_one = copy_one

    def __deepcopy__(self, memo):
        return OrderedDict((name, self.copy_one(part)) for name, part in self.items())


def copied_field(field):
    """A form field for one form: its widget and the widget's attributes its own (a bound
    field's errors add to them), its choices and validators shared."""
    field = copy.copy(field)
    field.widget = copy.copy(field.widget)
    field.widget.attrs = dict(field.widget.attrs)
    return field


def copied_filter(declared):
    """A filter for one filterset: its `extra` its own (a filter may set its queryset in it)."""
    filter_copy = copy.copy(declared)
    filter_copy.extra = dict(declared.extra)
    if declared.method is not None:
        filter_copy.method = declared.method  # bound to the copy, which has the parent
    return filter_copy
