#!/bin/sh
# Run each C test executable, add up their "name: N passed, N failed" lines, and close with
# one total line.  An executable that exits non-zero without reporting a failed test (a crash,
# a sanitizer report) counts as one more failure.
passed=0
failed=0
for exe in "$@"; do
    out=$("$exe" 2>&1)
    status=$?
    printf '%s\n' "$out"
    line=$(printf '%s\n' "$out" | grep -E '^[a-z_]+: [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
    p=$(printf '%s' "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    f=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
    [ -n "$p" ] || p=0
    [ -n "$f" ] || f=0
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAILED $(basename "$exe"): exit status $status (crash or sanitizer report)"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done
echo "ctest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
