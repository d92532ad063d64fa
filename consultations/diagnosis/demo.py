"""Demo data of diagnosis, called from consultations/demo.py. Every write goes through the services.

Koszalin has the whole suggested set (all eight groups) published with values for 2020–2025; Będzino has a
few indicators. The numbers are plausible, not real statistics. Running it again changes nothing."""

from decimal import Decimal

from . import services
from .models import Indicator

BDL = "https://bdl.stat.gov.pl/bdl/dane/podgrup/temat"
YEARS = list(range(2020, 2026))

# key: (source, source address, values 2020–2025; None where there is no value)
KOSZALIN = {
    "social_assistance": ("GUS BDL, Ochrona zdrowia i opieka społeczna, tablica P3183", BDL,
                          ["6.1", "5.8", "5.2", "4.9", "4.6", "4.4"]),
    "average_wage": ("GUS BDL, Wynagrodzenia i świadczenia społeczne, tablica P2497", BDL,
                     ["5012.40", "5386.10", "5978.55", "6843.20", "7560.30", "8105.70"]),
    "dwellings": ("GUS BDL, Gospodarka mieszkaniowa, tablica P2392", BDL,
                  ["447.2", "451.8", "456.9", "462.3", "467.0", "471.4"]),
    "floor_area": ("GUS BDL, Gospodarka mieszkaniowa, tablica P2392", BDL,
                   ["27.1", "27.4", "27.7", "28.0", "28.3", "28.6"]),
    "dwellings_completed": ("GUS BDL, Gospodarka mieszkaniowa, tablica P3818", BDL,
                            ["5.8", "6.4", "7.1", "5.2", "6.0", "6.6"]),
    "unemployment": ("GUS BDL, Rynek pracy, tablica P2392; Powiatowy Urząd Pracy w Koszalinie", BDL,
                     ["5.9", "5.1", "4.3", "4.0", "3.9", "4.2"]),
    "businesses": ("GUS BDL, Podmioty gospodarki narodowej, tablica P2742", BDL,
                   ["1398", "1432", "1461", "1489", "1512", "1534"]),
    "preschool": ("GUS BDL, Edukacja i wychowanie, tablica P3297", BDL,
                  ["96.2", "97.5", "98.1", "98.9", "99.2", "99.4"]),
    "exam_maths": ("Centralna Komisja Egzaminacyjna, wyniki egzaminu ósmoklasisty", "https://cke.gov.pl/",
                   ["47", "38", "58", "54", "53", "55"]),
    "library_readers": ("GUS BDL, Kultura, tablica P2168", BDL,
                        ["168.3", "173.5", "181.2", "186.0", "190.4", "193.1"]),
    "ngos": ("GUS BDL, Podmioty gospodarki narodowej, tablica P2743", BDL,
             ["46.8", "48.1", "49.7", "51.2", "52.6", "53.9"]),
    "turnout": ("Państwowa Komisja Wyborcza, wybory samorządowe 2024", "https://wybory.gov.pl/samorzad2024/",
                [None, None, None, None, "46.21", None]),
    "participatory_budget": ("Urząd Miejski w Koszalinie, Koszaliński Budżet Obywatelski", "",
                             ["71", "84", "92", "88", "103", "97"]),
    "clinics": ("GUS BDL, Ochrona zdrowia, tablica P3160", BDL, ["5.9", "6.0", "6.2", "6.3", "6.3", "6.4"]),
    "infant_deaths": ("GUS BDL, Ludność, tablica P3404", BDL, ["3.1", "2.8", "3.4", "2.5", "2.2", "2.4"]),
    "mixed_waste": ("GUS BDL, Ochrona środowiska, tablica P3880", BDL,
                    ["248.5", "241.2", "232.8", "225.4", "219.9", "212.6"]),
    "sewage": ("GUS BDL, Infrastruktura komunalna, tablica P2411", BDL,
               ["98.7", "98.8", "98.9", "99.0", "99.1", "99.1"]),
    "family_benefit": ("GUS BDL, Wynagrodzenia i świadczenia społeczne, tablica P3190", BDL,
                       ["21.4", "19.8", "18.1", "17.0", "16.2", "15.7"]),
    "long_term_unemployed": ("Powiatowy Urząd Pracy w Koszalinie, sprawozdanie MRPiPS-01", "",
                             ["48.2", "51.6", "47.3", "44.9", "42.1", "40.8"]),
}

BEDZINO = {
    "unemployment": ("GUS BDL, Rynek pracy; Powiatowy Urząd Pracy w Koszalinie", BDL,
                     [None, None, "7.8", "7.1", "6.9", "6.5"]),
    "ngos": ("GUS BDL, Podmioty gospodarki narodowej, tablica P2743", BDL, [None, None, "31.5", "32.9", "34.0", "35.2"]),
    "preschool": ("GUS BDL, Edukacja i wychowanie, tablica P3297", BDL, [None, None, "84.3", "86.0", "88.1", None]),
}


def _seed_municipality(municipality, officer, data: dict, *, groups: set | None = None) -> None:
    if groups is None:
        services.add_starter_indicators(municipality=municipality, actor=officer)
    else:
        for group in sorted(groups):
            services.add_starter_indicators(municipality=municipality, actor=officer, group=group)
    indicators = {i.starter_key: i for i in Indicator.objects.filter(municipality=municipality, starter_key__in=data)}
    for key, (source, url, values) in data.items():
        indicator = indicators[key]
        rows = [{"year": year, "value": Decimal(value), "source": source, "source_url": url, "note": ""}
                for year, value in zip(YEARS, values, strict=True) if value is not None]
        services.record_values(indicator=indicator, actor=officer, rows=rows)
        if not indicator.is_published:
            services.set_indicator_published(indicator=indicator, actor=officer, published=True)


def seed(municipalities, officers) -> None:
    if not municipalities:
        return
    _seed_municipality(municipalities[0], officers[0], KOSZALIN)
    if len(municipalities) > 1:
        _seed_municipality(municipalities[1], officers[1], BEDZINO, groups={"economy", "civic", "education"})
