#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in $build/ and runs them.
#   fuzz/run.sh                     every target for 600 s (the documented long run)
#   fuzz/run.sh fuzz_markdown 60    one target for 60 s
#   fuzz/run.sh "" 15                every target for 15 s (the CI smoke run)
# FUZZ_BUILD=dir uses another build directory (run-tests.sh passes its sanitizer build).
# Seeds come from the bundled example (sections, registers) and a snapshot of the bad-input
# fixture; new inputs go to $build/corpus/<target>/. A crash leaves crash-* in
# $build/: copy it to fuzz/regressions/<target>/ so ctest replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${FUZZ_BUILD:-build-fuzz}
targets=${1:-}
seconds=${2:-600}
[ -n "$targets" ] || targets="fuzz_markdown fuzz_register fuzz_pattern fuzz_verify fuzz_dot fuzz_import"
cxx=$(command -v clang++-14 || command -v clang++ || true)
if [ -z "$cxx" ]; then
  echo "fuzz: clang++ not found (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 77
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER="$cxx" \
  -DIMSDOC_SANITIZE=ON -DIMSDOC_FUZZ=ON >/dev/null
cmake --build "$build" --target imsdoc $targets
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in $targets; do
  corpus=$build/corpus/$t
  mkdir -p "$corpus"
  case $t in
    fuzz_markdown) cp -n content/*/*.md tests/bad-input/base/content/*.md "$corpus"/ 2>/dev/null || true ;;
    fuzz_register) cp -n registers/*.yaml tests/bad-input/base/registers/*.yaml "$corpus"/ 2>/dev/null || true ;;
    fuzz_pattern)
      # The built-in schemas' id_patterns, each with a text to match ("risks-01").
      for f in generator/schemas/*.yaml; do
        p=$(sed -n 's/^id_pattern: "\(.*\)"$/\1/p' "$f")
        [ -n "$p" ] && printf '%s\0%s' "$p" "$(basename "$f" .yaml)-01" >"$corpus/$(basename "$f" .yaml)"
      done ;;
    fuzz_dot) cp -n diagrams/*.dot "$corpus"/ 2>/dev/null || true ;;
    fuzz_import)
      # word/document.xml of the fixture's Word edition.
      [ -e "$corpus/document.xml" ] || (cd tests/bad-input/base && SOURCE_DATE_EPOCH=0 \
        "$OLDPWD/$build/imsdoc" docx -q -o "$OLDPWD/$corpus/seed.docx" &&
        unzip -p "$OLDPWD/$corpus/seed.docx" word/document.xml >"$OLDPWD/$corpus/document.xml" &&
        rm "$OLDPWD/$corpus/seed.docx") ;;
    fuzz_verify)
      [ -e "$corpus/seed.zip" ] || (cd tests/bad-input/base && SOURCE_DATE_EPOCH=0 \
        "$OLDPWD/$build/imsdoc" snapshot -q -o "$OLDPWD/$corpus/seed.zip") ;;
  esac
  echo "== $t for $seconds s"
  (cd "$build" && ./fuzz/$t -max_total_time="$seconds" -max_len=65536 -timeout=20 \
     -print_final_stats=1 "corpus/$t" ../fuzz/regressions/$t)
done
