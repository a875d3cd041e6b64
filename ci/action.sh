#!/usr/bin/env bash
# The steps of the ddiverify GitHub Action (action.yml), runnable anywhere: install
# ddiverify from this checkout, then check the driver with the inputs given as
# environment variables. The SARIF report is always written; the exit status is
# ddiverify's (0 clean, 1 defects, 2 could not run, 3 inconclusive) once it exists.
#
#   DDIVERIFY_PATH  driver folder, .vcxproj, .sln, sources or dirs file (default: .)
#   DDIVERIFY_RULES rule list (default: Default)
#   DDIVERIFY_CONFIGURATION, DDIVERIFY_PLATFORM  project configuration (optional)
#   DDIVERIFY_ARGS  further arguments, split on spaces (optional)
#   DDIVERIFY_SARIF where the SARIF goes (default: ddiverify.sarif)
#   DDIVERIFY_INSTALL  "false" to use the ddiverify already installed
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${DDIVERIFY_INSTALL:-true}" != "false" ]; then
  python -m pip install --quiet "$here" || exit 2
fi
args=(check "${DDIVERIFY_PATH:-.}" --rules "${DDIVERIFY_RULES:-Default}"
      --format sarif --output "${DDIVERIFY_SARIF:-ddiverify.sarif}")
[ -n "${DDIVERIFY_CONFIGURATION:-}" ] && args+=(--configuration "$DDIVERIFY_CONFIGURATION")
[ -n "${DDIVERIFY_PLATFORM:-}" ] && args+=(--platform "$DDIVERIFY_PLATFORM")
# shellcheck disable=SC2206
[ -n "${DDIVERIFY_ARGS:-}" ] && args+=(${DDIVERIFY_ARGS})
python -m ddiverify "${args[@]}"
