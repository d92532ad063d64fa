"""The suggested starter set of indicators: two or three per group of the Model's standard P1.A1.T1.S1, all
available for every gmina in the GUS Local Data Bank (Bank Danych Lokalnych). An officer adds them with one
click (unpublished); the municipality then agrees the set with the NGOs, edits it and publishes.

Names, units and definitions are data written into the municipality's records (in Polish, as the public
dashboard shows them and the officer edits them), not interface text."""

from .enums import Direction, IndicatorGroup

G, D = IndicatorGroup, Direction

# (key, group, name, unit, direction, definition)
STARTER_SET: list[tuple[str, str, str, str, str, str]] = [
    ("social_assistance", G.LIVING_CONDITIONS, "Osoby w gospodarstwach domowych korzystających ze środowiskowej "
     "pomocy społecznej", "procent ludności", D.LOWER_IS_BETTER,
     "Udział osób w gospodarstwach domowych korzystających ze środowiskowej pomocy społecznej w ogólnej liczbie "
     "ludności gminy. Źródło: GUS BDL, kategoria „Ochrona zdrowia i opieka społeczna”."),
    ("average_wage", G.LIVING_CONDITIONS, "Przeciętne miesięczne wynagrodzenie brutto", "zł", D.HIGHER_IS_BETTER,
     "Przeciętne miesięczne wynagrodzenie brutto w powiecie (GUS BDL, kategoria „Wynagrodzenia i świadczenia "
     "społeczne”)."),
    ("dwellings", G.HOUSING, "Mieszkania na 1000 mieszkańców", "mieszkania na 1000 mieszkańców",
     D.HIGHER_IS_BETTER, "Zasoby mieszkaniowe na koniec roku na 1000 mieszkańców (GUS BDL, „Gospodarka "
     "mieszkaniowa”)."),
    ("floor_area", G.HOUSING, "Przeciętna powierzchnia użytkowa mieszkania na 1 osobę", "m²",
     D.HIGHER_IS_BETTER, "Przeciętna powierzchnia użytkowa mieszkania w m² na 1 osobę (GUS BDL)."),
    ("dwellings_completed", G.HOUSING, "Mieszkania oddane do użytkowania na 1000 mieszkańców",
     "mieszkania na 1000 mieszkańców", D.HIGHER_IS_BETTER,
     "Mieszkania oddane do użytkowania w ciągu roku na 1000 mieszkańców (GUS BDL)."),
    ("unemployment", G.ECONOMY, "Stopa bezrobocia rejestrowanego", "procent", D.LOWER_IS_BETTER,
     "Bezrobotni zarejestrowani w relacji do ludności aktywnej zawodowo, stan na 31 grudnia (GUS BDL; "
     "dane powiatowego urzędu pracy)."),
    ("businesses", G.ECONOMY, "Podmioty gospodarki narodowej w rejestrze REGON na 10 tys. ludności",
     "podmioty na 10 tys. ludności", D.HIGHER_IS_BETTER,
     "Podmioty wpisane do rejestru REGON na 10 tys. mieszkańców, stan na 31 grudnia (GUS BDL)."),
    ("preschool", G.EDUCATION, "Dzieci w wieku 3–5 lat objęte wychowaniem przedszkolnym", "procent",
     D.HIGHER_IS_BETTER, "Odsetek dzieci w wieku 3–5 lat objętych wychowaniem przedszkolnym (GUS BDL, "
     "„Edukacja i wychowanie”)."),
    ("exam_maths", G.EDUCATION, "Średni wynik egzaminu ósmoklasisty z matematyki", "procent",
     D.HIGHER_IS_BETTER, "Średni wynik procentowy uczniów szkół w gminie (Centralna Komisja Egzaminacyjna)."),
    ("library_readers", G.EDUCATION, "Czytelnicy bibliotek publicznych na 1000 mieszkańców",
     "osoby na 1000 mieszkańców", D.HIGHER_IS_BETTER,
     "Czytelnicy bibliotek publicznych w ciągu roku na 1000 mieszkańców (GUS BDL, „Kultura”)."),
    ("ngos", G.CIVIC, "Fundacje, stowarzyszenia i organizacje społeczne na 10 tys. mieszkańców",
     "organizacje na 10 tys. mieszkańców", D.HIGHER_IS_BETTER,
     "Fundacje, stowarzyszenia i organizacje społeczne w rejestrze REGON na 10 tys. mieszkańców (GUS BDL)."),
    ("turnout", G.CIVIC, "Frekwencja w wyborach do rady gminy", "procent", D.HIGHER_IS_BETTER,
     "Udział głosujących w liczbie uprawnionych w ostatnich wyborach samorządowych (Państwowa Komisja "
     "Wyborcza). Wartość zapisuje się w roku wyborów."),
    ("participatory_budget", G.CIVIC, "Projekty zgłoszone do budżetu obywatelskiego", "projekty",
     D.HIGHER_IS_BETTER, "Liczba projektów zgłoszonych przez mieszkańców w edycji budżetu obywatelskiego "
     "(dane urzędu)."),
    ("clinics", G.HEALTH, "Przychodnie na 10 tys. mieszkańców", "przychodnie na 10 tys. mieszkańców",
     D.HIGHER_IS_BETTER, "Przychodnie podstawowej opieki zdrowotnej na 10 tys. mieszkańców (GUS BDL)."),
    ("infant_deaths", G.HEALTH, "Zgony niemowląt na 1000 urodzeń żywych", "zgony na 1000 urodzeń",
     D.LOWER_IS_BETTER, "Zgony dzieci w wieku poniżej 1 roku na 1000 urodzeń żywych (GUS BDL, „Ludność”)."),
    ("mixed_waste", G.ENVIRONMENT, "Odpady zmieszane zebrane na 1 mieszkańca", "kg na mieszkańca",
     D.LOWER_IS_BETTER, "Zmieszane odpady komunalne zebrane w ciągu roku w kg na 1 mieszkańca (GUS BDL, "
     "„Ochrona środowiska”)."),
    ("sewage", G.ENVIRONMENT, "Ludność korzystająca z oczyszczalni ścieków", "procent ludności",
     D.HIGHER_IS_BETTER, "Odsetek ludności korzystającej z oczyszczalni ścieków (GUS BDL)."),
    ("family_benefit", G.INEQUALITIES, "Dzieci, na które rodzice otrzymują zasiłek rodzinny",
     "procent dzieci do 17 lat", D.LOWER_IS_BETTER,
     "Dzieci w wieku do 17 lat, na które rodzice otrzymują zasiłek rodzinny, w liczbie dzieci w tym wieku "
     "(GUS BDL)."),
    ("long_term_unemployed", G.INEQUALITIES, "Długotrwale bezrobotni w liczbie bezrobotnych", "procent",
     D.LOWER_IS_BETTER, "Udział osób bezrobotnych ponad 12 miesięcy w liczbie zarejestrowanych bezrobotnych "
     "(dane powiatowego urzędu pracy)."),
]
