#!/usr/bin/env bash
# Installs the Debian packages the tests need, when they are missing. Idempotent, and quick when
# everything is there already: apt's package lists are refreshed only when apt needs them.
set -euo pipefail

PACKAGES=(
  # The browser that shows the VS Code workbench in the integration tests, and CJK glyphs for it.
  chromium fonts-noto-cjk
  # code-server compiles its native modules (kerberos among them) when it is first installed.
  build-essential python3 libkrb5-dev
  # Python libraries whose async APIs the tests run real code against.
  python3-aiohttp python3-websockets python3-aiofiles python3-httpx python3-trio
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"

needs_update=false
for package in "${missing[@]}"; do
  if ! apt-cache show "$package" >/dev/null 2>&1; then needs_update=true; break; fi
done
if $needs_update; then $SUDO apt-get update -qq; fi

# Lists that are present but stale point at files the mirror no longer has: refresh and retry once.
if ! $SUDO apt-get install -y -qq "${missing[@]}"; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}"
fi
