#!/bin/sh
# Install the Debian/Ubuntu packages whose shared libraries PySide6's Qt needs and a bare
# system lacks. This is the one list: README's commands and .ci/run call this script.
#
#   packaging/install-system-libs.sh            tests: python3-venv, Qt offscreen, Qt Multimedia, OpenCV
#   packaging/install-system-libs.sh --window   also everything the xcb (X11) window needs
#   packaging/install-system-libs.sh --dry-run  print the missing packages, install nothing
#
# A library counts as present when the dynamic loader knows it (ldconfig -p), so the check
# works whatever a distribution release calls the package (e.g. libglib2.0-0t64). Where
# dpkg is absent (not Debian/Ubuntu) or nothing is missing, it does nothing. Not root: sudo.
# The lists come from `readelf -d` (NEEDED) on PySide6's Qt libraries and plugins.
set -eu

# "library package" pairs: Qt Core/Gui/Widgets on the offscreen platform, Qt Multimedia, OpenGL.
TEST_LIBS="
libglib-2.0.so.0 libglib2.0-0
libgthread-2.0.so.0 libglib2.0-0
libEGL.so.1 libegl1
libGL.so.1 libgl1
libfontconfig.so.1 libfontconfig1
libfreetype.so.6 libfreetype6
libxkbcommon.so.0 libxkbcommon0
libdbus-1.so.3 libdbus-1-3
libpulse.so.0 libpulse0
libdrm.so.2 libdrm2
libX11.so.6 libx11-6
libXext.so.6 libxext6
libXrandr.so.2 libxrandr2
libbrotlidec.so.1 libbrotli1
libgssapi_krb5.so.2 libgssapi-krb5-2
libzstd.so.1 libzstd1
libz.so.1 zlib1g
"
# The xcb platform plugin (libqxcb.so, libQt6XcbQpa.so.6) and its GLX integration.
WINDOW_LIBS="
libxcb.so.1 libxcb1
libX11-xcb.so.1 libx11-xcb1
libxcb-cursor.so.0 libxcb-cursor0
libxcb-glx.so.0 libxcb-glx0
libxcb-icccm.so.4 libxcb-icccm4
libxcb-image.so.0 libxcb-image0
libxcb-keysyms.so.1 libxcb-keysyms1
libxcb-randr.so.0 libxcb-randr0
libxcb-render.so.0 libxcb-render0
libxcb-render-util.so.0 libxcb-render-util0
libxcb-shape.so.0 libxcb-shape0
libxcb-shm.so.0 libxcb-shm0
libxcb-sync.so.1 libxcb-sync1
libxcb-util.so.1 libxcb-util1
libxcb-xfixes.so.0 libxcb-xfixes0
libxcb-xkb.so.1 libxcb-xkb1
libxkbcommon-x11.so.0 libxkbcommon-x11-0
"

wanted=$TEST_LIBS
dry_run=false
for arg in "$@"; do
  case "$arg" in
    --window) wanted="$TEST_LIBS$WINDOW_LIBS" ;;
    --dry-run) dry_run=true ;;
    *) echo "usage: $0 [--window] [--dry-run]" >&2; exit 2 ;;
  esac
done

command -v dpkg >/dev/null 2>&1 || exit 0  # not Debian/Ubuntu: nothing to do here

PATH="$PATH:/sbin:/usr/sbin"
known=$(ldconfig -p 2>/dev/null || true)
missing=""
while read -r library package; do
  [ -n "$library" ] || continue
  if ! printf '%s\n' "$known" | grep -q "^[[:space:]]*$library "; then
    case " $missing " in *" $package "*) ;; *) missing="$missing $package" ;; esac
  fi
done <<EOF
$wanted
EOF
# Debian's python3 has no ensurepip, so `python3 -m venv` fails without python3-venv.
if command -v python3 >/dev/null 2>&1 && ! python3 -c "import ensurepip" >/dev/null 2>&1; then
  missing="$missing python3-venv"
fi

[ -n "$missing" ] || exit 0
if $dry_run; then
  echo $missing
  exit 0
fi
echo "Installing system libraries Qt needs:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "Please install as root: apt-get install$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq
# shellcheck disable=SC2086 (one word per package)
$as_root apt-get install -y -qq --no-install-recommends $missing
