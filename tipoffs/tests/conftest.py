import pytest

from core.testing import photo


@pytest.fixture
def public_post(client, world, sectors):
    """POST the public form from one address; returns the response."""

    def post(address="203.0.113.7", **fields):
        data = {"region": world.a.pk, "sector": sectors["road"].pk, "subject": "甲县某物流公司停车场",
                "description": "多辆危险货物运输车辆在居民区旁停放，无人看管，夜间有加油作业。",
                "anonymous": "", "reporter_name": "李四", "reporter_phone": "13912345678"} | fields
        if "photos" not in fields:
            data["photos"] = [photo()]
        return client.post("/jubao/", data, REMOTE_ADDR=address)

    return post
