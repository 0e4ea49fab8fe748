#!/usr/bin/env bash
# tests/lint/format.sh: every C file the repository tracks is as clang-format
# (.clang-format at the root) would write it. Lists the files that are not
# and exits 1; `make format` rewrites them.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v clang-format >/dev/null || { echo "format: clang-format is not installed" >&2; exit 1; }
bad=()
while IFS= read -r f; do
	clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done < <(git ls-files '*.c' '*.h')
if [ ${#bad[@]} -gt 0 ]; then
	echo "format: these files differ from clang-format (run make format):"
	printf '  %s\n' "${bad[@]}"
	exit 1
fi
echo "format: every C file is clang-formatted"
