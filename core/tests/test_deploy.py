"""Issue 26 #3: the production files in deploy/ are checked in `make test`.

- The systemd units: a parse of the keys a stop and a restart depend on, on every machine; and where
  Debian's systemd package is installed, `systemd-analyze verify` (it verifies without systemd running
  as init) on copies whose /srv/zhiben paths point at this checkout, with no warning allowed.
- The nginx site: `nginx -t` (Debian's nginx, installed by `make deps`) inside a throwaway main
  configuration, with a self-signed certificate where the site expects the real one.
- The environment template: every variable it sets is one the settings read, and it holds no secret.
"""

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = ["zhiben-web.service", "zhiben-scheduler.service"]


def unit(name):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


def test_the_units_say_how_they_stop_and_restart():
    from core.management.commands import scheduler

    web, sched = unit("zhiben-web.service")["Service"], unit("zhiben-scheduler.service")["Service"]
    assert "gunicorn zhiben.wsgi:application" in web["ExecStart"] and "--bind 127.0.0.1:8000" in web["ExecStart"]
    assert sched["ExecStart"].endswith("manage.py scheduler")
    for service in (web, sched):
        assert service["KillSignal"] == "SIGTERM" and service["Restart"] == "on-failure"
        assert service["EnvironmentFile"] == "/etc/zhiben/zhiben.env" and service["User"] == "zhiben"
    # The scheduler stops its cluster within STOP_SECONDS; systemd waits longer before killing it.
    assert int(sched["TimeoutStopSec"]) > scheduler.STOP_SECONDS and sched["KillMode"] == "mixed"
    assert int(web["TimeoutStopSec"]) > 20  # gunicorn's --graceful-timeout
    for name in UNITS:
        assert unit(name)["Install"]["WantedBy"] == "multi-user.target"


def test_systemd_verifies_the_units_where_it_can(tmp_path):
    """`systemd-analyze verify` where Debian's systemd package is installed (it is on this machine); on a
    machine without it the key check above is the check (README, "Production layout")."""
    tool = shutil.which("systemd-analyze")
    if tool is None:
        return
    env_file = tmp_path / "zhiben.env"
    shutil.copy(DEPLOY / "zhiben.env.example", env_file)
    copies = []
    for name in UNITS:
        text = (DEPLOY / name).read_text(encoding="utf-8")
        text = (text.replace("/srv/zhiben", str(ROOT)).replace("/etc/zhiben/zhiben.env", str(env_file))
                .replace("User=zhiben", "User=root").replace("Group=zhiben", "Group=root"))
        (tmp_path / name).write_text(text, encoding="utf-8")
        copies.append(str(tmp_path / name))
    media = ROOT / "media"
    media.mkdir(exist_ok=True)
    result = subprocess.run([tool, "verify", *copies], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr.strip() == "" and result.stdout.strip() == "", (
        result.stdout, result.stderr)


def test_nginx_takes_the_site(tmp_path):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        pytest.fail("nginx 未安装（make deps 安装 Debian 的 nginx）")
    key, cert = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=zhiben.example.gov.cn"], check=True, capture_output=True, timeout=60)
    site = (DEPLOY / "nginx-zhiben.conf").read_text(encoding="utf-8")
    (tmp_path / "site.conf").write_text(site.replace("/etc/zhiben/tls/fullchain.pem", str(cert))
                                        .replace("/etc/zhiben/tls/privkey.pem", str(key)), encoding="utf-8")
    temp = " ".join(f"{kind}_temp_path {tmp_path / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log {tmp_path / 'access.log'};\n {temp}\n"
        f" include {tmp_path / 'site.conf'};\n}}\n", encoding="utf-8")
    result = subprocess.run([nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "test is successful" in result.stderr, result.stderr
    # What the app relies on from its proxy.
    for line in ("proxy_set_header X-Forwarded-Proto $scheme;", "proxy_set_header X-Real-IP $remote_addr;",
                 "location = /healthz/", "listen 443 ssl", "alias /srv/zhiben/staticfiles/;"):
        assert line in site, line
    from plans.services import MAX_SLOT_FILES

    size = re.search(r"client_max_body_size (\d+)m;", site)
    largest = MAX_SLOT_FILES * settings.MAX_UPLOAD_SIZE
    assert size and largest <= int(size.group(1)) * 1024 * 1024 <= largest + 2 * 1024 * 1024


def test_the_environment_template_holds_no_secret_and_nothing_unknown():
    source = (ROOT / "zhiben" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r"""env(?:int|bool|list)?\(\s*["']([A-Z_]+)["']|environ(?:\.get)?\(\s*["']([A-Z_]+)["']|environ\[["']([A-Z_]+)["']\]""",
                           source))
    read = {n for group in names for n in group if n}
    settings_text = {}
    for line in (DEPLOY / "zhiben.env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            settings_text[key] = value
    assert set(settings_text) <= read, set(settings_text) - read
    assert settings_text["SECRET_KEY"] == "" and settings_text["EMAIL_HOST_PASSWORD"] == ""
    assert "PASSWORD@" in settings_text["DATABASE_URL"]  # a placeholder, filled in on the server
    assert settings_text["DEBUG"] == "0" and settings_text["CLIENT_IP_HEADER"] == "HTTP_X_REAL_IP"
