"""The NGO base as a spreadsheet (django-import-export): one column definition for import and export.

Headers are Polish (what officers already use in their spreadsheets); English aliases are accepted on
import. The export writes exactly the import columns, so an exported file can be imported again.
"""

import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from itertools import islice

from import_export import fields, resources, widgets

from .enums import LegalForm
from .models import Organization, Sphere

# (model attribute, Polish header written on export, other headers accepted on import)
COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("name", "nazwa", ("name", "nazwa_organizacji")),
    ("legal_form", "forma_prawna", ("legal_form", "forma")),
    ("krs", "krs", ("nr_krs", "numer_krs")),
    ("nip", "nip", ()),
    ("regon", "regon", ()),
    ("street", "ulica", ("street", "adres", "ulica_i_numer")),
    ("postal_code", "kod_pocztowy", ("postal_code", "kod")),
    ("city", "miejscowosc", ("city", "town", "miasto")),
    ("email", "email", ("e_mail",)),
    ("phone", "telefon", ("phone", "tel")),
    ("website", "www", ("website", "strona", "strona_www")),
    ("spheres", "sfery", ("spheres", "sfery_pozytku")),
    ("description", "opis", ("description",)),
    ("wants_email", "email_zgoda", ("wants_email",)),
    ("wants_post", "poczta_zgoda", ("wants_post",)),
]

# Polish names of the legal forms as officers write them. Data of the file format, not interface text:
# the export writes these words and the import reads them back (besides the enum values and labels).
LEGAL_FORM_POLISH = {
    LegalForm.ASSOCIATION: "stowarzyszenie",
    LegalForm.ORDINARY_ASSOCIATION: "stowarzyszenie zwykłe",
    LegalForm.FOUNDATION: "fundacja",
    LegalForm.SOCIAL_COOPERATIVE: "spółdzielnia socjalna",
    LegalForm.RURAL_HOUSEWIVES: "koło gospodyń wiejskich",
    LegalForm.SPORTS_CLUB: "klub sportowy",
    LegalForm.INFORMAL_GROUP: "grupa nieformalna",
    LegalForm.CHURCH_ENTITY: "kościelna osoba prawna",
    LegalForm.OTHER: "inny podmiot",
}
LEGAL_FORM_ALIASES = {
    "kgw": LegalForm.RURAL_HOUSEWIVES,
    "uks": LegalForm.SPORTS_CLUB,
    "uczniowski klub sportowy": LegalForm.SPORTS_CLUB,
    "spółdzielnia": LegalForm.SOCIAL_COOPERATIVE,
    "inne": LegalForm.OTHER,
    "inna": LegalForm.OTHER,
}

SPHERE_SEPARATOR = "; "
YES = "tak"
NO = "nie"


def normalize_header(value) -> str:
    """'Miejscowość ' → 'miejscowosc', 'Kod pocztowy' → 'kod_pocztowy', 'E-mail' → 'e_mail'."""
    text = unicodedata.normalize("NFKD", str(value or "").strip().casefold()).replace("ł", "l")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "_".join(text.replace("-", " ").replace("_", " ").split())


HEADER_TO_ATTRIBUTE: dict[str, str] = {}
for _attribute, _header, _aliases in COLUMNS:
    for _name in (_header, _attribute, *_aliases):
        HEADER_TO_ATTRIBUTE[normalize_header(_name)] = _attribute


class LegalFormWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return LEGAL_FORM_POLISH.get(value, value or "")


class SpheresWidget(widgets.ManyToManyWidget):
    """Sphere codes such as "1a; 33". Reads the prefetched spheres, so an export makes no query per row."""

    def __init__(self):
        super().__init__(Sphere, separator=SPHERE_SEPARATOR, field="code")

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return SPHERE_SEPARATOR.join(sphere.code for sphere in value.all())


class YesNoWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return YES if value else NO


class OrganizationResource(resources.ModelResource):
    """Column names and renderings of the NGO base. Imports are checked by cooperation.importing, which
    applies the portal's own rules (row numbers, every reason, matching by KRS/NIP/REGON)."""

    legal_form = fields.Field(attribute="legal_form", column_name="forma_prawna", widget=LegalFormWidget())
    spheres = fields.Field(attribute="spheres", column_name="sfery", widget=SpheresWidget())
    wants_email = fields.Field(attribute="wants_email", column_name="email_zgoda", widget=YesNoWidget())
    wants_post = fields.Field(attribute="wants_post", column_name="poczta_zgoda", widget=YesNoWidget())

    class Meta:
        model = Organization
        fields = tuple(attribute for attribute, _header, _aliases in COLUMNS)
        export_order = fields
        chunk_size = 500

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for attribute, header, _aliases in COLUMNS:
            self.fields[attribute].column_name = header


def export_header() -> list[str]:
    return OrganizationResource().get_export_headers()


def export_rows(organizations) -> Iterator[list[str]]:
    """One row of text per organization, in the import's columns, rendered by the resource's widgets. Read
    through a database iterator, CHUNK organizations at a time (only the exported columns), with one query for
    the sphere codes of each chunk: a constant number of queries per chunk and constant memory. The fields and
    widgets are looked up once, not for every cell (Resource.export_resource does, which 10,000 rows feel)."""
    from .exporting import CHUNK, iterate

    resource = OrganizationResource()
    columns = [(field.attribute, field.widget.render) for field in resource.get_export_fields()]
    plain = [attribute for attribute, _render in columns if attribute != "spheres"]
    through = Organization.spheres.through
    iterator = iterate(organizations.prefetch_related(None).only(*plain), CHUNK)
    while chunk := list(islice(iterator, CHUNK)):
        codes: dict[int, list[str]] = defaultdict(list)
        for organization_id, code in (through.objects.filter(organization_id__in=[o.pk for o in chunk])
                                      .order_by("sphere__order", "sphere_id")
                                      .values_list("organization_id", "sphere__code")):
            codes[organization_id].append(code)
        for organization in chunk:
            row = []
            for attribute, render in columns:
                if attribute == "spheres":
                    row.append(SPHERE_SEPARATOR.join(codes[organization.pk]))
                else:
                    value = render(getattr(organization, attribute))
                    row.append("" if value is None else str(value))
            yield row
