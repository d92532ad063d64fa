"""The Model współpracy (MPiPS 2012) as data: principles, 3 planes, 12 areas, 26 tools, 39 minimal standards.

Source: seed 000 (the Model's slide deck), summarised in ../shared/domain/model-and-lijw.md section 1.
The ids (Z1, P1, P1.A1, P1.A1.T1, P1.A1.T1.S1) are stable: other apps and published documents refer to them.
Loaded by migration cooperation/0002 through `load_model_reference`; re-running it updates texts in place.
"""

PRINCIPLES = [
    ("Z1", "Zasada pomocniczości", "Subsidiarity",
     "Samorząd powierza organizacjom zadania, które mogą one wykonać, i wspiera ich działania.",
     "The municipality entrusts to NGOs the tasks they can carry out and supports their work."),
    ("Z2", "Zasada suwerenności stron", "Sovereignty of the parties",
     "Samorząd i organizacje są od siebie niezależne i szanują swoją autonomię.",
     "The municipality and NGOs are independent of each other and respect each other's autonomy."),
    ("Z3", "Zasada partnerstwa", "Partnership",
     "Organizacje uczestniczą w określaniu problemów, wypracowaniu rozwiązań i ich realizacji.",
     "NGOs take part in naming problems, working out solutions and carrying them out."),
    ("Z4", "Zasada efektywności", "Effectiveness",
     "Wspólne dążenie do jak najlepszych efektów przy racjonalnym wydawaniu środków publicznych.",
     "A shared aim of the best results with a prudent use of public funds."),
    ("Z5", "Zasada uczciwej konkurencji", "Fair competition",
     "Jednakowe warunki i jawne kryteria dla wszystkich ubiegających się o realizację zadań.",
     "Equal conditions and open criteria for everyone who applies to carry out tasks."),
    ("Z6", "Zasada jawności", "Openness",
     "Informacje o zamiarach, celach, kosztach i efektach współpracy są powszechnie dostępne.",
     "Information on the plans, goals, costs and effects of cooperation is available to all."),
    ("Z7", "Zasada równości szans", "Equal opportunities",
     "Równy dostęp do współpracy i usług publicznych, przeciwdziałanie dyskryminacji, dostępność.",
     "Equal access to cooperation and public services, non-discrimination and accessibility."),
]

# (code, name_pl, name_en, short_pl, short_en, description_pl, description_en)
PLANES = [
    ("P1",
     "Współpraca jednostek samorządu terytorialnego i organizacji pozarządowych w zakresie tworzenia polityk publicznych",
     "Cooperation of local government and NGOs in creating public policies",
     "Tworzenie polityk publicznych", "Creating public policies",
     "Jak samorząd i organizacje razem rozpoznają problemy, informują się, piszą strategie i programy, "
     "konsultują projekty aktów i oceniają, co z tego wyszło.",
     "How the municipality and NGOs jointly diagnose problems, inform each other, write strategies and "
     "programmes, consult draft acts and evaluate the results."),
    ("P2",
     "Współpraca jednostek samorządu terytorialnego z organizacjami pozarządowymi w zakresie realizacji zadań publicznych",
     "Cooperation of local government with NGOs in delivering public tasks",
     "Realizacja zadań publicznych", "Delivering public tasks",
     "Jak organizacje wykonują zadania publiczne: za pieniądze z konkursów, z pomocą niefinansową samorządu "
     "i w partnerstwach projektowych.",
     "How NGOs deliver public tasks: with money from open calls, with the municipality's non-financial help "
     "and in project partnerships."),
    ("P3",
     "Infrastruktura współpracy, tworzenie warunków do społecznej aktywności",
     "Cooperation infrastructure: creating conditions for civic activity",
     "Infrastruktura współpracy", "Cooperation infrastructure",
     "Co sprawia, że współpraca jest możliwa: pełnomocnik, ośrodki wsparcia, spotkania i szkolenia sektora, "
     "partnerstwa lokalne.",
     "What makes cooperation possible: the NGO officer, support centres, sector meetings and trainings, "
     "local partnerships."),
]

# Areas: (code, name_pl, name_en, short_pl, short_en, principles, tools)
# tools: (name_pl, name_en, [(standard_pl, standard_en), ...])
AREAS = [
    ("P1.A1",
     "Współpraca samorządu terytorialnego i organizacji pozarządowych przy diagnozowaniu lokalnych problemów i wyzwań",
     "Cooperation of local government and NGOs in diagnosing local problems and challenges",
     "Diagnozowanie problemów", "Diagnosing problems", ["Z3", "Z6", "Z7"],
     [("Instrumenty diagnozowania dające rzetelny obraz lokalnej społeczności, jej mocnych i słabych punktów, "
       "szans rozwojowych i zagrożeń stagnacją.",
       "Diagnostic instruments that give a reliable picture of the community: its strengths and weaknesses, "
       "development opportunities and risks of stagnation.",
       [("Wypracowanie zespołu wskaźników obrazujących m.in.: warunki życia materialnego, warunki mieszkaniowe, "
         "rozwój ekonomiczny i dostępność miejsc pracy, rozwój edukacji i kultury, poziom aktywności obywatelskiej, "
         "zdrowie publiczne, jakość środowiska naturalnego, nierówności społeczne.",
         "An agreed set of indicators covering, among others: material living conditions, housing, economic "
         "development and jobs, education and culture, civic activity, public health, quality of the natural "
         "environment and social inequalities.")])]),
    ("P1.A2",
     "Wzajemne informowanie się samorządu terytorialnego i organizacji pozarządowych o planach, zamierzeniach "
     "i kierunkach działań",
     "Mutual information of local government and NGOs about plans, intentions and directions of action",
     "Wzajemne informowanie", "Mutual information", ["Z3", "Z6", "Z7"],
     [("Instrumenty komunikacji gwarantujące potwierdzenie dotarcia i otrzymania informacji zwrotnej, "
       "kanałami preferowanymi przez organizacje.",
       "Communication tools that confirm receipt and allow feedback, through the channels NGOs prefer.",
       [("Baza adresów e-mailowych oraz pocztowych (obie formy dystrybucji informacji stosowane są równolegle).",
         "A database of e-mail and postal addresses, with both channels used in parallel.")]),
      ("System publikowania informacji ważnych dla organizacji pozarządowych.",
       "A system for publishing information that matters to NGOs.",
       [("Strona internetowa samorządu zawiera podstronę dotyczącą organizacji pozarządowych umożliwiającą "
         "publikowanie informacji przez te organizacje za pośrednictwem samorządu.",
         "The municipality's website has an NGO subpage on which NGOs can publish through the municipality."),
        ("Strona internetowa samorządu dostępna jest do odczytu przez osoby słabo widzące i niewidome.",
         "The municipality's website can be read by visually impaired and blind people.")])]),
    ("P1.A3",
     "Współtworzenie przez samorząd terytorialny i organizacje pozarządowe strategii i programów realizacji "
     "polityk publicznych oraz rozwiązań instytucjonalnych",
     "Co-creating strategies, programmes and institutional solutions by local government and NGOs",
     "Współtworzenie strategii", "Co-creating strategies", ["Z3", "Z6", "Z7"],
     [("Kreowanie strategicznych celów dla lokalnej społeczności i priorytetów działania.",
       "Setting strategic goals and priorities for the community.",
       [("Samorząd wraz z partnerami opracowuje model dokumentów strategicznych (strategie długo- i "
         "średniookresowe, programy trzyletnie i roczne) na podstawie danych i badań lokalnych, uwzględniający "
         "cele związane z zagwarantowaniem równych szans wszystkim mieszkańcom.",
         "The municipality and its partners work out a model of strategic documents (long- and medium-term "
         "strategies, 3-year and annual programmes) based on data and local research, including equal "
         "opportunity goals for all residents.")]),
      ("Upublicznianie informacji o tworzonych strategiach i programach: założenia, wykonane analizy, kolejne "
       "wersje projektów, ostateczne wersje dokumentów.",
       "Publishing information about strategies and programmes: assumptions, analyses, successive drafts and "
       "final versions.",
       [("Procedura tworzenia i konsultacji dokumentów planistycznych.",
         "A procedure for drafting and consulting planning documents.")])]),
    ("P1.A4",
     "Konsultowanie przez samorząd terytorialny i organizacje pozarządowe założeń projektów i aktów normatywnych "
     "oraz zasad realizacji innych przedsięwzięć",
     "Consulting draft normative acts and the rules of other undertakings by local government and NGOs",
     "Konsultowanie projektów", "Consulting drafts", ["Z3", "Z6", "Z7"],
     [("Konsultacje w formach dostępnych dla zainteresowanych i dostosowanych do lokalnych zwyczajów, "
       "gwarantujące udział i poczucie sprawstwa.",
       "Consultation in forms that are accessible and fit local customs, guaranteeing participation and a "
       "sense of agency.",
       [("Samorządy tworzą procedury i standardy konsultacji w dialogu z zainteresowanymi.",
         "The municipality creates consultation procedures and standards in dialogue with those concerned.")]),
      ("Procedura przeprowadzania konsultacji społecznych.",
       "A procedure for public consultation.",
       [("Konsultacje obejmują formy tradycyjne (publikacja w internecie, dostarczanie drogą elektroniczną i "
         "tradycyjną) oraz formy innowacyjne, angażujące w deliberację i umożliwiające osobisty kontakt.",
         "Consultation uses traditional forms (publishing online, electronic and paper delivery) and also "
         "innovative, deliberative forms with personal contact.")])]),
    ("P1.A5",
     "Współpraca samorządu terytorialnego i organizacji pozarządowych przy wdrażaniu polityk publicznych",
     "Cooperation of local government and NGOs in implementing public policies",
     "Wdrażanie polityk", "Implementing policies", ["Z1", "Z3", "Z4"],
     [("Średnio- i krótkookresowe plany realizacji polityk uwzględniają organizacje pozarządowe jako partnera "
       "i realizatora polityk.",
       "Medium- and short-term plans treat NGOs as partners and implementers of policies.",
       [("Roczne i wieloletnie programy współpracy samorządu z organizacjami pozarządowymi.",
         "Annual and multi-annual programmes of cooperation with NGOs.")]),
      ("Stałe zespoły doradczo-inicjatywne prowadzące systematyczną analizę wybranego obszaru.",
       "Standing advisory and initiative teams that analyse a chosen field systematically.",
       [("Powołanie Rady Działalności Pożytku Publicznego lub ciała o podobnym charakterze.",
         "A public benefit council or a similar body is appointed.")])]),
    ("P1.A6",
     "Uczestnictwo organizacji pozarządowych w ocenie realizacji polityk i programów",
     "NGO participation in evaluating policies and programmes",
     "Ocena polityk", "Evaluating policies", ["Z3", "Z4", "Z6"],
     [("Monitoring realizacji polityk publicznych.",
       "Monitoring of public policy implementation.",
       [("Dokumenty planistyczne, w tym program współpracy, zawierają ilościowe i jakościowe wskaźniki "
         "efektywności realizacji i równej dostępności polityk publicznych.",
         "Planning documents, including the cooperation programme, contain quantitative and qualitative "
         "indicators of effectiveness and equal accessibility.")]),
      ("Systematyczna ewaluacja efektów realizacji polityk publicznych.",
       "Systematic evaluation of policy effects.",
       [("Każdy dokument planistyczny zawiera informację o terminach i metodzie dokonania ewaluacji.",
         "Every planning document states when and how it will be evaluated."),
        ("Ewaluacje ex post wykonuje się po zakończeniu realizacji planowanych na dany okres działań i programów.",
         "Ex-post evaluations are done after each planned period of actions and programmes."),
        ("Kompleksowa ewaluacja polityk publicznych na koniec każdej kadencji władz samorządowych.",
         "A comprehensive evaluation of public policies at the end of each term of office.")])]),
    ("P2.A1",
     "Realizacja zadań publicznych z wykorzystaniem form finansowych",
     "Delivering public tasks through financial forms",
     "Formy finansowe", "Financial forms", ["Z4", "Z5", "Z6", "Z7"],
     [("Powierzanie realizacji zadania publicznego.",
       "Entrusting a public task (powierzenie).",
       [("Standardy realizacji zadań powierzanych organizacjom, obejmujące równy dostęp i dostosowanie usług do "
         "potrzeb grup mniejszościowych i dyskryminowanych.",
         "Standards for tasks entrusted to NGOs, including equal access and services adapted to minority and "
         "discriminated groups."),
        ("Umowy wieloletnie przy realizacji zadań.",
         "Multi-annual contracts for tasks.")]),
      ("Wsparcie realizacji zadania publicznego.",
       "Supporting a public task (wsparcie).",
       [("Ogłoszenie o konkursie określa kryteria wyboru ofert zgodne z programem współpracy i innymi dokumentami "
         "planistycznymi samorządu.",
         "The call for offers sets selection criteria consistent with the cooperation programme and other "
         "planning documents.")]),
      ("Zakup usług.",
       "Purchasing services.",
       [("Porównanie cen rynkowych przy wyborze wykonawcy przy kwotach poniżej 14 tys. euro, stosowanie zasad "
         "zamówień publicznych, w tym zasady konkurencyjności.",
         "Below 14,000 euro: compare market prices and apply public procurement principles, including "
         "competitiveness."),
        ("Stosowanie klauzul społecznych przy zamówieniach publicznych.",
         "Use of social clauses in public procurement.")])]),
    ("P2.A2",
     "Realizacja zadań publicznych z wykorzystaniem form niefinansowych",
     "Delivering public tasks through non-financial forms",
     "Formy niefinansowe", "Non-financial forms", ["Z1", "Z3", "Z7"],
     [("Udostępnianie zasobów samorządu (sprzętu, przestrzeni publicznej, obiektów) do realizacji zadań "
       "publicznych.",
       "Making the municipality's resources (equipment, public space, buildings) available for public tasks.",
       [("Procedura wykorzystania mienia komunalnego będącego w dyspozycji samorządu i jego jednostek.",
         "A procedure for using municipal property held by the municipality and its units.")]),
      ("Pomoc merytoryczna (informacja, doradztwo, szkolenia) samorządu w trakcie realizacji zadania publicznego.",
       "Substantive help (information, advice, training) from the municipality during a public task.",
       [("Spotkania informacyjne w zakresie rozliczania zadania publicznego.",
         "Information meetings on how to account for a public task."),
        ("Spotkania informacyjne i szkoleniowe w zakresie zapewniania równych szans przy realizacji zadania "
         "publicznego.",
         "Information and training meetings on equal opportunities in delivering a public task."),
        ("Zasady włączania pracowników samorządowych do realizacji zadania publicznego przez organizacje.",
         "Rules for involving municipal staff in public tasks delivered by NGOs.")])]),
    ("P2.A3",
     "Partnerstwo projektowe w realizacji zadań publicznych",
     "Project partnership in delivering public tasks",
     "Partnerstwo projektowe", "Project partnership", ["Z2", "Z3", "Z6"],
     [("Tworzenie partnerstw projektowych samorząd – organizacje pozarządowe.",
       "Building project partnerships between the municipality and NGOs.",
       [("Procedura zawierania partnerstw projektowych.",
         "A procedure for concluding project partnerships."),
        ("Strony internetowe urzędu i organizacji informują o powstaniu partnerstwa, jego celach, działaniach i "
         "stronach.",
         "The websites of the office and of the NGOs report the partnership, its goals, activities and parties.")]),
      ("Partnerstwo samorząd – mieszkańcy: inicjatywa lokalna.",
       "Partnership of the municipality and residents: the local initiative.",
       [("Procedury realizacji inicjatywy lokalnej.",
         "Procedures for carrying out a local initiative.")])]),
    ("P3.A1",
     "System wspierania inicjatyw obywatelskich i organizacji pozarządowych",
     "System supporting civic initiatives and NGOs",
     "System wsparcia", "Support system", ["Z1", "Z3", "Z7"],
     [("Pełnomocnik ds. organizacji pozarządowych: urzędnik odpowiedzialny za współpracę z organizacjami i za "
       "realizację programu współpracy.",
       "The NGO officer (pełnomocnik): the official responsible for cooperation with NGOs and for the "
       "cooperation programme.",
       [("Program współpracy określa kompetencje pełnomocnika, obejmujące dbałość o stosowanie zasad współpracy.",
         "The cooperation programme defines the officer's competences, including looking after the principles "
         "of cooperation."),
        ("Rozdzielenie zadań i roli pełnomocnika od zlecania realizacji zadań publicznych i kontroli ich "
         "realizacji.",
         "The officer's role is kept separate from commissioning public tasks and from controlling them.")]),
      ("Ośrodek wspierania organizacji pozarządowych i inicjatyw obywatelskich zapewniający wsparcie "
       "instytucjonalne, szkoleniowo-doradcze, animacyjne, informacyjno-promocyjne, finansowe i lokalowe.",
       "A support centre for NGOs and civic initiatives offering institutional, training and advisory, "
       "animation, information and promotion, financial and premises support.",
       [("Program współpracy przewiduje zlecenie zadań w obszarze utworzenia ośrodka wspierania organizacji "
         "pozarządowych i inicjatyw obywatelskich.",
         "The cooperation programme provides for commissioning the creation of such a support centre."),
        ("Procedura zawarcia partnerstwa publiczno-społecznego na prowadzenie ośrodka wspierania.",
         "A procedure for a public-social partnership to run the support centre.")])]),
    ("P3.A2",
     "Wspieranie procesów integracji sektora organizacji pozarządowych",
     "Supporting the integration of the NGO sector",
     "Integracja sektora", "Sector integration", ["Z2", "Z3", "Z7"],
     [("Formalne spotkania branżowe lub problemowe z organizacjami pozarządowymi.",
       "Formal sectoral or issue-based meetings with NGOs.",
       [("Organizacja spotkań przynajmniej raz w roku, z uwzględnieniem tematyki przeciwdziałania dyskryminacji "
         "i promowania równości.",
         "Meetings at least once a year, including anti-discrimination and equality topics.")]),
      ("Szkolenia i warsztaty dla przedstawicieli organizacji z zakresu roli i zasad funkcjonowania ciał dialogu "
       "obywatelskiego oraz federacji organizacji pozarządowych.",
       "Training and workshops for NGO representatives on the role and rules of civil dialogue bodies and NGO "
       "federations.",
       [("Szkolenia branżowe dla organizacji raz w roku.",
         "Sectoral training for NGOs once a year.")]),
      ("Wspólne działania promocyjne organizacji pozarządowych w ramach wydarzeń lokalnych.",
       "Joint promotion of NGOs at local events.",
       [("Procedura włączania partnerów pozarządowych we współorganizowanie wydarzeń lokalnych.",
         "A procedure for involving NGO partners in co-organising local events."),
        ("Zapis w programie współpracy umożliwiający udział organizacji w wydarzeniach lokalnych.",
         "A clause in the cooperation programme enabling NGOs to take part in local events.")])]),
    ("P3.A3",
     "Partnerstwo lokalne",
     "Local partnership",
     "Partnerstwo lokalne", "Local partnership", ["Z2", "Z3", "Z7"],
     [("Dokument programowy (program współpracy) określa politykę w zakresie partnerstw lokalnych, z obowiązkiem "
       "stosowania zasady równości szans w działaniu partnerstwa.",
       "A programme document (the cooperation programme) sets the policy on local partnerships, with a duty to "
       "apply equal opportunities in the partnership's work.",
       [("Procedura powoływania partnerstw lokalnych i włączania się w nie samorządu.",
         "A procedure for the municipality to establish and join local partnerships.")]),
      ("Procedury delegowania przedstawicieli do partnerstw lokalnych.",
       "Procedures for delegating representatives to local partnerships.",
       [("Procedura powoływania przedstawicieli samorządu do partnerstw lokalnych.",
         "A procedure for appointing the municipality's representatives."),
        ("Procedura wyłaniania przedstawicieli organizacji pozarządowych do partnerstw lokalnych.",
         "A procedure for selecting NGO representatives.")]),
      ("Ocena zaangażowania członków w działania partnerskie.",
       "Assessing members' engagement in the partnership.",
       [("Zapisy umowy partnerstwa określające zasady oceny działania.",
         "The partnership agreement contains rules for assessing its work."),
        ("Umieszczanie na stronach internetowych partnerów informacji o efektach działania partnerstwa.",
         "Partners publish the results of the partnership on their websites.")])]),
]


def load_model_reference(apps) -> None:
    """Create or update the reference rows. Works with historical models (from a migration) or real ones."""
    Principle = apps.get_model("cooperation", "Principle")
    Plane = apps.get_model("cooperation", "Plane")
    Area = apps.get_model("cooperation", "Area")
    Tool = apps.get_model("cooperation", "Tool")
    Standard = apps.get_model("cooperation", "Standard")

    principles = {}
    for order, (code, name_pl, name_en, desc_pl, desc_en) in enumerate(PRINCIPLES, start=1):
        principles[code], _ = Principle.objects.update_or_create(
            code=code,
            defaults={"name_pl": name_pl, "name_en": name_en, "description_pl": desc_pl,
                      "description_en": desc_en, "order": order},
        )
    planes = {}
    for order, (code, name_pl, name_en, short_pl, short_en, desc_pl, desc_en) in enumerate(PLANES, start=1):
        planes[code], _ = Plane.objects.update_or_create(
            code=code,
            defaults={"name_pl": name_pl, "name_en": name_en, "short_name_pl": short_pl, "short_name_en": short_en,
                      "description_pl": desc_pl, "description_en": desc_en, "order": order},
        )
    tool_order = standard_order = 0
    for area_order, (code, name_pl, name_en, short_pl, short_en, principle_codes, tools) in enumerate(AREAS, 1):
        area, _ = Area.objects.update_or_create(
            code=code,
            defaults={"plane": planes[code[:2]], "name_pl": name_pl, "name_en": name_en,
                      "short_name_pl": short_pl, "short_name_en": short_en, "order": area_order},
        )
        area.principles.set([principles[c] for c in principle_codes])
        for t_index, (tool_pl, tool_en, standards) in enumerate(tools, start=1):
            tool_order += 1
            tool, _ = Tool.objects.update_or_create(
                code=f"{code}.T{t_index}",
                defaults={"area": area, "name_pl": tool_pl, "name_en": tool_en, "order": tool_order},
            )
            for s_index, (text_pl, text_en) in enumerate(standards, start=1):
                standard_order += 1
                Standard.objects.update_or_create(
                    code=f"{tool.code}.S{s_index}",
                    defaults={"tool": tool, "text_pl": text_pl, "text_en": text_en, "order": standard_order},
                )
