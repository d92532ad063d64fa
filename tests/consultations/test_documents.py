from consultations.documents import diff_versions, parse, word_diff

DRAFT = """# Rozdział 1. Przepisy ogólne

§ 1. Program określa zasady współpracy Gminy z organizacjami pozarządowymi.

§ 2. Ilekroć w programie jest mowa o:
1) ustawie – rozumie się ustawę o działalności pożytku publicznego;
2) organizacjach – rozumie się organizacje pozarządowe.

Rozdział 2. Cele programu

Celem głównym jest budowanie partnerstwa
między samorządem a organizacjami.
"""


def test_parse_finds_sections_labels_and_numbers_paragraphs():
    paragraphs = parse(DRAFT)
    assert [p.order for p in paragraphs] == [1, 2, 3, 4, 5]
    assert [p.label for p in paragraphs] == ["§ 1.", "§ 2.", "1)", "2)", ""]
    assert paragraphs[0].section == "Rozdział 1. Przepisy ogólne"
    assert paragraphs[4].section == "Rozdział 2. Cele programu"
    # Lines of one paragraph are joined; list items are paragraphs of their own.
    assert paragraphs[4].text == "Celem głównym jest budowanie partnerstwa między samorządem a organizacjami."
    assert paragraphs[2].text.startswith("1) ustawie")


def test_parse_of_empty_text_finds_nothing():
    assert parse("\n\n   \n") == []


def test_word_diff_marks_changed_words_and_escapes_html():
    html = word_diff("Program na rok 2026 <b>", "Program na lata 2026–2028 <b>")
    assert "Program na <del>rok</del><ins>lata</ins> <del>2026</del><ins>2026–2028</ins>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_diff_versions_reports_changed_added_and_removed_paragraphs():
    new = DRAFT.replace("budowanie partnerstwa", "budowanie trwałego partnerstwa").replace(
        "§ 1. Program określa", "§ 1. Niniejszy program określa"
    ) + "\nCelem szczegółowym jest wzmocnienie organizacji.\n"
    changes = diff_versions(DRAFT, new)
    kinds = [c.kind for c in changes]
    assert kinds.count("changed") == 2 and kinds.count("added") == 1 and "removed" not in kinds
    changed = [c for c in changes if c.kind == "changed"]
    assert changed[-1].html == ("Celem głównym jest budowanie<ins> trwałego</ins> partnerstwa między samorządem "
                                "a organizacjami.")
    assert changes[-1].kind == "added" and "wzmocnienie" in changes[-1].html
