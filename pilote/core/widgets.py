"""Choice and date widgets a person expects, fitted to every Pilote form in one place.

A module declares plain Django fields; when a field is drawn, ``fit_widget`` gives it:

- a date (or date and time) picker of the browser (``type="date"`` / ``"datetime-local"``);
- for a long list (equipment, rooms, people, pupils), type-ahead: the ``<select>`` carries
  ``data-pilote-search`` and ``pilote/widgets.js`` hands it to Tom Select (a static file, no
  inline script nor ``eval``: the strict CSP holds). Without JavaScript it stays a plain list;
- for a multi-choice, checkboxes when the list is short, a searchable list when it is long —
  never a list that needs the Ctrl key;
- on a required list, the empty choice becomes a placeholder (« Choisir dans la liste ») that
  cannot be chosen, rather than a « --------- » that looks like an answer.

The decision waits until the field is drawn because a form narrows its lists in ``__init__``
(the current school's equipment, the devices not on loan…): the length that matters is the
final one.
"""

from django import forms

# From this many options a single choice list gets type-ahead.
SEARCH_FROM = 12
# Up to this many options a multi-choice shows as checkboxes; beyond, a searchable list.
CHECKBOXES_UP_TO = 12
PLACEHOLDER = "Choisir dans la liste"
# The empty choice of an optional list, rather than Django's « --------- ».
NO_ANSWER = "Non renseigné"


class PiloteSelect(forms.Select):
    """A single choice list: a placeholder instead of an empty answer on a required field,
    type-ahead when the list is long."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value is None or value == "":
            if self.is_required:
                option["label"] = PLACEHOLDER
                option["attrs"] = {**option["attrs"], "disabled": True, "hidden": True}
            elif str(label).startswith("-"):  # « --------- », « - Choisir une option - »
                option["label"] = NO_ANSWER
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = sum(len(group[1]) for group in context["widget"]["optgroups"])
        if options >= SEARCH_FROM:
            context["widget"]["attrs"]["data-pilote-search"] = "un"
        return context


class SearchableSelectMultiple(forms.SelectMultiple):
    """A long multi-choice list, turned into a searchable list with removable choices."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("size", None)
        context["widget"]["attrs"]["data-pilote-search"] = "plusieurs"
        return context


def fit_widget(field: forms.Field) -> None:
    """Give ``field`` the widget a person expects (see the module's docstring); once."""
    if getattr(field, "_pilote_fitted", False):
        return
    field._pilote_fitted = True
    widget = field.widget
    kind = type(widget)
    if kind is forms.DateInput and "type" not in widget.attrs:
        field.widget = _replace(widget, forms.DateInput, type="date", format="%Y-%m-%d")
    elif kind is forms.DateTimeInput and "type" not in widget.attrs:
        field.widget = _replace(
            widget, forms.DateTimeInput, type="datetime-local", format="%Y-%m-%dT%H:%M"
        )
    elif kind is forms.TimeInput and "type" not in widget.attrs:
        field.widget = _replace(widget, forms.TimeInput, type="time", format="%H:%M")
    elif kind is forms.Select:
        _label_choices(field)
        field.widget = _replace(widget, PiloteSelect, choices=widget.choices)
    elif kind is forms.SelectMultiple:
        _label_choices(field)
        if len(list(field.choices)) <= CHECKBOXES_UP_TO:
            new = _replace(widget, forms.CheckboxSelectMultiple, choices=widget.choices)
            new.attrs.pop("class", None)
            new.attrs.pop("size", None)
            new.group_class = None
        else:
            new = _replace(widget, SearchableSelectMultiple, choices=widget.choices)
        field.widget = new
    field.widget.is_required = field.required


def _replace(widget: forms.Widget, kind: type, **options) -> forms.Widget:
    """A new widget of ``kind`` keeping the old one's attributes (DSFR classes, error marks)."""
    attrs = dict(widget.attrs)
    fmt = options.pop("format", None)
    choices = options.pop("choices", None)
    attrs.update(options)
    new = kind(attrs=attrs, **({"format": fmt} if fmt else {}))
    if choices is not None:
        new.choices = choices
    if hasattr(widget, "group_class"):
        new.group_class = widget.group_class
    return new


def _label_choices(field: forms.Field) -> None:
    """A list of objects says what each one is when its model knows how
    (``choice_label()``, with the relations it reads in ``choice_related``)."""
    queryset = getattr(field, "queryset", None)
    if queryset is None or not hasattr(queryset.model, "choice_label"):
        return
    related = getattr(queryset.model, "choice_related", ())
    if related:
        field.queryset = queryset.select_related(*related)
    field.label_from_instance = lambda obj: obj.choice_label()
