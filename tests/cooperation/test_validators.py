import pytest
from django.core.exceptions import ValidationError

from cooperation.enums import LegalForm, MunicipalityKind
from cooperation.models import Municipality, Organization
from cooperation.validators import (
    normalize_krs,
    normalize_nip,
    normalize_regon,
    validate_krs,
    validate_nip,
    validate_postal_code,
    validate_regon,
    validate_teryt,
)
from tests.cooperation.core_roles import english


@pytest.fixture(autouse=True)
def _english():
    with english():
        yield


def _codes(callable_, *args) -> list[str]:
    with pytest.raises(ValidationError) as excinfo:
        callable_(*args)
    return [error.code for error in excinfo.value.error_list]


# --- NIP ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["8567346215", "1645865777"])
def test_nip_with_a_correct_check_digit_is_accepted(value):
    validate_nip(value)


@pytest.mark.parametrize("value", ["1645865778", "1234567890", "0000000000", "856734621", "85673462150", "ABCDEFGHIJ", ""])
def test_nip_with_a_wrong_check_digit_or_length_is_refused(value):
    assert _codes(validate_nip, value) == ["nip"]


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("856-734-62-15", "8567346215"),
        ("856 734 62 15", "8567346215"),
        ("PL8567346215", "8567346215"),
        ("pl 856-734-62-15", "8567346215"),
        ("8567346215", "8567346215"),
    ],
)
def test_nip_written_with_dashes_spaces_or_pl_prefix_is_normalised_and_accepted(raw, normalized):
    assert normalize_nip(raw) == normalized
    validate_nip(raw)


# --- REGON --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["123456785", "192598184", "12345678512347", "123-456-785"])
def test_regon_with_a_correct_check_digit_is_accepted(value):
    validate_regon(value)


@pytest.mark.parametrize(
    "value", ["192598183", "12345678512348", "000000000", "00000000000000", "12345678", "1234567851234", ""]
)
def test_regon_with_a_wrong_check_digit_length_or_all_zeros_is_refused(value):
    assert _codes(validate_regon, value) == ["regon"]


def test_regon_is_normalised_by_dropping_spaces_and_dashes():
    assert normalize_regon(" 123-456 785 ") == "123456785"


# --- KRS ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [("359730", "0000359730"), ("0000359730", "0000359730"), ("0000 359 730", "0000359730"), ("1", "0000000001")],
)
def test_krs_shorter_than_ten_digits_is_padded_with_zeros(raw, normalized):
    assert normalize_krs(raw) == normalized
    validate_krs(normalize_krs(raw))


@pytest.mark.parametrize("value", ["00003597a0", "KRS0000359730", "12345678901", "0000000000", "359730", ""])
def test_krs_with_letters_eleven_digits_all_zeros_or_unpadded_is_refused(value):
    assert _codes(validate_krs, value) == ["krs"]


def test_krs_with_letters_is_not_padded():
    assert normalize_krs("12a4") == "12a4"
    assert _codes(validate_krs, normalize_krs("12a4")) == ["krs"]


# --- Postal code --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["75-007", "00-950"])
def test_postal_code_in_the_form_00_000_is_accepted(value):
    validate_postal_code(value)


@pytest.mark.parametrize("value", ["75007", "75-0071", "7-5007", "ab-cde", "75 007", ""])
def test_postal_code_in_another_form_is_refused(value):
    assert _codes(validate_postal_code, value) == ["postal_code"]


# --- TERYT --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("3201011", "gmina"),  # Białogard, urban gmina
        ("3201022", "gmina"),  # Białogard, rural gmina
        ("3201033", "gmina"),  # Karlino, urban-rural gmina
        ("3261011", "gmina"),  # Koszalin, a city with powiat rights
        ("3201", "powiat"),
        ("3261", "powiat"),
        ("02", "wojewodztwo"),
        ("32", "wojewodztwo"),
    ],
)
def test_teryt_of_a_local_government_unit_is_accepted(code, kind):
    validate_teryt(code, kind)


@pytest.mark.parametrize(
    ("code", "kind", "error_code"),
    [
        ("3201034", "gmina", "teryt_type"),  # the town part of the Karlino gmina, not a JST
        ("3201035", "gmina", "teryt_type"),  # its rural part
        ("1465018", "gmina", "teryt_type"),  # a Warsaw district
        ("3301011", "gmina", "teryt_ww"),  # odd voivodeship
        ("3400011", "gmina", "teryt_ww"),  # voivodeship above 32
        ("0001011", "gmina", "teryt_ww"),
        ("3200011", "gmina", "teryt_pp"),
        ("3201001", "gmina", "teryt_gg"),
        ("3200", "powiat", "teryt_pp"),
        ("3301", "powiat", "teryt_ww"),
        ("33", "wojewodztwo", "teryt_ww"),
        ("00", "wojewodztwo", "teryt_ww"),
        ("34", "wojewodztwo", "teryt_ww"),
    ],
)
def test_teryt_with_a_wrong_part_is_refused(code, kind, error_code):
    assert _codes(validate_teryt, code, kind) == [error_code]


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("320101", "gmina"),
        ("32010111", "gmina"),
        ("3201", "gmina"),
        ("3201011", "powiat"),
        ("320", "powiat"),
        ("3201", "wojewodztwo"),
        ("2", "wojewodztwo"),
        ("32-01011", "gmina"),
        ("", "gmina"),
    ],
)
def test_teryt_of_the_wrong_length_for_its_kind_is_refused(code, kind):
    assert _codes(validate_teryt, code, kind) == ["teryt_length"]


def test_teryt_length_message_names_the_expected_number_of_digits():
    with pytest.raises(ValidationError) as excinfo:
        validate_teryt("3201011", "powiat")
    assert excinfo.value.messages == ["A TERYT code of this kind of unit has 4 digits."]


def test_teryt_of_an_unknown_kind_is_refused_not_crashing():
    assert _codes(validate_teryt, "3201011", "parish") == ["teryt_kind"]


@pytest.mark.django_db
def test_municipality_full_clean_puts_the_teryt_error_on_the_teryt_field():
    municipality = Municipality(name="Karlino (miasto)", kind=MunicipalityKind.GMINA, teryt="3201034", slug="karlino")
    with pytest.raises(ValidationError) as excinfo:
        municipality.full_clean()
    assert set(excinfo.value.message_dict) == {"teryt"}
    assert excinfo.value.message_dict["teryt"] == [
        "The last digit of a gmina's TERYT code must be 1 (urban), 2 (rural) or 3 (urban-rural)."
    ]


@pytest.mark.django_db
def test_municipality_with_a_valid_teryt_passes_full_clean():
    Municipality(name="Karlino", kind=MunicipalityKind.GMINA, teryt="3201033", slug="karlino").full_clean()


@pytest.mark.django_db
def test_municipality_of_a_powiat_with_a_gmina_code_fails_on_teryt():
    municipality = Municipality(name="Powiat", kind=MunicipalityKind.POWIAT, teryt="3201011", slug="powiat")
    with pytest.raises(ValidationError) as excinfo:
        municipality.full_clean()
    assert set(excinfo.value.message_dict) == {"teryt"}


# --- Organization.clean: KRS by legal form -------------------------------------------------------------


def _organization(legal_form: str, krs: str = "") -> Organization:
    return Organization(
        name="Organizacja", legal_form=legal_form, krs=krs, street="ul. Polna 1", postal_code="75-001",
        city="Koszalin", email="kontakt@example.org",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("legal_form", [LegalForm.ASSOCIATION, LegalForm.FOUNDATION, LegalForm.SOCIAL_COOPERATIVE])
def test_organization_of_a_krs_registered_form_without_krs_is_refused_on_the_krs_field(legal_form):
    with pytest.raises(ValidationError) as excinfo:
        _organization(legal_form).full_clean()
    assert set(excinfo.value.message_dict) == {"krs"}
    assert excinfo.value.message_dict["krs"] == [
        "Organizations of this legal form are registered in the KRS: enter the number."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("legal_form", [LegalForm.ASSOCIATION, LegalForm.FOUNDATION, LegalForm.SOCIAL_COOPERATIVE])
def test_organization_of_a_krs_registered_form_with_krs_is_accepted(legal_form):
    _organization(legal_form, krs="0000359730").full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "legal_form",
    [LegalForm.INFORMAL_GROUP, LegalForm.RURAL_HOUSEWIVES, LegalForm.ORDINARY_ASSOCIATION, LegalForm.SPORTS_CLUB],
)
def test_organization_outside_the_krs_needs_no_krs_number(legal_form):
    _organization(legal_form).full_clean()


@pytest.mark.django_db
def test_organization_with_a_bad_nip_fails_on_the_nip_field():
    organization = _organization(LegalForm.INFORMAL_GROUP)
    organization.nip = "1645865778"
    with pytest.raises(ValidationError) as excinfo:
        organization.full_clean()
    assert excinfo.value.message_dict == {"nip": ["Enter a valid NIP: 10 digits with a correct check digit."]}
