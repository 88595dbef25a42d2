import datetime
import io

import pytest
from docx import Document

from org.models import User
from reports import annual


@pytest.fixture
def demo(demo_db):
    return User.objects.get(username="safety")


def test_the_annual_draft_carries_the_years_figures(demo, client):
    year = datetime.date.today().year
    f = annual.figures(demo, year)
    client.force_login(demo)
    r = client.get(f"/reports/annual.docx?year={year}")
    assert r.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert f"乌审旗交通运输局{year}年度安全生产工作总结（初稿）" in text
    t = f["dispatch"]
    assert f"排查重大事故隐患{t['major']}项、已整改{t['major_done']}项" in text
    assert f"共有在营交通运输生产经营单位{f['firms']['operating']}家" in text
    assert f"受理群众举报{f['tips']['total']}件，查实{f['tips']['substantiated']}件" in text
    assert "四、下一步工作打算" in text
    assert f["firms"]["operating"] == 58 and f["tips"]["total"] == 3
    assert len(f["coverage"]) == 7


def test_access_and_bad_year(demo, client):
    client.force_login(demo)
    assert client.get("/reports/annual.docx?year=abc").status_code == 200
    client.force_login(User.objects.get(username="enterprise"))
    assert client.get("/reports/annual.docx").status_code == 403
