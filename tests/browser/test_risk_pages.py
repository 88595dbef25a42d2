"""The risk map (一张图) draws coloured risk points, and the coverage board shows the
seven demo targets — looked at in a real browser, with screenshots."""


import pytest

from tests.browser.test_roles import login
from tests.demo_snapshot import load as load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]

# Count canvas pixels close to each risk colour (Leaflet draws markers on a canvas).
COLOUR_PIXELS = """() => {
  const c = document.querySelector('#map canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const want = {red: [214, 39, 40], orange: [255, 127, 14], yellow: [255, 214, 10], blue: [31, 119, 180]};
  const out = {red: 0, orange: 0, yellow: 0, blue: 0};
  for (let i = 0; i < d.length; i += 4) {
    for (const [k, [r, g, b]] of Object.entries(want)) {
      if (Math.abs(d[i] - r) < 12 && Math.abs(d[i + 1] - g) < 12 && Math.abs(d[i + 2] - b) < 12) out[k]++;
    }
  }
  return out;
}"""


def test_risk_map_and_coverage_board(live_server, browser, screens):
    load_demo()
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    from risks.models import RiskPoint

    # The bureau's 路网 (a sample GeoJSON kept with the tests), loaded as a bureau would.
    call_command("load_roads", str(Path(__file__).resolve().parents[2] / "testdata/roads/wushen-sample.geojson"),
                 region="150626", stdout=StringIO())
    base = live_server.url
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    login(page, base, "safety")
    page.goto(f"{base}/risks/map/")
    page.wait_for_selector("#map[data-loaded]", state="attached")
    assert int(page.get_attribute("#map", "data-loaded")) > 0
    page.wait_for_timeout(300)
    # No tile server configured: the county's shipped boundary, its towns and its loaded roads are drawn
    # under the points.
    page.wait_for_selector("#map[data-base='boundary']", state="attached")
    assert int(page.get_attribute("#map", "data-towns")) >= 3
    assert page.locator(".town-label").count() >= 3
    assert page.get_attribute("#map", "data-roads") == "3"
    pixels = page.evaluate(COLOUR_PIXELS)
    levels = set(RiskPoint.objects.values_list("level", flat=True))
    assert "major" in levels and pixels["red"] > 0
    page.screenshot(path=str(screens / "risk-map.png"))
    # The points as lists beside the map (issue 25): risk enterprises with the level in words, hazards, grades.
    headings = page.eval_on_selector_all("#map-points h2", "hs => hs.map(h => h.textContent)")
    assert headings[0] == f"风险点企业（{page.get_attribute('#map', 'data-loaded')}）"
    assert [h.split("（")[0] for h in headings] == ["风险点企业", "未销号隐患", "企业三色"]
    first = page.text_content("#map-points ol >> nth=0 >> li >> nth=0")
    assert "最高：" in first and "风险" in first
    assert "企业分级：" in page.text_content("#map-points ol >> nth=2")
    # Filtering by sector redraws the map with that sector only.
    page.select_option("#sector", label="公路水运工程建设")
    page.wait_for_timeout(500)
    assert "风险点企业" in page.inner_text("#map-count")
    page.screenshot(path=str(screens / "risk-map-construction.png"))

    page.goto(f"{base}/safety/coverage/")
    cards = page.locator("[data-testid=coverage-board] [data-target]")
    assert cards.count() == 7
    assert "全旗国省干线非现场执法点位建设全覆盖" in page.inner_text("main")
    page.screenshot(path=str(screens / "coverage-board.png"), full_page=True)

    page.goto(f"{base}/enterprises/")
    assert page.locator("[data-grade]").count() > 0
    page.screenshot(path=str(screens / "enterprise-grades.png"))
