"""The dashboard's Check page: a form (GET /check) posted to /check, which shows the text with
each claim marked by its verdict (the same markup as `milex check --html`) and the claims
table; its JSON twin (POST /check?format=json) answers as POST /api/v1/check."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import milex
from milex.claims import render
from milex.web.app import Settings, create_app


@pytest.fixture(scope="module")
def client(milex_home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


def posted(client: TestClient, text: str, date: str = "", status: int = 200) -> str:
    response = client.post("/check", data={"text": text, "date": date})
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_form(client: TestClient) -> None:
    response = client.get("/check")
    assert response.status_code == 200
    page = response.text
    assert '<form class="check-form" method="post" action="/check">' in page
    assert '<textarea id="check-text" name="text"' in page
    assert 'maxlength="1000000"' in page
    assert '<input id="check-date" name="date" type="date"' in page
    assert '<a href="/check" aria-current="page">Check</a>' in page
    assert "<mark" not in page


@pytest.mark.parametrize("url", ["/", "/pathways", "/sources", "/ally/POL"])
def test_every_page_links_to_check(client: TestClient, url: str) -> None:
    assert '<a href="/check">Check</a>' in client.get(url).text


def test_posted_text_is_marked_by_verdict(client: TestClient, dw_text: str) -> None:
    page = posted(client, dw_text, "2025-04-03")
    marks = re.findall(r'<mark id="claim-(\d+)" class="claim verdict-([a-z_]+)"', page)
    assert [int(n) for n, _ in marks] == list(range(1, 14))
    assert {v for _, v in marks} >= {"accurate", "inaccurate", "unverifiable"}
    assert re.search(r'class="claim verdict-inaccurate"[^>]*>31</mark>', page)
    assert len(re.findall(r'<tr id="row-\d+"', page)) == 13
    assert "checked as of 3 April 2025 (given)" in page
    assert '<link rel="stylesheet" href="/static/check.css">' in page
    # The date stays in the form, with the text, for another try.
    assert 'value="2025-04-03"' in page


def test_page_and_report_share_the_markup(client: TestClient, dw_text: str) -> None:
    page = posted(client, dw_text, "2025-04-03")
    report = milex.check(dw_text, date="2025-04-03")
    assert str(render.highlighted_text(report)) in page
    assert str(render.claims_table(report)) in page
    assert str(render.highlighted_text(report)) in render.report_html(report)


def test_json_twin_answers_as_the_api(client: TestClient, dw_text: str) -> None:
    form = {"text": dw_text, "date": "2025-04-03"}
    twin = client.post("/check?format=json", data=form)
    assert twin.status_code == 200
    assert twin.headers["content-type"] == "application/json"
    api = client.post("/api/v1/check", json=form).json()
    body = twin.json()
    assert body["page"] == "check"
    for key in ("ok", "date", "date_source", "claims", "summary", "summary_as_of_date"):
        assert body[key] == api[key], key


def test_form_twin(client: TestClient) -> None:
    body = client.get("/check?format=json").json()
    assert body["ok"] is True
    assert body["page"] == "check"
    assert body["api"] == "/api/v1/check"
    assert body["limit"] == 1_000_000


def test_text_is_escaped(client: TestClient) -> None:
    text = '<script>alert("x")</script> NATO allies spent an average of 2.7% of GDP in 2024.'
    page = posted(client, text, "2025-04-03")
    assert '<script>alert("x")' not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert page.count("<mark ") == 1


def test_page_runs_nothing_inline_and_loads_nothing_from_elsewhere(
    client: TestClient, dw_text: str
) -> None:
    response = client.post("/check", data={"text": dw_text, "date": "2025-04-03"})
    assert "script-src 'self';" in response.headers["content-security-policy"]
    page = response.text
    sources = re.findall(r"<(?:script|img|iframe)\b[^>]*\bsrc=\"([^\"]*)\"", page)
    sources += re.findall(r"<link\b[^>]*\bhref=\"([^\"]*)\"", page)
    assert all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, flags=re.S)
    assert all("src=" in attributes and not body.strip() for attributes, body in scripts)
    assert not re.search(r"\son[a-z]+=", page)


def test_highlight_styles_are_served(client: TestClient) -> None:
    response = client.get("/static/check.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "mark.claim.verdict-inaccurate" in response.text


@pytest.mark.parametrize(
    ("text", "date", "words"),
    [
        ("", "", "paste a text"),
        ("   ", "2025-04-03", "paste a text"),
        ("NATO has 32 members.", "2025-13-03", "is not a date"),
        ("x" * 1_000_001, "", "1,000,000"),
    ],
)
def test_bad_input_is_an_error_page(client: TestClient, text: str, date: str, words: str) -> None:
    page = posted(client, text, date, status=400)
    error = re.search(r'<p class="callout check-error" role="alert">([^<]*)</p>', page)
    assert error is not None and words in error.group(1)
    assert '<textarea id="check-text" name="text"' in page  # the form again
    if text.strip():
        assert text[:50] in page  # with the text kept
    assert "<mark" not in page


def test_bad_input_twin_is_the_json_error(client: TestClient) -> None:
    response = client.post("/check?format=json", data={"text": "a", "date": "soon"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert "date" in body["error"]


def test_a_file_instead_of_a_field_is_refused(client: TestClient) -> None:
    response = client.post("/check", files={"text": ("a.txt", b"NATO has 32 members.")})
    assert response.status_code == 400


def test_sources_are_footnote_numbers_with_the_list_under_the_table(
    client: TestClient, dw_text: str
) -> None:
    page = posted(client, dw_text, "2025-04-03")
    table = page[page.index('<table class="data claims">') : page.index("</table>")]
    assert "http" not in re.sub(r'title="[^"]*"', "", table)  # no URL in a cell
    cited = re.findall(r'<a href="#source-(\d+)" title="[^"]+">\[(\d+)\]</a>', table)
    assert cited and all(a == b for a, b in cited)
    listed = re.findall(r'<li id="source-(\d+)">[^<]*:\s*<a href="(https?://[^"]+)"', page)
    assert [int(n) for n, _ in listed] == list(range(1, len(listed) + 1))
    assert {n for n, _ in cited} == {n for n, _ in listed}  # each listed source is cited
    assert len({url for _, url in listed}) == len(listed)  # each once
