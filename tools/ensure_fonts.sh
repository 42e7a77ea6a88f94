#!/usr/bin/env bash
# Make sure a Times-metric serif with every Vietnamese glyph is installed for
# the PDF (Decree 30 asks for Times New Roman; Liberation Serif 2 and Tinos
# have its metrics). Debian's fonts-liberation (1.x) lacks the Vietnamese
# letters with two marks (ế, ở, ữ …): text would mix in glyphs of another font.
# fonts-liberation2 has them all. Installs it when missing and we may;
# otherwise the report falls back to DejaVu Serif, which also covers Vietnamese.
set -u
# ế ở ữ ặ ỵ đ ư: a serif family is good enough when it has all of them.
VI_CHARSET="1ebf 1edf 1eef 1eb7 1ef5 111 1b0"
has_vietnamese_serif() {
  local family="$1" code
  for code in $VI_CHARSET; do
    fc-list ":family=${family}:charset=${code}" family 2>/dev/null | grep -q . || return 1
  done
}
found() {
  local family
  for family in "Times New Roman" "Liberation Serif" "Tinos"; do
    if has_vietnamese_serif "$family"; then
      echo "$family"
      return 0
    fi
  done
  return 1
}
if found >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing fonts-liberation2 (a Times-metric serif with Vietnamese, for the PDF)…"
  if ! apt-get install -y -qq fonts-liberation2 >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq fonts-liberation2 >/dev/null 2>&1
  fi
  fc-cache -f >/dev/null 2>&1 || true
fi
if family=$(found); then
  echo "serif font for the PDF: ${family}"
else
  echo "note: no Times-metric serif with Vietnamese found; the PDF uses DejaVu Serif." >&2
fi
exit 0
