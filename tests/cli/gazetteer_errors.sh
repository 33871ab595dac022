# A missing, truncated, corrupt or newer-version index: exit 2 and a message
# naming the file and the reason; never a crash.
. "$EVMAP_TESTS/cli/lib.sh"

expect_status 2 "$EVMAP" lookup Vladivostok --gazetteer "$TMP/missing.idx"
expect_grep "missing.idx: cannot open gazetteer index" "$TMP/err"

head -c 100000 "$EVMAP_IDX" >"$TMP/trunc.idx"
expect_status 2 "$EVMAP" lookup Vladivostok --gazetteer "$TMP/trunc.idx"
expect_grep "trunc.idx: truncated" "$TMP/err"

head -c 40 "$EVMAP_IDX" >"$TMP/tiny.idx"
expect_status 2 "$EVMAP" lookup Vladivostok --gazetteer "$TMP/tiny.idx"
expect_grep "tiny.idx: truncated" "$TMP/err"

# One flipped byte in the middle of the payload.
cp "$EVMAP_IDX" "$TMP/corrupt.idx"
size=$(stat -c %s "$TMP/corrupt.idx")
printf '\x5a' | dd of="$TMP/corrupt.idx" bs=1 seek=$((size / 2)) conv=notrunc status=none
expect_status 2 "$EVMAP" lookup Vladivostok --gazetteer "$TMP/corrupt.idx"
expect_grep "corrupt.idx: corrupt gazetteer index: checksum mismatch" "$TMP/err"

# A newer format version (bytes 8..11, little-endian).
cp "$EVMAP_IDX" "$TMP/newer.idx"
printf '\x63\x00\x00\x00' | dd of="$TMP/newer.idx" bs=1 seek=8 conv=notrunc status=none
expect_status 2 "$EVMAP" lookup Vladivostok --gazetteer "$TMP/newer.idx"
expect_grep "newer.idx: gazetteer index format version 99 is newer" "$TMP/err"

# Not an index at all.
echo "hello" >"$TMP/text.idx"
expect_status 2 "$EVMAP" lookup Vladivostok --gazetteer "$TMP/text.idx"
expect_grep "text.idx: (not an evmap gazetteer index|truncated)" "$TMP/err"

# A directory.
expect_status 2 "$EVMAP" lookup Vladivostok --gazetteer "$TMP"
expect_grep "not a regular file" "$TMP/err"

# EVMAP_GAZETTEER selects the index too.
EVMAP_GAZETTEER="$TMP/corrupt.idx" expect_status 2 "$EVMAP" lookup Vladivostok
expect_grep "corrupt.idx" "$TMP/err"
EVMAP_GAZETTEER="$EVMAP_IDX" expect_status 0 "$EVMAP" lookup Vladivostok
finish
