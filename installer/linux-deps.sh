#!/bin/sh
# The system libraries Qt's xcb (X11) and offscreen plugins load at run time, and a font.
# A pip-installed PySide6 wheel does not carry them: without libxcb-icccm4/libxcb-keysyms1
# the app aborts at start. Declared once here; .ci/run and the README's command use this file.
# Installs only what is missing; does nothing on systems without dpkg/apt-get (macOS).
set -eu

QT_RUNTIME_PACKAGES="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
libxcb-xinerama0 libxcb-xkb1 libxcb-randr0 libxcb-xfixes0 libxcb-shm0 libxcb-sync1 libxcb-glx0
libxcb-util1 fonts-dejavu-core"

if [ "${1:-}" = "--list" ]; then
  echo $QT_RUNTIME_PACKAGES
  exit 0
fi

if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "linux-deps.sh: nessun apt-get/dpkg su questo sistema, niente da installare." >&2
  exit 0
fi

missing=""
for p in $QT_RUNTIME_PACKAGES; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086  # one word per package
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
