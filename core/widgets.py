"""Form widgets written out in Python, for the public pages' filter and selection forms.

Django renders each widget through a template, and each option of a select through another;
a directory's filter form cost half its page. These make the same HTML as Django's templates
(django/forms/widgets/input.html, select.html, select_option.html, attrs.html), directly.
"""

from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.cache import data_version
from core.html import escaped


def html_attrs(attrs: dict) -> str:
    """Django's attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {escaped(name)}")
        elif value is not False:
            parts.append(f' {escaped(name)}="{escaped(str(value))}"')
    return "".join(parts)


class PlainInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = f' value="{escaped(str(widget["value"]))}"' if widget["value"] is not None else ""
        return mark_safe(
            f'<input type="{escaped(widget["type"])}" '
            f'name="{escaped(widget["name"])}"{shown}{html_attrs(widget["attrs"])}>'
        )


class PlainSelectMixin:
    def render(self, name, value, attrs=None, renderer=None):
        """Django's select.html and its optgroups, the options written straight from the
        choices (Django makes a dictionary and a template context for each)."""
        attributes = self.build_attrs(self.attrs, attrs)
        multiple = self.allow_multiple_selected
        if multiple:
            attributes["multiple"] = True
        chosen = self.format_value(value)
        parts = [f'<select name="{escaped(name)}"{html_attrs(attributes)}>']
        has_selected = False
        for option_value, unselected, selected in self.written_options():
            if option_value is None:  # an optgroup's opening or closing tag
                parts.append(unselected)
                continue
            is_selected = (not has_selected or multiple) and option_value in chosen
            has_selected |= is_selected
            parts.append(selected if is_selected else unselected)
        parts.append("\n</select>")
        return mark_safe("".join(parts))

    def written_options(self) -> list[tuple[str | None, str, str]]:
        """Each option's value and its HTML unselected and selected (value None: an optgroup's
        tag). The choices of a form made once (a directory's filters) depend only on the
        language and the data, so they are written once for each, and shared by the widget's
        copies (see make_plain)."""
        written = self.__dict__.get("written")
        if written is not None:
            language, version = get_language(), data_version()
            found = written.get(language)
            # (The choices too: a form that gave its copy other choices gets its own options.)
            if found is not None and found[0] == version and found[2] is self.choices:
                return found[1]
        options = []
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, list | tuple)
            if grouped:
                options.append((None, f'\n  <optgroup label="{escaped(option_value)}">', ""))
            for subvalue, sublabel in option_label if grouped else [(option_value, option_label)]:
                opening = f'\n  <option value="{escaped(str(subvalue))}"'
                closing = f">{escaped(sublabel)}</option>\n"
                options.append((str(subvalue), opening + closing, f"{opening} selected{closing}"))
            if grouped:
                options.append((None, "\n  </optgroup>", ""))
        if written is not None:
            written[language] = (version, options, self.choices)  # the latest version's
        return options


def fields_html(form) -> SafeString:
    """A directory's filter form's fields as its template wrote them, each a label, its widget
    and its errors (the template's loop took as long as the widgets)."""
    parts = []
    for field in form:
        name = escaped(field.id_for_label)
        errors = "".join(
            f'<div class="invalid-feedback d-block" id="{name}-error">{escaped(error)}</div>'
            for error in field.errors
        )
        parts.append(
            f'\n      <div class="mb-2">\n        <label class="form-label small mb-0" '
            f'for="{name}">{escaped(field.label)}</label>\n        {field}\n        {errors}'
            f"\n      </div>\n      "
        )
    return mark_safe("".join(parts))


class TextInput(PlainInputMixin, forms.TextInput):
    pass


class NumberInput(PlainInputMixin, forms.NumberInput):
    pass


class Select(PlainSelectMixin, forms.Select):
    pass


PLAIN = {forms.TextInput: TextInput, forms.NumberInput: NumberInput, forms.Select: Select}


def make_plain(fields: dict, size: str = "sm") -> None:
    """Give a form's fields (form.fields, or a form class's base_fields) the plain widgets
    (same HTML, made faster) and Bootstrap's small control classes."""
    for field in fields.values():
        plain = PLAIN.get(type(field.widget))
        if plain is not None:
            field.widget.__class__ = plain  # the same widget, its rendering swapped
        if isinstance(field.widget, PlainSelectMixin):
            field.widget.written = {}  # its options, written once (shared by its copies)
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", f"{css} form-control-{size}")
