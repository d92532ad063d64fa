"""Forms of the local diagnosis: input validation only; the services decide."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .enums import Direction, IndicatorGroup
from .services import VALUE_FIELDS, cell_key


class IndicatorForm(forms.Form):
    group = forms.ChoiceField(label=gettext_lazy("Group"), choices=IndicatorGroup.choices)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=60,
                           help_text=gettext_lazy("E.g. “percent”, “per 1000 residents”, “PLN”."))
    definition = forms.CharField(label=gettext_lazy("Definition"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=gettext_lazy("What is measured, how it is calculated, where it comes from."))
    direction = forms.ChoiceField(label=gettext_lazy("Which way is better"), choices=Direction.choices,
                                  widget=forms.RadioSelect, initial=Direction.NEUTRAL)
    order = forms.IntegerField(label=gettext_lazy("Order in the group"), min_value=0, max_value=32767, initial=100,
                               help_text=gettext_lazy("Smaller numbers come first."))


class ValueGridForm(forms.Form):
    """One row a year: value, source, source address, note. A row left entirely empty is skipped."""

    def __init__(self, *args, years: list[int], existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            item = existing.get(year)
            self.fields[cell_key("value", year)] = forms.CharField(
                label=_("Value in %(year)d") % {"year": year}, required=False, max_length=40,
                initial=_text(item.value) if item else "",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 10}),
            )
            self.fields[cell_key("source", year)] = forms.CharField(
                label=_("Source for %(year)d") % {"year": year}, required=False, max_length=300,
                initial=item.source if item else "",
            )
            self.fields[cell_key("source_url", year)] = forms.URLField(
                label=_("Source address for %(year)d") % {"year": year}, required=False, max_length=500,
                initial=item.source_url if item else "", assume_scheme="https",
            )
            self.fields[cell_key("note", year)] = forms.CharField(
                label=_("Note for %(year)d") % {"year": year}, required=False, max_length=1000,
                initial=item.note if item else "",
            )
            if item is not None:
                self.fields[cell_key("remove", year)] = forms.BooleanField(
                    label=_("Remove the value of %(year)d") % {"year": year}, required=False)
        self.existing = existing

    def clean(self):
        from .services import parse_decimal

        cleaned = super().clean()
        for year in self.years:
            key = cell_key("value", year)
            if key in self.errors:
                continue
            try:
                cleaned[key] = parse_decimal(cleaned.get(key, ""))
            except ValueError:
                self.add_error(key, _("Enter a number, e.g. 12,5."))
        return cleaned

    def grid(self):
        """For the template: one row per year with its bound fields and the box to remove a recorded value."""
        return [(year, [self[cell_key(name, year)] for name in VALUE_FIELDS],
                 self[cell_key("remove", year)] if year in self.existing else None) for year in self.years]

    def rows(self) -> list[dict]:
        """The rows to save: every year with something typed in, every year already recorded, and the years
        whose value is to be removed (what was typed in their row is then ignored)."""
        rows = []
        for year in self.years:
            if self.cleaned_data.get(cell_key("remove", year)):
                rows.append({"year": year, "remove": True})
                continue
            row = {"year": year, **{name: self.cleaned_data.get(cell_key(name, year)) for name in VALUE_FIELDS}}
            typed = row["value"] is not None or any(row[name] for name in ("source", "source_url", "note"))
            if typed or year in self.existing:
                rows.append({**row, "source": row["source"] or "", "source_url": row["source_url"] or "",
                             "note": row["note"] or ""})
        return rows


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("Columns: wskaznik, rok, wartosc, zrodlo (and optionally zrodlo_adres, uwagi). "
                               "The indicator is found by its name."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


def _text(value) -> str:
    from .selectors import decimal_text

    return decimal_text(value).replace(".", ",")

