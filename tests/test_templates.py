"""Templates carry no rules of their own."""

from pathlib import Path


def test_no_template_decides_by_role():
    """Pages show what the permission tables allow (passed by the view, or `reads.<kind>`):
    a role name in a template would be a second, silent copy of a rule."""
    root = Path(__file__).resolve().parents[1] / "templates"
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.html") if "user.role" in p.read_text()]
    assert offenders == []
