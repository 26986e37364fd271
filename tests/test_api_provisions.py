"""GET /api/v1/provisions/{chunk_id}: the citation viewer's full text, heading path, source and validity badge."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.provisions import STATUS_LABELS, provision_view, validity_status
from api_fakes import FakeBackend
from assistant.config import Settings
from assistant.records import Chunk, Validity


@pytest.fixture()
def client(tmp_path):
    with TestClient(create_app("sample", backend=FakeBackend(), settings=Settings(cache_dir=tmp_path))) as c:
        yield c


def url(chunk_id: str) -> str:
    return "/api/v1/provisions/" + quote(chunk_id, safe="")  # what encodeURIComponent sends


def test_provision_full_view(client):
    r = client.get(url("nd42#5/k1"), params={"as_of": "2024-01-01"})
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["chunk_id"] == "nd42#5/k1" and p["collection"] == "sample"
    assert p["citation"] == "Khoản 1 Điều 5 Nghị định 42/2022/NĐ-CP"
    assert p["text"] == "Phạt tiền từ 1.000.000 đồng đến 2.000.000 đồng."
    assert p["heading_path"] == ["Nghị định về xử phạt vi phạm hành chính", "Chương II. Vi phạm", "Điều 5. Mức phạt"]
    assert p["article_title"] == "Mức phạt" and p["doc_type"] == "Nghị định" and p["doc_number"] == "42/2022/NĐ-CP"
    assert p["issuer"] == "Chính phủ" and p["issued_on"] == "2022-06-24"
    assert p["law_id"] == "nd42" and p["article_id"] == "5" and p["source_path"] == "corpus/sample/nd42.txt"
    assert p["validity"]["effective_from"] == "2022-08-01"
    assert p["status"] == "amended" and p["status_label"] == "Đã sửa đổi, bổ sung"
    assert "Có hiệu lực từ ngày 01/08/2022." in p["notes"]
    assert "Được sửa đổi, bổ sung bởi: Điều 1 Nghị định số 07/2025/NĐ-CP." in p["notes"]
    # before it took effect
    assert client.get(url("nd42#5/k1"), params={"as_of": "2022-07-31"}).json()["status"] == "not_yet"


def test_provision_expired_and_plain_ids(client):
    p = client.get(url("tt01#3")).json()  # today
    assert p["status"] == "expired" and p["status_label"] == "Hết hiệu lực"
    # the text's own note gives the end date: not repeated as "Hết hiệu lực từ ngày 01/01/2021."
    assert p["notes"] == ["Hết hiệu lực từ 01/01/2021", "Có hiệu lực từ ngày 01/01/2015."]
    # an id with '/' sent unencoded still reaches the route (path converter)
    assert client.get("/api/v1/provisions/nd42%235/k2").json()["chunk_id"] == "nd42#5/k2"


def test_provision_not_found_and_bad_input(client):
    r = client.get(url("nd42#99"))
    assert r.status_code == 404
    assert r.json()["message"] == "Không tìm thấy điều khoản “nd42#99” trong bộ văn bản “sample”."
    assert client.get(url("nd42#5/k1"), params={"collection": "khac"}).status_code == 404
    assert client.get(url("nd42#5/k1"), params={"as_of": "hôm qua"}).status_code == 422


@pytest.mark.parametrize("validity,on,status", [
    (Validity(), date(2024, 1, 1), "unknown"),
    (Validity(effective_from=date(2020, 1, 1)), date(2024, 1, 1), "in_force"),
    (Validity(effective_from=date(2020, 1, 1)), date(2019, 12, 31), "not_yet"),
    (Validity(effective_to=date(2020, 12, 31)), date(2020, 12, 31), "in_force"),
    (Validity(effective_to=date(2020, 12, 31)), date(2021, 1, 1), "expired"),
    (Validity(effective_from=date(2020, 1, 1), amended_by=["x"]), date(2024, 1, 1), "amended"),
    (Validity(effective_from=date(2020, 1, 1), effective_to=date(2021, 1, 1), amended_by=["x"]), date(2024, 1, 1),
     "expired"),
])
def test_validity_status(validity, on, status):
    assert validity_status(validity, on) == status
    assert STATUS_LABELS[status]


def test_provision_whose_document_may_have_been_replaced(tmp_path):
    """The backend says the collection names a later law of the same name (``superseded_note``): the viewer's badge
    is no longer "in force" and the note says why; an expired provision keeps its own status."""
    class Backend(FakeBackend):
        def superseded_note(self, collection, chunk, on):  # noqa: ANN001, ANN201
            return "cơ sở dữ liệu có nhắc tới Luật số 99/2025/QH15 cùng tên và ban hành sau văn bản này."

    with TestClient(create_app("sample", backend=Backend(), settings=Settings(cache_dir=tmp_path))) as c:
        p = c.get(url("nd42#5/k1"), params={"as_of": "2024-01-01"}).json()
        # its own status: the viewer shows a warning badge distinct from "Chưa rõ hiệu lực"
        assert p["status"] == "superseded" and p["status_label"] == "Có thể đã hết hiệu lực"
        assert "Cơ sở dữ liệu có nhắc tới Luật số 99/2025/QH15 cùng tên và ban hành sau văn bản này." in p["notes"]
        assert c.get(url("tt01#3")).json()["status"] == "expired"


@pytest.mark.parametrize("doc_type,validity,status", [
    ("Hỏi đáp", Validity(), "guidance"),  # a FAQ: not "Chưa rõ hiệu lực" but what it is
    ("Cẩm nang", Validity(), "guidance"),
    ("Văn bản hợp nhất", Validity(), "unknown"),  # a legal text, not guidance
    ("Nghị định", Validity(), "unknown"),
    ("Hỏi đáp", Validity(effective_from=date(2020, 1, 1)), "in_force"),  # dated guidance: as answering says
])
def test_guidance_documents_have_their_own_status(doc_type, validity, status):
    """Handbooks and FAQs (``answering.is_guidance``) are labelled "Tài liệu hướng dẫn" in the viewer, as the
    citation's status in the answer says ("Tài liệu hướng dẫn, không phải văn bản quy phạm pháp luật")."""
    ch = Chunk(id="faq#2", doc_id="faq", law_id="faq", article_id="2", text="Hồ sơ được kiểm tra trong 8 giờ.",
               citation="Mục 2 – Hỏi đáp về dịch vụ công", collection="sample", doc_type=doc_type, validity=validity)
    p = provision_view(ch, "sample", date(2024, 1, 1))
    assert p["status"] == status and p["status_label"] == STATUS_LABELS[status]
    if status == "guidance":
        assert p["status_label"] == "Tài liệu hướng dẫn"


def test_notes_do_not_repeat_a_date_the_text_already_gives():
    """Pháp điển notes already say "(Điều 18 Luật số 81/2006/QH11, có hiệu lực thi hành kể từ ngày 01/07/2007)": the
    viewer does not add "Có hiệu lực từ ngày 01/07/2007." under it; a date no note gives is still added."""
    from api.provisions import validity_notes

    v = Validity(effective_from=date(2007, 7, 1), effective_to=date(2021, 6, 30),
                 notes=["(Điều 18 Luật số 81/2006/QH11, có hiệu lực thi hành kể từ ngày 01/07/2007)"])
    assert validity_notes(v) == ["(Điều 18 Luật số 81/2006/QH11, có hiệu lực thi hành kể từ ngày 01/07/2007)",
                                 "Hết hiệu lực từ ngày 01/07/2021."]
    assert validity_notes(Validity(effective_from=date(2007, 7, 1))) == ["Có hiệu lực từ ngày 01/07/2007."]
