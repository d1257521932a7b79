"""The dashboard's Scenarios page: a form (GET /scenarios) posted to /scenarios, an uploaded
scenario file, or an example file (?example=...), each showing the allies table, the notes and
a fan chart of one ally; bad input shows the form again with the error; a JSON twin."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from milex.web import scenarios
from milex.web.app import Settings, create_app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def client(milex_home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


def page_of(response: Any, status: int = 200) -> str:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    text: str = response.text
    return text


def chart_urls(page: str) -> list[str]:
    return re.findall(r'data-chart="([^"]+)"', page.replace("&amp;", "&"))


def error_of(page: str) -> str:
    found = re.search(r'<p class="callout scenario-error" role="alert">([^<]*)</p>', page)
    assert found, "no error shown"
    return found.group(1).replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")


def allies_rows(page: str) -> list[str]:
    table = re.search(r'<table class="data scenario">(.*?)</table>', page, flags=re.S)
    assert table, "no allies table"
    return re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), flags=re.S)


def test_form(client: TestClient) -> None:
    page = page_of(client.get("/scenarios"))
    assert '<a href="/scenarios" aria-current="page">Scenarios</a>' in page
    assert '<form class="controls scenario-form" method="post" action="/scenarios#result">' in page
    for preset in ("none", "announced-2025-04-02", "eu-deal-2025-08"):
        assert f'<option value="{preset}"' in page
    for field in ("pass_through", "troops", "start_year", "years", "draws", "seed"):
        assert f'name="{field}"' in page
    assert 'name="cost_per_troop_year_usd"' in page
    assert 'enctype="multipart/form-data"' in page
    assert '<input id="file" name="file" type="file"' in page
    assert '<option value="DEU" selected>Germany</option>' in page
    assert 'value="ISL"' not in page  # no armed forces: no path, no fan
    # The example files, each a link that runs it.
    assert 'href="/scenarios?example=us-drawdown-half#result"' in page
    assert "Half of US troops in Europe withdrawn over five years" in page
    assert "data-chart" not in page and "scenario-error" not in page
    assert "vega.js" not in page  # nothing to draw yet


@pytest.mark.parametrize("url", ["/", "/pathways", "/check", "/sources", "/ally/POL"])
def test_every_page_links_to_scenarios(client: TestClient, url: str) -> None:
    assert '<a href="/scenarios">Scenarios</a>' in client.get(url).text


def test_posted_form_runs_and_shows_table_notes_and_chart(client: TestClient) -> None:
    form = {"troops": "40000", "start_year": "2027", "years": "5", "draws": "500", "seed": "4"}
    page = page_of(client.post("/scenarios", data=form))
    assert "40,000 US troops leave Europe over 5 years from 2027" in page
    assert "500 draws" in page
    rows = allies_rows(page)
    assert len(rows) == 1 + 31 + 1  # heading, 31 allies, TOTAL
    assert "TOTAL" not in rows[-1] or "31 allies" in rows[-1]
    assert "Germany" in page and "chance of reaching the target" in page
    assert "replaces each with 1 service member (replacement_ratio) at $93,750" in page  # note
    (url,) = chart_urls(page)
    assert url.startswith("/chart/fan.json?")
    assert "troops=40000" in url and "draws=500" in url and "seed=4" in url
    assert 'class="chart-view"' in page and "/static/vega.js" in page
    spec = client.get(url)
    assert spec.status_code == 200
    values = [v for dataset in spec.json()["datasets"].values() for v in dataset]
    assert {v["country"] for v in values if "share_p50" in v} == {"Germany"}
    csv_url = url.replace("/chart/fan.json", "/data/fan.csv")
    assert f'<a href="{csv_url.replace("&", "&amp;")}" download>' in page
    rows_csv = list(csv.DictReader(io.StringIO(client.get(csv_url).text)))
    assert [r["year"] for r in rows_csv] == [str(y) for y in range(2026, 2036)]
    # The form keeps what was sent, for another try.
    assert re.search(r'<input id="troops" name="troops" [^>]*value="40000"', page)


def test_the_fan_chart_follows_the_chosen_ally(client: TestClient) -> None:
    page = page_of(client.post("/scenarios", data={"troops": "40000", "country": "POL"}))
    (url,) = chart_urls(page)
    assert "country=POL" in url
    values = [v for d in client.get(url).json()["datasets"].values() for v in d]
    assert {v["iso3"] for v in values if "share_p50" in v} == {"POL"}
    # The picker under the chart posts the same scenario again for another ally.
    assert '<form class="controls fan-picker" method="post"' in page
    assert '<input type="hidden" name="troops" value="40000">' in page


def test_tariff_preset_from_the_form(client: TestClient) -> None:
    form = {"preset": "announced-2025-04-02", "pass_through": "0.5", "draws": "0"}
    page = page_of(client.post("/scenarios", data=form))
    canada = next(row for row in allies_rows(page) if "Canada" in row)
    # The effective rate from 2027 ('what if they came back'): 25% on the 6% of goods outside
    # USMCA, Section 232 on its steel, aluminium and half its vehicles' value.
    assert ">4.19<" in canada
    assert "No Monte Carlo draws" in page and "data-chart" not in page


@pytest.mark.parametrize(
    ("form", "status", "words"),
    [
        ({"troops": "-5"}, 422, "<form>, key 'drawdown.troops'"),
        ({"troops": "-5"}, 422, "(value '-5')"),
        ({"troops": "many"}, 422, "(value 'many')"),
        ({"pass_through": "5.5", "preset": "eu-deal-2025-08"}, 422, "tariffs.pass_through"),
        ({"preset": "whatever"}, 422, "<form>, key 'tariffs.preset'"),
        ({"draws": "50000"}, 422, "<form>, key 'draws': must be a whole number from 0 to 20,000"),
        ({"country": "Atlantis"}, 404, "unknown country: 'Atlantis'"),
    ],
)
def test_bad_form_shows_the_form_with_the_error(
    client: TestClient, form: dict[str, str], status: int, words: str
) -> None:
    page = page_of(client.post("/scenarios", data=form), status)
    assert words in error_of(page)
    assert '<form class="controls scenario-form"' in page
    assert "data-chart" not in page


def test_an_example_runs_from_its_link(client: TestClient) -> None:
    page = page_of(client.get("/scenarios?example=us-drawdown-half"))
    assert "From examples/us-drawdown-half.yaml" in page
    assert "2,000 draws" in page  # the file's 2,000
    assert len(allies_rows(page)) == 33
    (url,) = chart_urls(page)
    assert url == "/chart/fan.json?example=us-drawdown-half&country=DEU"
    assert client.get(url).status_code == 200
    assert '<form class="controls fan-picker" method="get"' in page
    assert 'aria-current="page">Half of US troops' in page


def test_an_unknown_example(client: TestClient) -> None:
    page = page_of(client.get("/scenarios?example=../pyproject"), 400)
    assert "example: '../pyproject' is not one of" in error_of(page)


def test_examples_are_hidden_without_the_folder(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scenarios, "examples_folder", lambda: None)
    page = page_of(client.get("/scenarios"))
    assert "?example=" not in page
    assert scenarios.examples() == {}


def test_uploading_an_example_file_runs_it(client: TestClient) -> None:
    content = (EXAMPLES / "tariffs-2025-04-02.yaml").read_bytes()
    response = client.post(
        "/scenarios",
        files={"file": ("tariffs.yaml", content, "application/yaml")},
        data={"draws": "300", "seed": "2", "country": "CAN"},
    )
    page = page_of(response)
    assert "US tariffs of 2 April 2025, as announced" in page
    assert "From tariffs.yaml" in page and "300 draws" in page
    assert len(allies_rows(page)) == 33
    # No URL can draw an uploaded scenario again: the spec comes with the page.
    assert chart_urls(page) == []
    spec = re.search(r'<figure class="chart" data-spec="([^"]+)"', page)
    assert spec and "Canada" in spec.group(1)
    assert 'href="data:text/csv;charset=utf-8,' in page
    assert 'download="milex-fan.csv"' in page


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"schema_version: 1\nname: x\ncolour: red\n", "bad.yaml: unknown key 'colour'"),
        (
            b"schema_version: 1\nname: x\ndrawdown: {troops: -1, start_year: 2027, years: 5}\n",
            "bad.yaml, key 'drawdown.troops'",
        ),
        (b"schema_version: 1\nname: [unclosed\n", "bad.yaml: not valid YAML"),
        (b"a: &x [1, 2]\nb: *x\n", "bad.yaml, line 2: YAML aliases (*x) are not accepted"),
        (b"\xff\xfe\x00", "bad.yaml: not UTF-8 text"),
        (b"", "file: choose a scenario file"),
    ],
)
def test_bad_upload_shows_the_error(client: TestClient, content: bytes, words: str) -> None:
    response = client.post("/scenarios", files={"file": ("bad.yaml", content)})
    assert response.status_code in (400, 422)
    assert words in error_of(page_of(response, response.status_code))


def test_an_upload_over_the_size_limit(client: TestClient) -> None:
    content = b"# " + b"x" * scenarios.MAX_UPLOAD_BYTES
    response = client.post("/scenarios", files={"file": ("big.yaml", content)})
    assert "big.yaml: over 200,000 bytes" in error_of(page_of(response, 422))


def test_json_twin(client: TestClient) -> None:
    form = client.get("/scenarios?format=json").json()
    assert form["ok"] is True and form["page"] == "scenarios"
    assert form["api"] == "/api/v1/scenario"
    assert {e["id"] for e in form["examples"]} == {
        "eu-deal-2025-08",
        "tariffs-2025-04-02",
        "us-drawdown-half",
    }
    ran = client.get("/scenarios?example=us-drawdown-half&draws=200&format=json").json()
    assert ran["draws"] == 200 and ran["country"] == "DEU"
    assert ran["allies"][-1]["iso3"] == "TOTAL"
    assert ran["charts"][0]["spec"] == (
        "/chart/fan.json?example=us-drawdown-half&draws=200&country=DEU"
    )
    posted = client.post("/scenarios?format=json", data={"troops": "40000", "draws": "200"})
    api = client.post(
        "/api/v1/scenario",
        json={
            **posted.json()["scenario"],
            "draws": 200,
            "seed": 0,
        },
    )
    assert posted.json()["allies"] == api.json()["allies"]
    assert posted.json()["bands"] == api.json()["bands"]


def test_json_twin_errors_have_the_one_shape(client: TestClient) -> None:
    response = client.post("/scenarios?format=json", data={"troops": "-5"})
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"ok", "error", "status"} and body["status"] == 422
    assert "drawdown.troops" in body["error"]


def test_page_runs_nothing_inline(client: TestClient) -> None:
    content = (EXAMPLES / "eu-deal-2025-08.yaml").read_bytes()
    for response in (
        client.get("/scenarios?example=us-drawdown-half"),
        client.post("/scenarios", files={"file": ("eu.yaml", content)}),
    ):
        page = page_of(response)
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, flags=re.S)
        assert all("src=" in attributes and not body.strip() for attributes, body in scripts)
        assert not re.search(r"\son[a-z]+=", page)


def form_values(page: str) -> dict[str, str]:
    """What the page's scenario form shows: each input's value and each select's choice."""
    form = re.search(r'<form class="controls scenario-form".*?</form>', page, flags=re.S)
    assert form, "no scenario form"
    values = dict(
        re.findall(r'<input id="[^"]+" name="([^"]+)"[^>]*? value="([^"]*)"', form.group())
    )
    for name, options in re.findall(
        r'<select id="[^"]+" name="([^"]+)">(.*?)</select>', form.group(), re.S
    ):
        chosen = re.search(r'<option value="([^"]+)" selected>', options)
        values[name] = chosen.group(1) if chosen else ""
    return values


@pytest.mark.parametrize(
    ("example", "shown", "beyond"),
    [
        (
            "us-drawdown-half",
            {
                "preset": "none",
                "troops": "40000",
                "start_year": "2027",
                "years": "5",
                "draws": "2000",
                "seed": "1",
            },
            "2 enablers, a shopping list (1 item)",
        ),
        (
            "eu-deal-2025-08",
            {
                "preset": "eu-deal-2025-08",
                "pass_through": "1.07",
                "troops": "0",
                "draws": "2000",
                "seed": "1",
            },
            "tariffs from 2027",
        ),
    ],
)
def test_the_form_shows_the_loaded_examples_values(
    client: TestClient, example: str, shown: dict[str, str], beyond: str
) -> None:
    defaults = form_values(page_of(client.get("/scenarios")))
    assert defaults["troops"] == "0" and defaults["seed"] == "0"
    page = page_of(client.get(f"/scenarios?example={example}&country=POL"))
    values = form_values(page)
    assert {name: values[name] for name in shown} == shown
    assert values["country"] == "POL"
    assert f"The form shows the values of examples/{example}.yaml" in page
    assert beyond in page  # what the form has no field for is named


def test_the_form_shows_an_uploaded_files_values(client: TestClient) -> None:
    content = (EXAMPLES / "us-drawdown-half.yaml").read_bytes().replace(b"seed: 1", b"seed: 9")
    response = client.post("/scenarios", files={"file": ("mine.yaml", content, "application/yaml")})
    values = form_values(page_of(response))
    assert (values["troops"], values["seed"]) == ("40000", "9")


NEGATIVE_ZERO = re.compile(r"[-\u2212]0\.0+(?![0-9])")


@pytest.mark.parametrize("example", ["eu-deal-2025-08", "us-drawdown-half"])
def test_money_as_people_write_it(client: TestClient, example: str) -> None:
    page = page_of(client.get(f"/scenarios?example={example}"))
    result = page[page.index('<section class="scenario-result"') :]
    text = re.sub(r"<[^>]+>", " ", result.split("<h3>Ally by ally</h3>")[0])
    figures = re.findall(r"[-\u2212]?[$€]?[-\u2212]?[\d,]+\.\d+", text)
    assert figures
    assert not re.search(r"[$€][-\u2212]", result)  # never "$-9.94 bn"
    assert not NEGATIVE_ZERO.search(result)  # never "-0.00" nor "−0.00"
    cells = re.findall(r'<td class="num">([^<]*)</td>', result)
    assert len(cells) > 100 and not [c for c in cells if c.startswith("-")]  # a true minus
    if example == "eu-deal-2025-08":
        # The tariffs cost GDP, so the allies owe less than on the baseline.
        assert re.search(r"<dd>\u2212\$[\d,]+\.\d\d bn</dd>", result)
