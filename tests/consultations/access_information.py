"""Access-matrix rows for information (merged by tests/consultations/access_matrix.py).

The NGO page and a published post are public; a post awaiting approval is its organization's and the officers'.
Posts are sent by members of an organization confirmed in the municipality (the administrator belongs to none).
Officer pages are the municipality's officers' and the administrators'. The receipt and unsubscribe pages answer
anyone holding the token from the e-mail."""

import itertools

from django_scopes import scopes_disabled

from consultations.information import services
from consultations.information.enums import Channel, PostStatus
from consultations.information.models import Delivery, NgoPost
from cooperation.enums import OrganizationLinkStatus
from cooperation.models import OrganizationMunicipality
from cooperation.services import _hash_token
from tests.factories import OrganizationFactory
from tests.test_access_matrix import LOGIN, PUBLIC, Redirect, everyone, municipality_staff, row

PANEL = Redirect("/jst/koszalin/informacje/panel/")
MY_POSTS = Redirect("/jst/koszalin/informacje/ogloszenia/moje/")
STATS = Redirect("/jst/koszalin/informacje/panel/biuletyny/")
MEMBERS = {"anonymous": LOGIN, "resident": 403, "editor": 200, "owner": 200, "officer": 403, "other_officer": 403,
           "admin": 403}
# A post awaiting approval: its members and the municipality's officers (and administrators) see it.
UNPUBLISHED = {"anonymous": 404, "resident": 404, "editor": 200, "owner": 200, "officer": 200, "other_officer": 404,
               "admin": 200}
_tokens = itertools.count(1)


def slug(w):
    return {"municipality_slug": w.municipality.slug}


def ngo_post(status=PostStatus.PENDING):
    def build(w):
        with scopes_disabled():
            post = NgoPost.objects.create(municipality=w.municipality, organization=w.organization,
                                          title="Warsztaty pisania wniosków", text="Zapraszamy.", status=status)
        return {**slug(w), "pk": post.pk}

    return build


def _newsletter(w, *, send: bool):
    with scopes_disabled():
        postal = OrganizationFactory(name="Koło Gospodyń Wiejskich w Mścicach", wants_email=False, wants_post=True)
        OrganizationMunicipality.objects.create(organization=postal, municipality=w.municipality,
                                                status=OrganizationLinkStatus.CONFIRMED)
        newsletter = services.create_newsletter(municipality=w.municipality, actor=w.officer,
                                                subject="Spotkanie roczne", text="Zapraszamy.",
                                                reply_to="ngo@koszalin.example.pl")
        if send:
            services.send_newsletter(newsletter=newsletter, actor=w.officer)
    return newsletter


def newsletter(*, send: bool):
    def build(w):
        return {**slug(w), "pk": _newsletter(w, send=send).pk}

    return build


def token(w):
    """A sent newsletter's e-mail delivery with a known token (the task that would send it runs after a commit
    the matrix never makes)."""
    item = _newsletter(w, send=True)
    raw = f"token-dostepu-{next(_tokens)}"
    with scopes_disabled():
        Delivery.objects.filter(newsletter=item, channel=Channel.EMAIL).update(token_hash=_hash_token(raw))
    return {**slug(w), "token": raw}


ROWS = {
    "information:post_list": row(PUBLIC, slug),
    "information:post_feed": row(PUBLIC, slug),
    "information:post_detail": [
        row(PUBLIC, ngo_post(PostStatus.PUBLISHED), case="published"),
        row(UNPUBLISHED, ngo_post(), case="awaiting approval"),
    ],
    "information:post_create": row(MEMBERS, slug),
    "information:my_posts": row(MEMBERS, slug),
    "information:post_edit": [
        row({**UNPUBLISHED, "anonymous": LOGIN, "officer": 403, "admin": 403}, ngo_post()),
        row({**PUBLIC, "anonymous": LOGIN, "resident": 403, "editor": 403, "owner": 403, "officer": 403,
             "other_officer": 403, "admin": 403}, ngo_post(PostStatus.PUBLISHED), case="published: no more changes"),
    ],
    "information:post_withdraw": [
        row(everyone(405), ngo_post()),
        row({**UNPUBLISHED, "anonymous": LOGIN, "editor": MY_POSTS, "owner": MY_POSTS, "officer": 403, "admin": 403},
            ngo_post(), method="post", case="POST: withdraw"),
    ],
    "information:subscription": row({**MEMBERS, "admin": 200}, lambda w: {**slug(w), "organization_id": w.organization.pk}),
    "information:receipt": [
        row(PUBLIC, token, case="the token from the e-mail"),
        row(everyone(404), lambda w: {**slug(w), "token": "to-nie-jest-token"}, case="unknown token"),
    ],
    "information:unsubscribe": [
        row(PUBLIC, token, case="the token from the e-mail"),
        row(everyone(404), lambda w: {**slug(w), "token": "to-nie-jest-token"}, case="unknown token"),
    ],
    "information:panel": row(municipality_staff(200), slug),
    "information:post_review": row(municipality_staff(200), ngo_post()),
    "information:post_approve": [
        row(municipality_staff(405), ngo_post()),
        row(municipality_staff(PANEL), ngo_post(), method="post", case="POST: approve"),
    ],
    "information:post_decline": [
        row(municipality_staff(405), ngo_post()),
        row(municipality_staff(PANEL), ngo_post(), method="post", data={"reason": "Treść reklamowa."},
            case="POST: decline"),
    ],
    "information:newsletter_create": row(municipality_staff(200), slug),
    "information:newsletter_admin": row(municipality_staff(200), newsletter(send=False)),
    "information:newsletter_edit": row(municipality_staff(200), newsletter(send=False)),
    "information:newsletter_send": [
        row(municipality_staff(405), newsletter(send=False)),
        row(municipality_staff(STATS), newsletter(send=False), method="post", case="POST: send"),
    ],
    "information:newsletter_stats": row(municipality_staff(200), newsletter(send=True)),
    "information:newsletter_letters_pdf": row(municipality_staff(200), newsletter(send=True)),
    "information:newsletter_labels_pdf": row(municipality_staff(200), newsletter(send=True)),
    "information:newsletter_retry": [
        row(municipality_staff(405), newsletter(send=True)),
        row(municipality_staff(STATS), newsletter(send=True), method="post", case="POST: send failed e-mails again"),
    ],
    "information:newsletter_letters_posted": [
        row(municipality_staff(405), newsletter(send=True)),
        row(municipality_staff(STATS), newsletter(send=True), method="post", case="POST: mark the letters posted"),
    ],
}
