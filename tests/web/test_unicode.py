"""Any Unicode string, lone surrogates included, sent to each POST endpoint in each place it
takes text, is answered with a 2xx or a 4xx whose body is valid UTF-8: never a 500.

JSON can spell a lone surrogate (``"\\ud800"``); a form or a file cannot (their bytes are
UTF-8), so there the string goes as the bytes Python's "surrogatepass" gives it, which are not
UTF-8: the app must refuse or replace them, not crash."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote_from_bytes

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from milex.web.app import Settings, create_app

# Every code point, surrogates (category Cs) included (hypothesis leaves them out by default);
# half the strings hold a lone surrogate for certain.
SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
SOME_TEXT = st.text(st.characters(exclude_categories=()), max_size=20)
ANY_TEXT = SOME_TEXT | st.tuples(SOME_TEXT, SURROGATE, st.sampled_from(["", "x"]), SOME_TEXT).map(
    "".join
)
JSON = {"content-type": "application/json"}
EXAMPLES = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def client(milex_home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings()), raise_server_exceptions=False) as test_client:
        yield test_client


def raw(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def answered(response: httpx.Response) -> None:
    assert 200 <= response.status_code < 500, response.content[:300]
    response.content.decode("utf-8")  # a body that is text
    if response.headers["content-type"] == "application/json":
        body = response.json()
        assert body.get("ok") is (response.status_code < 400)


@EXAMPLES
@given(text=ANY_TEXT, where=st.sampled_from(["text", "date", "key"]))
def test_check_api(client: TestClient, text: str, where: str) -> None:
    body: dict[str, str] = {"text": "Poland spends 4.1% of GDP in 2024."}
    if where == "key":
        body[text] = "x"
    elif where == "text":  # in the sentence of a claim, which the answer quotes
        body["text"] = f"{text} 4% of GDP in 2024"
    else:
        body[where] = text
    answered(client.post("/api/v1/check", content=json.dumps(body), headers=JSON))


@EXAMPLES
@given(
    text=ANY_TEXT,
    where=st.sampled_from(["name", "description", "commitment", "rates", "item", "key"]),
)
def test_scenario_api(client: TestClient, text: str, where: str) -> None:
    body: dict[str, object] = {"schema_version": 1, "name": "x", "draws": 0}
    if where in ("name", "description", "commitment"):
        body[where] = text
    elif where == "rates":
        body["tariffs"] = {"rates": {text: 10}}
    elif where == "item":
        body["shopping_list"] = {
            "items": [{"item": text, "unit_cost_usd_m": 1, "quantity": 1, "years": [2027]}]
        }
    else:
        body[text] = 1
    answered(client.post("/api/v1/scenario", content=json.dumps(body), headers=JSON))


@EXAMPLES
@given(text=ANY_TEXT, field=st.sampled_from(["text", "date"]))
def test_check_page_form(client: TestClient, text: str, field: str) -> None:
    form = {"text": raw("Poland spends 4.1% of GDP in 2024."), "date": b""}
    form[field] = raw(text + " 4% of GDP in 2024") if field == "text" else raw(text)
    content = "&".join(f"{name}={quote_from_bytes(value)}" for name, value in form.items())
    headers = {"content-type": "application/x-www-form-urlencoded"}
    answered(client.post("/check", content=content, headers=headers))
    answered(client.post("/check?format=json", content=content, headers=headers))


@EXAMPLES
@given(
    text=ANY_TEXT,
    field=st.sampled_from(["preset", "troops", "years", "draws", "seed", "country", "example"]),
)
def test_scenarios_page_form(client: TestClient, text: str, field: str) -> None:
    boundary = b"milexboundary"
    part = (
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="' + field.encode()
        + b'"\r\n\r\n' + raw(text) + b"\r\n--" + boundary + b"--\r\n"
    )  # fmt: skip
    headers = {"content-type": f"multipart/form-data; boundary={boundary.decode()}"}
    answered(client.post("/scenarios?format=json", content=part, headers=headers))


@EXAMPLES
@given(text=ANY_TEXT, where=st.sampled_from(["plain", "quoted", "filename"]))
def test_scenario_upload(client: TestClient, text: str, where: str) -> None:
    name = "a.yaml"
    document = b"schema_version: 1\nname: x\nmontecarlo: {draws: 0}\n"
    if where == "plain":
        document += b"description: " + raw(text) + b"\n"
    elif where == "quoted":  # YAML's escapes, as JSON writes them: "\ud800" and the like
        document += b"description: " + json.dumps(text).encode() + b"\n"
    boundary = b"milexboundary"
    filename = raw(text) + b".yaml" if where == "filename" else name.encode()
    part = (
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="'
        + filename.replace(b'"', b"").replace(b"\r", b"").replace(b"\n", b"")
        + b'"\r\nContent-Type: application/yaml\r\n\r\n' + document
        + b"\r\n--" + boundary + b"--\r\n"
    )  # fmt: skip
    headers = {"content-type": f"multipart/form-data; boundary={boundary.decode()}"}
    answered(client.post("/scenarios?format=json", content=part, headers=headers))
    answered(client.post("/scenarios", content=part, headers=headers))
