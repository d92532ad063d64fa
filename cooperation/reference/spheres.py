"""Spheres of public tasks, art. 4 ust. 1 of the public benefit act (Dz.U. 2024 poz. 1491).

Codes are strings ("1a", "32a", "33"). The wording is abridged and marked [UNV] in
../shared/domain/legal.md section 8: verify against ISAP before relying on a point's exact text.
"""

SPHERES = [
    ("1", "pomoc społeczna, w tym pomoc rodzinom i osobom w trudnej sytuacji życiowej oraz wyrównywanie szans tych rodzin i osób",
     "social assistance, including help for families and people in difficulty and equalising their opportunities"),
    ("1a", "wspieranie rodziny i systemu pieczy zastępczej", "support for the family and the foster care system"),
    ("2", "działalność na rzecz integracji i reintegracji zawodowej i społecznej osób zagrożonych wykluczeniem społecznym",
     "occupational and social integration of people at risk of social exclusion"),
    ("3", "działalność charytatywna", "charity"),
    ("4", "podtrzymywanie i upowszechnianie tradycji narodowej, pielęgnowanie polskości oraz rozwoju świadomości narodowej, obywatelskiej i kulturowej",
     "national tradition, Polish identity and national, civic and cultural awareness"),
    ("5", "działalność na rzecz mniejszości narodowych i etnicznych oraz języka regionalnego",
     "national and ethnic minorities and the regional language"),
    ("5a", "działalność na rzecz integracji cudzoziemców", "integration of foreigners"),
    ("6", "ochrona i promocja zdrowia, w tym działalność lecznicza", "health protection and promotion"),
    ("7", "działalność na rzecz osób niepełnosprawnych", "people with disabilities"),
    ("8", "promocja zatrudnienia i aktywizacja zawodowa osób pozostających bez pracy i zagrożonych zwolnieniem z pracy",
     "employment promotion and activation of the unemployed"),
    ("9", "działalność na rzecz równych praw kobiet i mężczyzn", "equal rights of women and men"),
    ("10", "działalność na rzecz osób w wieku emerytalnym", "people of retirement age"),
    ("11", "działalność wspomagająca rozwój gospodarczy, w tym rozwój przedsiębiorczości",
     "economic development, including entrepreneurship"),
    ("12", "działalność wspomagająca rozwój techniki, wynalazczości i innowacyjności",
     "technology, invention and innovation"),
    ("13", "działalność wspomagająca rozwój wspólnot i społeczności lokalnych",
     "development of local communities"),
    ("14", "nauka, szkolnictwo wyższe, edukacja, oświata i wychowanie",
     "science, higher education, education and upbringing"),
    ("15", "działalność na rzecz dzieci i młodzieży, w tym wypoczynku dzieci i młodzieży",
     "children and young people, including their recreation"),
    ("16", "kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego",
     "culture, art and national heritage"),
    ("17", "wspieranie i upowszechnianie kultury fizycznej", "physical culture and sport"),
    ("18", "ekologia i ochrona zwierząt oraz ochrona dziedzictwa przyrodniczego",
     "ecology, animal protection and natural heritage"),
    ("19", "turystyka i krajoznawstwo", "tourism and sightseeing"),
    ("20", "porządek i bezpieczeństwo publiczne", "public order and safety"),
    ("21", "obronność państwa i działalność Sił Zbrojnych Rzeczypospolitej Polskiej",
     "national defence and the armed forces"),
    ("22", "upowszechnianie i ochrona wolności i praw człowieka oraz swobód obywatelskich, a także działania wspomagające rozwój demokracji",
     "human rights, civil liberties and the development of democracy"),
    ("22a", "udzielanie nieodpłatnej pomocy prawnej oraz zwiększanie świadomości prawnej społeczeństwa",
     "free legal aid and legal awareness"),
    ("22b", "nieodpłatne poradnictwo obywatelskie", "free civic counselling"),
    ("23", "ratownictwo i ochrona ludności", "rescue and civil protection"),
    ("24", "pomoc ofiarom katastrof, klęsk żywiołowych, konfliktów zbrojnych i wojen w kraju i za granicą",
     "help for victims of disasters, natural calamities, armed conflicts and wars"),
    ("25", "upowszechnianie i ochrona praw konsumentów", "consumer rights"),
    ("26", "działalność na rzecz integracji europejskiej oraz rozwijania kontaktów i współpracy między społeczeństwami",
     "European integration and cooperation between societies"),
    ("27", "promocja i organizacja wolontariatu", "promotion and organisation of volunteering"),
    ("28", "pomoc Polonii i Polakom za granicą", "help for the Polish diaspora"),
    ("29", "działalność na rzecz kombatantów, osób represjonowanych i weteranów",
     "veterans and victims of repression"),
    ("30", "promocja Rzeczypospolitej Polskiej za granicą", "promotion of Poland abroad"),
    ("31", "działalność na rzecz rodziny, macierzyństwa, rodzicielstwa, upowszechniania i ochrony praw dziecka",
     "family, motherhood, parenthood and children's rights"),
    ("32", "przeciwdziałanie uzależnieniom i patologiom społecznym", "preventing addictions and social pathologies"),
    ("32a", "rewitalizacja", "revitalisation"),
    ("33", "działalność na rzecz organizacji pozarządowych oraz podmiotów wymienionych w art. 3 ust. 3, w zakresie określonym w pkt 1–32a",
     "support for NGOs and art. 3 ust. 3 entities in the spheres of points 1–32a"),
]


def load_spheres(apps) -> None:
    Sphere = apps.get_model("cooperation", "Sphere")
    for order, (code, name_pl, name_en) in enumerate(SPHERES, start=1):
        Sphere.objects.update_or_create(code=code, defaults={"name_pl": name_pl, "name_en": name_en, "order": order})
