#!/usr/bin/env bash
# Install the Debian packages Zhiben needs, skipping those already present.
#   fonts-noto-cjk       Chinese text in PDFs and browser screenshots
#   libharfbuzz-subset0  WeasyPrint font subsetting (a CJK PDF takes ~11 s without it)
#   libpango*            WeasyPrint text layout
#   postgresql           the second database the test suite runs on
#   chromium             browser tests (Playwright drives /usr/bin/chromium)
#   nginx                `nginx -t` on deploy/nginx-zhiben.conf (core/tests/test_deploy.py); only its check is used
#   libreoffice-writer-nogui  .doc and .wps plans are converted to .docx on import (plans/parsing/reader.py)
# Extra packages may be named as arguments (`make form-pdf` adds libreoffice-calc-nogui).
set -euo pipefail
PACKAGES="fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 postgresql chromium nginx libreoffice-writer-nogui $*"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "deps: all Debian packages present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "deps: installing$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
