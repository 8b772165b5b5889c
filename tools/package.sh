#!/usr/bin/env bash
# Builds, installs and packages imsdoc: the steps the Dockerfile runs, and the ones
# tests/cli/package_test.py runs on the test suite's own build tree.
#   tools/package.sh deps               install the Debian packages needed to build (as root)
#   tools/package.sh build BUILD OUT    configure BUILD as Release without tests (unless it is
#                                       configured already), build imsdoc, install it into OUT/prefix and
#                                       write OUT/imsdoc_<version>_<arch>.deb and OUT/imsdoc-*.tar.gz
# Extra arguments after OUT go to the first configure, e.g. -DCMAKE_CXX_COMPILER=clang++-14.
# IMSDOC_PACKAGE_PREBUILT=1 skips configuring and building: BUILD is built already (the tests
# use it, so that no binary other tests are running is relinked under them).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)

case ${1:-} in
  deps)
    # The build part of the one package list (from "# build" to "# tests").
    packages=$(awk '/^# build/ {on = 1} /^# tests/ {on = 0} on && !/^#/ && NF {print $1}' \
               "$src/tools/debian-packages.txt")
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $packages
    ;;
  build)
    [ $# -ge 3 ] || { echo "usage: tools/package.sh build BUILD OUT [cmake args]" >&2; exit 2; }
    build=$2 out=$3
    shift 3
    if [ "${IMSDOC_PACKAGE_PREBUILT:-}" != 1 ]; then
      if [ ! -f "$build/CMakeCache.txt" ]; then
        cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF "$@"
      fi
      cmake --build "$build" --target imsdoc
    fi
    mkdir -p "$out"
    out=$(cd "$out" && pwd)
    rm -rf "$out/prefix"
    cmake --install "$build" --prefix "$out/prefix"
    "$out/prefix/bin/imsdoc" --version
    # Packages carry the commit's date, not the clock's (reproducible .deb and .tar.gz).
    if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
      SOURCE_DATE_EPOCH=$(git -C "$src" log -1 --format=%ct 2>/dev/null || echo 0)
      export SOURCE_DATE_EPOCH
    fi
    cpack --config "$build/CPackConfig.cmake" -G "DEB;TGZ" -B "$out/cpack"
    mv "$out"/cpack/imsdoc*.deb "$out"/cpack/imsdoc*.tar.gz "$out/"
    rm -rf "$out/cpack"
    ls "$out"/imsdoc*.deb "$out"/imsdoc*.tar.gz
    ;;
  *)
    sed -n '2,9p' "$0" >&2
    exit 2
    ;;
esac
