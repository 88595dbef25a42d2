import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True)


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50),
                    ALLOWED_HOSTS="zhiben.example.gov.cn")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_collectstatic_succeeds(tmp_path):
    """The manifest storage refuses a CSS/JS file that points at a file we do not ship
    (a vendored library's source map did): deployment would stop at collectstatic."""
    result = manage("collectstatic", "--noinput", "-v0", DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50),
                    ALLOWED_HOSTS="zhiben.example.gov.cn", STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "js/zhiben.js" in manifest and "vendor/leaflet/leaflet.js" in manifest
    assert list(tmp_path.glob("vendor/echarts/echarts.min.*.js.gz"))  # compressed copies for whitenoise
