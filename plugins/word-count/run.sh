#!/bin/sh
# Prints WORDS=<number of words in "$FILE">; with PARAM_MIN_LENGTH=n only words of at least n characters count.
set -eu

if [ -z "${FILE:-}" ]; then
    echo "input FILE is not set" >&2
    exit 2
fi
if [ ! -r "$FILE" ]; then
    echo "cannot read file: $FILE" >&2
    exit 2
fi

min_length="${PARAM_MIN_LENGTH:-1}"
case "$min_length" in
    '' | *[!0-9]*)
        echo "min_length must be a non-negative integer, got: $min_length" >&2
        exit 2
        ;;
esac

if [ "$min_length" -le 1 ]; then
    words=$(wc -w < "$FILE")
else
    words=$(tr -s '[:space:]' '\n' < "$FILE" | awk -v min="$min_length" 'length($0) >= min' | wc -l)
fi
# Some wc implementations pad the count with spaces.
words=$(printf '%s' "$words" | tr -d '[:space:]')
echo "WORDS=$words"
