"""NGO news and newsletters in Chromium: the officer sends a newsletter, the recipient opens the link from the
e-mail, confirms receipt and replies, and the officer sees both in the statistics; an NGO sends a post, the officer
approves it and it is on the public NGO page. axe-core on the public pages and the confirmation page."""

import re

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from consultations.information.enums import PostStatus
from consultations.information.models import NgoPost

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = "/jst/koszalin/informacje"


def test_newsletter_receipt_is_confirmed_and_answered(world, new_page, live_server):
    officer = new_page()
    login(officer, live_server, world.officer)
    officer.goto(f"{BASE}/panel/biuletyny/nowy/")
    officer.fill("#id_subject", "Spotkanie roczne z organizacjami")
    officer.fill("#id_text", "Szanowni Państwo,\n\nzapraszamy na spotkanie 12 grudnia.")
    officer.fill("#id_reply_to", "ngo@koszalin.example.pl")
    officer.locator("main form button[type=submit]").click()
    officer.wait_for_url(re.compile(r"/panel/biuletyny/\d+/$"))
    assert "Stowarzyszenie Przyjaciół Ziemi Koszalińskiej" in officer.locator("#recipients ~ ul").first.inner_text()
    officer.locator("form[action$='/wyslij/'] button").click()
    officer.wait_for_url(re.compile(r"/statystyki/$"))

    [message] = [m for m in mail.outbox if m.subject == "Spotkanie roczne z organizacjami"]
    assert message.reply_to == ["ngo@koszalin.example.pl"]
    path = re.search(r"https?://[^/]+(/jst/koszalin/informacje/odbior/[^/\s]+/)", message.body).group(1)

    recipient = new_page()
    recipient.goto(path)
    assert recipient.locator("h1").inner_text() == "Spotkanie roczne z organizacjami"
    assert_accessible(recipient)
    recipient.locator("form:has(input[value=confirm]) button").click()
    recipient.wait_for_load_state()
    assert recipient.locator("form:has(input[value=confirm])").count() == 0
    recipient.fill("#id_text", "Dziękujemy, będziemy w dwie osoby.")
    recipient.locator("form:has(input[value=reply]) button").click()
    recipient.wait_for_load_state()
    assert "Dziękujemy, będziemy w dwie osoby." in recipient.locator("blockquote").inner_text()
    assert_accessible(recipient)

    officer.reload()
    assert officer.locator("#stat-confirmed").inner_text().startswith("1 (100")
    assert officer.locator("#stat-replies").inner_text() == "1"
    assert "Dziękujemy, będziemy w dwie osoby." in officer.locator("article.reply").inner_text()


def test_ngo_post_is_approved_and_published(world, new_page, live_server):
    ngo = new_page()
    login(ngo, live_server, world.owner)
    ngo.goto(f"{BASE}/ogloszenia/nowe/")
    ngo.fill("#id_title", "Sprzątanie brzegów Dzierżęcinki")
    ngo.fill("#id_text", "Zapraszamy mieszkańców.\n\nRękawice zapewniamy.")
    ngo.locator("main form button[type=submit]").click()
    ngo.wait_for_url(re.compile(rf"{BASE}/\d+/$"))
    with scopes_disabled():
        post = NgoPost.objects.get(title="Sprzątanie brzegów Dzierżęcinki")
    assert post.status == PostStatus.PENDING

    visitor = new_page()
    visitor.goto(f"{BASE}/")
    assert "Sprzątanie brzegów Dzierżęcinki" not in visitor.content()

    officer = new_page()
    login(officer, live_server, world.officer)
    officer.goto(f"{BASE}/panel/")
    officer.locator(f"a[href='{BASE}/panel/ogloszenia/{post.pk}/']").click()
    officer.locator("form[action$='/zatwierdz/'] button").click()
    officer.wait_for_url(re.compile(rf"{BASE}/panel/$"))

    visitor.goto(f"{BASE}/")
    assert visitor.locator(".post-item h3").first.inner_text() == "Sprzątanie brzegów Dzierżęcinki"
    assert_accessible(visitor)
    visitor.goto(f"{BASE}/?kind=news")
    assert_accessible(visitor)
    visitor.locator(".post-item h3 a").first.click()
    visitor.wait_for_url(re.compile(rf"{BASE}/{post.pk}/$"))
    assert visitor.locator(".post-text p").all_inner_texts() == ["Zapraszamy mieszkańców.", "Rękawice zapewniamy."]
    assert_accessible(visitor)
