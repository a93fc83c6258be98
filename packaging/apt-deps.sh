#!/usr/bin/env bash
# Install the Debian/Ubuntu packages Tingxie needs, only those missing. Usage: apt-deps.sh run|test
set -euo pipefail
run_pkgs=(libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libglib2.0-0 libfreetype6 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-image0 libxcb-randr0 libxcb-render-util0
  libxcb-xinerama0 libxcb-xkb1 libportaudio2 fonts-wqy-microhei)
test_pkgs=("${run_pkgs[@]}" xvfb xauth pulseaudio pulseaudio-utils libasound2-plugins desktop-file-utils
  pandoc)  # pandoc: reads DOCX minutes back in tests/speakers/test_minutes.py
case "${1:-run}" in
  run) pkgs=("${run_pkgs[@]}") ;;
  test) pkgs=("${test_pkgs[@]}") ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
command -v dpkg-query >/dev/null || { echo "apt-deps: not a Debian system; install the equivalents of: ${pkgs[*]}" >&2; exit 0; }
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "apt-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
