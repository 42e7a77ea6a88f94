#!/usr/bin/env bash
# Make sure a Times-metric serif with every Vietnamese glyph is installed for
# the PDF (Decree 30 asks for Times New Roman; Liberation Serif has its metrics).
# Installs Debian's fonts-liberation when it is missing and we may; otherwise
# the report falls back to DejaVu Serif, which also covers Vietnamese.
set -u
if fc-list 2>/dev/null | grep -qiE "Times New Roman|Liberation Serif|Tinos"; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing fonts-liberation (a Times-metric serif for the PDF)…"
  if ! apt-get install -y -qq fonts-liberation >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq fonts-liberation >/dev/null 2>&1
  fi
fi
if fc-list 2>/dev/null | grep -qi "Liberation Serif"; then
  echo "fonts-liberation installed."
else
  echo "note: no Times-metric serif found; the PDF uses DejaVu Serif." >&2
fi
exit 0
