"""Property-based fuzzing of every form the portal shows (issue #8): no input gives a 500.

The pages come from the access matrix: for every row that some signed-in role (or a visitor) may open, the page
is requested as that role, each `<form method="post">` in it is read (its fields, their types and options) and
hypothesis posts random values to its action: random unicode, empty and oversized text, huge, negative and
non-numeric numbers, impossible dates, NUL bytes, markup, wrong choices, files of the wrong type. Each post runs
in a savepoint that is rolled back, so every example starts from the same data. The test client re-raises an
exception from a view, so a crash shows with its traceback; any other answer (a form with errors, a redirect, a
403, a 429) is a handled one.

Forms added later are fuzzed without any change here: a new URL needs an access-matrix row anyway.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_access_matrix import ALL_ROWS, clients, world  # noqa: F401  (fixtures)

# The roles tried, most privileged first: the first one the matrix lets in reads the page.
ROLE_ORDER = ("officer", "owner", "editor", "admin", "resident", "anonymous")
EXAMPLES_PER_FORM = 5
# Forms whose only effect is to leave the page (language switch, sign out) are not worth fuzzing.
SKIPPED_ACTIONS = ("/i18n/setlang/", "/konto/logout/")

NASTY_TEXT = [
    "", " ", "0", "-1", "-0.01", "1e308", "NaN", "Infinity", "99999999999999999999999999", "0,5", "12 000,00",
    "2026-02-30", "0000-00-00", "9999-12-31T25:61", "31.02.2026", "<script>alert(1)</script>", "' OR 1=1 --",
    "\x00", "a\x00b", "\u202etxt.exe", "𝕬𝖇𝖈 😀", "ą" * 5000, "x" * 100_000, "../../etc/passwd", "%s%s%n",
]


class FormReader(HTMLParser):
    """The POST forms of a page: action and fields (name, kind, options, current value)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._form = {"action": attrs.get("action") or "", "fields": {}}
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            field = self._form["fields"].setdefault(name, {"kind": kind, "options": [], "value": ""})
            if kind in ("checkbox", "radio"):
                field["options"].append(attrs.get("value", "on"))
            else:
                field["value"] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = self._form["fields"].setdefault(
                name, {"kind": "select", "options": [], "value": "", "multiple": "multiple" in attrs})
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = self._form["fields"].setdefault(name, {"kind": "textarea", "options": [], "value": ""})

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data


def nasty_text() -> st.SearchStrategy:
    return st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=60))


def value_strategy(field: dict) -> st.SearchStrategy:
    kind, options, value = field["kind"], field["options"], field["value"]
    if kind == "hidden" or kind == "password":
        return st.one_of(st.just(value), nasty_text())
    if kind == "number":
        return st.one_of(
            st.integers(min_value=-(10**30), max_value=10**30).map(str),
            st.decimals(allow_nan=True, allow_infinity=True, places=4).map(str),
            nasty_text(),
        )
    if kind in ("date", "datetime-local", "time", "month"):
        return st.one_of(
            st.dates().map(str),
            st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")),
            nasty_text(),
        )
    if kind in ("checkbox", "radio", "select"):
        return st.one_of(st.sampled_from(options or [""]), nasty_text())
    if kind == "file":
        return st.tuples(
            st.sampled_from(["plik.pdf", "obraz.png", "dane.csv", "strona.html", "rys.svg", "arkusz.xlsx", ""]),
            st.one_of(
                st.binary(max_size=2048),
                st.sampled_from([b"%PDF-1.4 broken", b"<svg onload=alert(1)></svg>",
                                 b"<html><script>alert(1)</script></html>", b"nazwa;nip\n\x00;1\n"]),
            ),
        )
    return nasty_text()


def form_data(fields: dict) -> st.SearchStrategy:
    """A POST body: each field either left out or given a fuzzed value (selects with `multiple` get lists)."""
    entries = {}
    for name, field in fields.items():
        strategy = value_strategy(field)
        if field.get("multiple") or field["kind"] == "checkbox":
            strategy = st.lists(strategy, max_size=3)
        entries[name] = st.one_of(st.none(), strategy)
    return st.fixed_dictionaries(entries)


def to_post(data: dict) -> dict:
    post = {}
    for name, value in data.items():
        if value is None:
            continue
        if isinstance(value, tuple):  # a file
            filename, content = value
            if filename:
                post[name] = SimpleUploadedFile(filename, content)
            continue
        post[name] = value
    return post


def _reader_role(expect: dict) -> str | None:
    for role in ROLE_ORDER:
        if expect.get(role) == 200:
            return role
    return None


def _pages():
    for name, rows in sorted(ALL_ROWS.items()):
        for item in rows if isinstance(rows, list) else [rows]:
            if item["method"] != "get" or item["data"]:
                continue
            role = _reader_role(item["expect"])
            if role is None:
                continue
            yield pytest.param(name, item, role, id=f"{name}[{item['case']}]" if item["case"] else name)


def _post_forms(client, url: str) -> list[dict]:
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    reader = FormReader()
    reader.feed(response.content.decode())
    forms = []
    for form in reader.forms:
        action = urlsplit(urljoin(url, form["action"] or url)).path
        if action.startswith(SKIPPED_ACTIONS) or not form["fields"]:
            continue
        forms.append({"action": action, "fields": form["fields"]})
    return forms


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "item", "role"), list(_pages()))
def test_no_form_input_gives_a_server_error(world, clients, name, item, role):  # noqa: F811
    client = clients[role]
    url = reverse(name, kwargs=item["kwargs"](world))
    with transaction.atomic():
        forms = _post_forms(client, url)
        transaction.set_rollback(True)
    for form in forms:
        fuzz_form(client, form)


def fuzz_form(client, form: dict) -> None:
    @settings(max_examples=EXAMPLES_PER_FORM, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.function_scoped_fixture])
    @given(data=form_data(form["fields"]))
    def post(data):
        with transaction.atomic():
            response = client.post(form["action"], to_post(data))
            transaction.set_rollback(True)
        assert response.status_code < 500, f"POST {form['action']} answered {response.status_code}"

    post()


def test_the_fuzzer_reads_fields_options_and_textareas():
    reader = FormReader()
    reader.feed(
        '<form method="post" action="/x/"><input name="a" type="number" value="3">'
        '<select name="b" multiple><option value="1">One</option><option value="2">Two</option></select>'
        '<textarea name="c">hello</textarea><input type="checkbox" name="d" value="k">'
        '<button type="submit" name="go">Go</button></form><form method="get"><input name="q"></form>'
    )
    assert len(reader.forms) == 1
    fields = reader.forms[0]["fields"]
    assert reader.forms[0]["action"] == "/x/"
    assert fields["a"] == {"kind": "number", "options": [], "value": "3"}
    assert fields["b"]["options"] == ["1", "2"] and fields["b"]["multiple"] is True
    assert fields["c"]["value"] == "hello"
    assert fields["d"]["options"] == ["k"]
    assert "go" not in fields and "q" not in fields


def test_there_are_forms_to_fuzz():
    """The harness must not pass vacuously: the matrix yields pages, and those pages hold many POST forms."""
    assert len(list(_pages())) > 100
