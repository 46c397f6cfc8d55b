"""A multiple choice from a fixed list, stored in one text column: ``,pension,school,``.

Why not a JSON list: SQLite cannot filter a JSON array by one of its items (``contains`` is
PostgreSQL-only), and a many-to-many table would cost a join or a subquery per filter. With the
commas at both ends, ``needs__contains=",pension,"`` matches one whole value on every database,
inside the listing's single query.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin import compare
from wagtail.admin.panels import FieldPanel

SEPARATOR = ","


class ChoiceListField(models.CharField):
    """A list of values from ``choices``; the Python value is always a list of strings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    # --- Python value <-> column ------------------------------------------------------------

    @staticmethod
    def split(value: Any) -> list[str]:
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [item for item in value.split(SEPARATOR) if item]
        return [str(item) for item in value if item]

    def _ordered(self, values: Iterable[str]) -> list[str]:
        """Unique, in the order of the choices (unknown values last, so validation sees them)."""
        wanted = set(values)
        known = [value for value, _label in self.flatchoices if value in wanted]
        return known + sorted(wanted - set(known))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> list[str]:
        return self.split(value)

    def to_python(self, value: Any) -> list[str]:
        return self.split(value)

    def get_prep_value(self, value: Any) -> str:
        items = self._ordered(self.split(value))
        return SEPARATOR + SEPARATOR.join(items) + SEPARATOR if items else ""

    def value_to_string(self, obj: models.Model) -> str:
        # Revisions store this string; to_python() reads it back.
        return self.get_prep_value(self.value_from_object(obj))

    # --- Validation and the form ------------------------------------------------------------

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        items = self.split(value)
        if not items and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
        allowed = {choice for choice, _label in self.flatchoices}
        for item in items:
            if item not in allowed:
                raise ValidationError(
                    _("“%(value)s” is not one of the choices."),
                    code="invalid_choice",
                    params={"value": item},
                )

    def formfield(self, **kwargs: Any) -> forms.Field:
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.choices,
            "required": not self.blank,
            "label": self.verbose_name,
            "help_text": self.help_text,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        defaults.pop("choices_form_class", None)
        defaults.pop("max_length", None)
        defaults.pop("empty_value", None)
        defaults.pop("coerce", None)
        return form_class(**defaults)


class ChoiceListComparison(compare.M2MFieldComparison):
    """Revision comparison: the chosen labels added and removed, like a many-to-many field.

    Wagtail compares fields with choices as single values, which a list is not."""

    def get_items(self) -> tuple[list[str], list[str]]:
        return self.field.to_python(self.val_a), self.field.to_python(self.val_b)

    def get_item_display(self, item: str) -> str:
        return str(dict(self.field.flatchoices).get(item, item))


class ChoiceListPanel(FieldPanel):
    """The editor's panel for a ``ChoiceListField``: checkboxes, and a sensible diff."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)

    def get_comparison_class(self) -> type[compare.FieldComparison]:
        return ChoiceListComparison
