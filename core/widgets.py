"""Form widgets written out in Python, for the public pages' filter and selection forms.

Django renders each widget through a template, and each option of a select through another;
a directory's filter form cost half its page. These make the same HTML as Django's templates
(django/forms/widgets/input.html, select.html, select_option.html, attrs.html), directly.
"""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def html_attrs(attrs: dict) -> str:
    """Django's attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        elif value is not False:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


class PlainInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = (
            f' value="{conditional_escape(str(widget["value"]))}"'
            if widget["value"] is not None
            else ""
        )
        return mark_safe(
            f'<input type="{conditional_escape(widget["type"])}" '
            f'name="{conditional_escape(widget["name"])}"{shown}{html_attrs(widget["attrs"])}>'
        )


class PlainSelectMixin:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [
            f'<select name="{conditional_escape(widget["name"])}"{html_attrs(widget["attrs"])}>'
        ]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                parts.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{html_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class TextInput(PlainInputMixin, forms.TextInput):
    pass


class NumberInput(PlainInputMixin, forms.NumberInput):
    pass


class Select(PlainSelectMixin, forms.Select):
    pass


PLAIN = {forms.TextInput: TextInput, forms.NumberInput: NumberInput, forms.Select: Select}


def make_plain(form: forms.Form, size: str = "sm") -> None:
    """Give a form's fields the plain widgets (same HTML, made faster) and Bootstrap's small
    control classes."""
    for field in form.fields.values():
        plain = PLAIN.get(type(field.widget))
        if plain is not None:
            field.widget.__class__ = plain  # the same widget, its rendering swapped
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", f"{css} form-control-{size}")
