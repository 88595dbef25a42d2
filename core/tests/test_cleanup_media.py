"""cleanup_media (issue 17 #14): uploaded files that no record names — left by a write rolled
back after its file was stored — are listed, then removed; every named file stays."""

import os
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from tests.factories import report_hazard


def test_cleanup_media_finds_files_no_record_names(tmp_path, settings, world, sectors):
    import time

    settings.MEDIA_ROOT = str(tmp_path / "media")
    report_hazard(world, sectors, level="general")  # a photo and its thumbnail, both named by records
    root = Path(settings.MEDIA_ROOT)
    kept = sorted(p for p in root.rglob("*") if p.is_file())
    assert kept
    orphan = root / "hazards" / "2026" / "11" / "rolled-back.jpg"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"left behind")
    old = time.time() - 2 * 3600
    for p in [orphan, *kept]:
        os.utime(p, (old, old))
    out = StringIO()
    call_command("cleanup_media", "--dry-run", stdout=out)
    assert "hazards/2026/11/rolled-back.jpg" in out.getvalue() and "发现 1 个" in out.getvalue()
    assert orphan.exists()
    call_command("cleanup_media", stdout=StringIO())
    assert not orphan.exists() and all(p.exists() for p in kept)
