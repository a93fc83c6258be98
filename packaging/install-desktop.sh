#!/usr/bin/env bash
# Install (or remove) the Tingxie launcher and icons for the current user (freedesktop menus: GNOME, KDE, Xfce...).
#
#   install-desktop.sh PYTHON MAIN_PY     launcher runs "PYTHON MAIN_PY %F" (what `make install-desktop` does)
#   install-desktop.sh --exec PROGRAM     launcher runs "PROGRAM %F" (a PyInstaller bundle: dist/tingxie/tingxie)
#   install-desktop.sh --uninstall        remove what an install put there
#
# Files go to $XDG_DATA_HOME (default ~/.local/share): applications/tingxie.desktop and
# icons/hicolor/<size>/apps/tingxie.png (+ scalable/apps/tingxie.svg). Nothing is installed system-wide and no
# default file association is changed: Tingxie shows up under "Open with" for the audio/video types it lists.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
apps="$data_home/applications"
icons="$data_home/icons/hicolor"
template="$repo/resources/tingxie.desktop"
icon_src="$repo/resources/icons"

usage() { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# One argument of a desktop-entry Exec line: quoted when needed (spec: "Exec key"), then escaped as a string value.
exec_arg() {
  local s=$1
  s=${s//%/%%}
  if [[ $s =~ ^[A-Za-z0-9_/.+,:=@%-]+$ ]]; then
    printf '%s' "$s"
    return
  fi
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//\`/\\\`}
  s=${s//\$/\\\$}
  s=${s//\\/\\\\}  # the string-value level escapes every backslash once more
  printf '"%s"' "$s"
}

refresh_caches() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$apps" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$icons/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$icons" 2>/dev/null || true
  fi
}

uninstall() {
  rm -f "$apps/tingxie.desktop"
  rm -f "$icons"/*/apps/tingxie.png "$icons/scalable/apps/tingxie.svg"
  refresh_caches
  echo "Removed the Tingxie launcher from $apps"
}

[ $# -ge 1 ] || usage
case "$1" in
  --uninstall) uninstall; exit 0 ;;
  --exec)
    [ $# -eq 2 ] || usage
    program="$(realpath "$2")"
    [ -x "$program" ] || { echo "install-desktop: not an executable: $program" >&2; exit 1; }
    exec_line="$(exec_arg "$program") %F"
    try_exec="$program"
    ;;
  -h|--help) usage ;;
  *)
    [ $# -eq 2 ] || usage
    python="$(realpath -s "$1")"  # keep the venv's symlink: resolving it would leave the venv
    main_py="$(realpath "$2")"
    [ -x "$python" ] || { echo "install-desktop: no Python at $python (run make venv first)" >&2; exit 1; }
    [ -f "$main_py" ] || { echo "install-desktop: no main.py at $main_py" >&2; exit 1; }
    exec_line="$(exec_arg "$python") $(exec_arg "$main_py") %F"
    try_exec="$python"
    ;;
esac

[ -f "$template" ] || { echo "install-desktop: missing $template" >&2; exit 1; }
mkdir -p "$apps"
tmpdir="$(mktemp -d)"
trap 'rm -rf "$tmpdir"' EXIT
tmp="$tmpdir/tingxie.desktop"
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    Exec=*) printf 'Exec=%s\n' "$exec_line" ;;
    TryExec=*) printf 'TryExec=%s\n' "${try_exec//\\/\\\\}" ;;
    *) printf '%s\n' "$line" ;;
  esac
done < "$template" > "$tmp"
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$tmp" | grep -v "hint:" >&2 || true
fi
install -m 644 "$tmp" "$apps/.tingxie.desktop.new"
mv -f "$apps/.tingxie.desktop.new" "$apps/tingxie.desktop"

for png in "$icon_src"/tingxie-*.png; do
  size="${png##*/tingxie-}"
  size="${size%.png}"
  mkdir -p "$icons/${size}x${size}/apps"
  install -m 644 "$png" "$icons/${size}x${size}/apps/tingxie.png"
done
if [ -f "$icon_src/tingxie.svg" ]; then
  mkdir -p "$icons/scalable/apps"
  install -m 644 "$icon_src/tingxie.svg" "$icons/scalable/apps/tingxie.svg"
fi
refresh_caches
echo "Installed the Tingxie launcher: $apps/tingxie.desktop"
echo "  Exec=$exec_line"
