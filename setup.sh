#!/usr/bin/env bash
# Sets up a Debian 12 machine for imsdoc and builds it: installs the packages listed in
# tools/debian-packages.txt (as root, or through sudo), configures and builds build/imsdoc.
#   ./setup.sh              install packages, build
#   ./setup.sh --no-install build only (packages already present)
set -euo pipefail
cd "$(dirname "$0")"

install=1
[ "${1:-}" = "--no-install" ] && install=0

if [ "$install" = 1 ]; then
  packages=$(grep -v '^#' tools/debian-packages.txt | xargs)
  missing=$(dpkg-query -W -f='${Package} ${Status}\n' $packages 2>/dev/null |
            awk '$NF != "installed" {print $1}' || true)
  # dpkg-query prints nothing for packages it has never heard of: compare the counts too.
  known=$(dpkg-query -W -f='${Package}\n' $packages 2>/dev/null | wc -l || true)
  if [ -n "$missing" ] || [ "$known" -lt "$(echo $packages | wc -w)" ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "setup: installing Debian packages (apt-get)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $packages
  fi
fi

# The configuration run-tests.sh uses, so that it reuses this build: Release, and warnings as
# errors, which Debian 12's compilers do not raise (IMSDOC_WERROR=OFF ./setup.sh elsewhere).
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DIMSDOC_WERROR="${IMSDOC_WERROR:-ON}"
cmake --build build
echo "setup: built build/imsdoc ($(./build/imsdoc --version))"
