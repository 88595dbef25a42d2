"""Templates carry no rules of their own."""

from pathlib import Path


def test_no_template_decides_by_role():
    """Pages show what the permission tables allow (passed by the view, or `reads.<kind>`):
    a role name in a template would be a second, silent copy of a rule."""
    root = Path(__file__).resolve().parents[1] / "templates"
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.html") if "user.role" in p.read_text()]
    assert offenders == []


def test_no_page_script_builds_markup_from_strings():
    """Records' text reaches the DOM as text nodes only (issue 17 #1): no script of ours hands an
    HTML string to Leaflet's popups or to innerHTML."""
    import re

    root = Path(__file__).resolve().parents[1] / "static" / "js"
    pattern = re.compile(r"bindPopup\(\s*[`'\"]|innerHTML|insertAdjacentHTML|outerHTML\s*=")
    offenders = [p.name for p in root.glob("*.js") if pattern.search(p.read_text())]
    assert offenders == []
