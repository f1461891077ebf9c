#!/usr/bin/env bats
# Chapter 08's JSON reader (chapters/08-oci/json.c), through a small driver,
# tests/json/json-test.c: it prints a file back in one canonical line, each
# value's path, or one value read as a type. The reader is strict RFC 8259:
# whatever the RFC does not allow is refused, each with one line naming the
# file, the line and the column and saying what was expected there; a key
# given twice, "\u0000", nesting deeper than 64 and a file over 4 MiB are
# refused too. Typed reads name the value's path ("a.b[2]", a["x.y"] for a
# key that is not a plain word) and the range an integer must be in; an
# integer is read exactly, from its digits.
#
# Nothing here needs root, a rootfs or ./ch08: the driver is built from the
# sources, into the test's own temporary directory.

load helpers
bats_require_minimum_version 1.5.0

JSON_SRCS=(chapters/08-oci/json.c common/err.c tests/json/json-test.c)
CFLAGS_STRICT=(-std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -I.)

# The VM lane may have no compiler: every test then skips, and says why.
setup_file() {
	cd "$REPO" || return 1
	command -v cc >/dev/null || return 0
	cc "${CFLAGS_STRICT[@]}" "${JSON_SRCS[@]}" -o "$BATS_FILE_TMPDIR/json-test"
}

setup() {
	JT=$BATS_FILE_TMPDIR/json-test
	[ -x "$JT" ] || skip "no C compiler (cc) to build the driver with"
	cd "$BATS_TEST_TMPDIR" || return 1
}

# Writes TEXT (printf's format: \n, \t, \xHH) to t.json and runs the driver on it.
j() { # TEXT [ARG...]
	# shellcheck disable=SC2059 # a format on purpose: \xHH writes any byte
	printf "$1" >t.json
	run "$JT" t.json "${@:2}"
}

# TEXT is refused with exactly MESSAGE, and exit status 125.
refused() { # TEXT MESSAGE [ARG...]
	j "$1" "${@:3}"
	assert_status 125
	assert_output "$2"
}

# TEXT is read, and printed back as CANONICAL.
reads_as() { # TEXT CANONICAL
	j "$1"
	assert_status 0
	assert_output "$2"
}

@test "json: every kind of value is read and printed back canonically" {
	reads_as ' {\r\n\t"a" : [ 1, -2.5e+3, 0, -0, 1E-2, true, false, null ],\n "b": {}, "c": [], "d": "" } \n' \
		'{"a":[1,-2.5e+3,0,-0,1E-2,true,false,null],"b":{},"c":[],"d":""}'
	reads_as '"top"' '"top"'
	reads_as '18446744073709551616000' '18446744073709551616000'
}

@test "json: escapes are decoded, a surrogate pair into one 4-byte UTF-8 character" {
	reads_as '["\\"\\\\\\/\\b\\f\\n\\r\\t", "\\u00e9\\u20AC", "\\ud83d\\ude00"]' \
		'["\"\\/\u0008\u000c\u000a\u000d\u0009","é€","😀"]'
	j '"\\ud83d\\ude00"' string
	assert_status 0
	assert_equal "$(printf '%s' "$output" | od -An -tx1 | tr -d ' ')" f09f9880 "the bytes of U+1F600"
	reads_as '"é€😀"' '"é€😀"'
}

@test "json: a trailing comma is refused, in an array and in an object" {
	refused '[1,2,]' "ch08: t.json:1:6: expected another item after ',' (no trailing comma)"
	refused '{"a":1,\n}' "ch08: t.json:2:1: expected another item after ',' (no trailing comma)"
	refused '[,]' "ch08: t.json:1:2: expected a value"
	refused '[1 2]' "ch08: t.json:1:4: expected ',' or ']'"
	refused '{"a":1 "b":2}' "ch08: t.json:1:8: expected ',' or '}'"
}

@test "json: comments are refused" {
	refused '// a comment\n{}' "ch08: t.json:1:1: expected a value"
	refused '{} /* a comment */' "ch08: t.json:1:4: expected the end of the text after the value"
	refused '{"a": 1 # a comment\n}' "ch08: t.json:1:9: expected ',' or '}'"
}

@test "json: numbers: no leading zero, no '+', no bare '.', no NaN or Infinity, no hex" {
	refused '[01]' "ch08: t.json:1:3: expected no leading zero"
	refused '[-01]' "ch08: t.json:1:4: expected no leading zero"
	refused '[+1]' "ch08: t.json:1:2: expected a value"
	refused '[.5]' "ch08: t.json:1:2: expected a value"
	refused '[1.]' "ch08: t.json:1:4: expected a digit after '.'"
	refused '[1e]' "ch08: t.json:1:4: expected a digit in the exponent"
	refused '[1e+]' "ch08: t.json:1:5: expected a digit in the exponent"
	refused '[-]' "ch08: t.json:1:3: expected a digit"
	refused '[NaN]' "ch08: t.json:1:2: expected a value"
	refused '[Infinity]' "ch08: t.json:1:2: expected a value"
	refused '[-Infinity]' "ch08: t.json:1:3: expected a digit"
	refused '[0x10]' "ch08: t.json:1:3: expected ',' or ']'"
}

@test "json: literals are true, false and null, in lower case and in full" {
	refused '[True]' "ch08: t.json:1:2: expected a value"
	refused '[NULL]' "ch08: t.json:1:2: expected a value"
	refused '[tru]' "ch08: t.json:1:2: expected a value"
	refused '[nullx]' "ch08: t.json:1:6: expected ',' or ']'"
}

@test "json: strings: double quotes, no raw control character, known escapes only" {
	refused "['a']" "ch08: t.json:1:2: expected a value"
	refused '["a\tb"]' 'ch08: t.json:1:4: expected no control character in a string (write it \u0009)'
	refused '["a\nb"]' 'ch08: t.json:1:4: expected no control character in a string (write it \u000A)'
	refused '["a\\x41"]' 'ch08: t.json:1:5: expected an escape: \" \\ \/ \b \f \n \r \t or \uXXXX'
	refused '["a\\u12"]' 'ch08: t.json:1:8: expected 4 hex digits after \u'
	refused '["abc' "ch08: t.json:1:6: expected '\"' to end the string"
	refused '{a:1}' "ch08: t.json:1:2: expected a key (a string)"
	refused '{"a" 1}' "ch08: t.json:1:6: expected ':' after the key"
}

@test "json: \\u0000 is refused, and a surrogate alone" {
	refused '["ab\\u0000"]' 'ch08: t.json:1:5: expected a character other than \u0000'
	refused '["\\ud83d"]' 'ch08: t.json:1:9: expected a low surrogate (\uDC00-\uDFFF) after a high one'
	refused '["\\ud83d\\u0041"]' 'ch08: t.json:1:9: expected a low surrogate (\uDC00-\uDFFF) after a high one'
	refused '["\\ude00"]' 'ch08: t.json:1:3: expected a high surrogate (\uD800-\uDBFF) before a low one'
}

@test "json: text that is not UTF-8 is refused: a stray byte, an overlong form, an encoded surrogate" {
	refused '["a\xff"]' "ch08: t.json:1:4: expected UTF-8 text"
	refused '["\xc0\xaf"]' "ch08: t.json:1:3: expected UTF-8 text"
	refused '["\xed\xa0\x80"]' "ch08: t.json:1:3: expected UTF-8 text"
	refused '["\xf4\x90\x80\x80"]' "ch08: t.json:1:3: expected UTF-8 text"
	refused '["\xe2\x82"]' "ch08: t.json:1:3: expected UTF-8 text"
	refused '\xef\xbb\xbf{}' "ch08: t.json:1:1: expected a value"
}

@test "json: a key given twice in one object is refused, at its second place" {
	refused '{"a": 1,\n "b": {"a": 2},\n "a": 3}' \
		'ch08: t.json:3:2: expected each key once: "a" is given twice'
	reads_as '[{"a":1},{"a":2}]' '[{"a":1},{"a":2}]'
}

@test "json: nesting 64 deep is read, 65 deep is refused" {
	local open64 close64
	open64=$(printf '%.0s[' {1..64}) close64=$(printf '%.0s]' {1..64})
	reads_as "$open64$close64" "$open64$close64"
	refused "[$open64$close64]" "ch08: t.json:1:65: expected at most 64 levels of nesting"
	refused '{"a":'"$open64"'' "ch08: t.json:1:69: expected at most 64 levels of nesting"
}

@test "json: one value and nothing after it: trailing garbage, a second value, an empty file" {
	refused '{} x' "ch08: t.json:1:4: expected the end of the text after the value"
	refused '{}\n{}' "ch08: t.json:2:1: expected the end of the text after the value"
	refused '' "ch08: t.json:1:1: expected a value"
	refused ' \n ' "ch08: t.json:2:2: expected a value"
	refused '[1]\x00' "ch08: t.json:1:4: expected the end of the text after the value"
	refused '[1,\n  2,\n  ]' "ch08: t.json:3:3: expected another item after ',' (no trailing comma)"
}

@test "json: a file over 4 MiB is refused, one that is missing named" {
	head -c $((4 * 1024 * 1024 - 2)) /dev/zero | tr '\0' ' ' >big.json
	printf '[]' >>big.json
	run "$JT" big.json
	assert_status 0
	assert_output '[]'
	printf ' ' >>big.json
	run "$JT" big.json
	assert_status 125
	assert_output "ch08: big.json: expected at most 4 MiB of JSON"
	run "$JT" missing.json
	assert_status 125
	assert_output "ch08: missing.json: No such file or directory"
}

@test "json: each value knows its path; a key that is not a plain word is in brackets" {
	j '{"process":{"args":["sh","-c"]},"linux":{"sysctl":{"net.ipv4.ip_forward":"1"}},"a b":[[0]]}' paths
	assert_status 0
	assert_output "
process
process.args
process.args[0]
process.args[1]
linux
linux.sysctl
linux.sysctl[\"net.ipv4.ip_forward\"]
[\"a b\"]
[\"a b\"][0]
[\"a b\"][0][0]"
	j '{"q\\"\\\\\\n": {"": 1}}' paths
	assert_status 0
	assert_output '
["q\"\\\u000a"]
["q\"\\\u000a"][""]'
}

@test "json: u64 reads 0 to 18446744073709551615 exactly, and refuses -1, 1.5, 1e3 and 2^64" {
	j '{"a":[18446744073709551615, 0, -0, 9007199254740993]}' u64 a 0
	assert_status 0
	assert_output 18446744073709551615
	j '{"a":[18446744073709551615, 0, -0, 9007199254740993]}' u64 a 3
	assert_output 9007199254740993
	j '{"a":[18446744073709551615, 0, -0]}' u64 a 2
	assert_output 0
	local n
	for n in -1 1.5 1e3 1.0 18446744073709551616 99999999999999999999999; do
		refused "{\"a\":{\"b\":[$n]}}" "ch08: a.b[0]: expected an integer from 0 to 18446744073709551615" u64 a b 0
	done
}

@test "json: i64 and u32 read their ranges, and name them" {
	j '[-9223372036854775808, 9223372036854775807, 4294967295]' i64 0
	assert_output -9223372036854775808
	j '[-9223372036854775808, 9223372036854775807, 4294967295]' i64 1
	assert_output 9223372036854775807
	j '[-9223372036854775808, 9223372036854775807, 4294967295]' u32 2
	assert_output 4294967295
	refused '[-9223372036854775809]' "ch08: [0]: expected an integer from -9223372036854775808 to 9223372036854775807" i64 0
	refused '[9223372036854775808]' "ch08: [0]: expected an integer from -9223372036854775808 to 9223372036854775807" i64 0
	refused '[4294967296]' "ch08: [0]: expected an integer from 0 to 4294967295" u32 0
	refused '[-1]' "ch08: [0]: expected an integer from 0 to 4294967295" u32 0
	j '[1.5e3]' double 0
	assert_output 1500
	refused '[1e999]' "ch08: [0]: expected a number a double can hold" double 0
}

@test "json: a value of the wrong type is refused, naming its path and the type expected" {
	refused '{"a":{"b":"1"}}' "ch08: a.b: expected a number" u64 a b
	refused '{"a":{"b":1}}' "ch08: a.b: expected a string" string a b
	refused '{"a":{"b":"true"}}' "ch08: a.b: expected true or false" bool a b
	refused '{"a":[1]}' "ch08: a: expected an object" string a b
	refused '[1]' "ch08: (top): expected an object" string a
	refused '{"a":{"b":"x"}}' "ch08: a.b: expected an array" strings a b
	refused '{"a":["x",2]}' "ch08: a[1]: expected a string" strings a
	j '{"a":["x","y z"]}' strings a
	assert_status 0
	assert_output "x
y z"
	j '{"a":{"b":null}}' bool a b
	assert_status 125
	assert_output "ch08: a.b: expected true or false"
}

@test "json: the driver builds with clang as well, and runs clean under AddressSanitizer and UBSan" {
	cd "$REPO"
	if command -v clang >/dev/null; then
		clang "${CFLAGS_STRICT[@]}" "${JSON_SRCS[@]}" -o "$BATS_TEST_TMPDIR/jt-clang"
	fi
	cc "${CFLAGS_STRICT[@]}" -g -fsanitize=address,undefined -fno-sanitize-recover=all \
		"${JSON_SRCS[@]}" -o "$BATS_TEST_TMPDIR/jt-san"
	cd "$BATS_TEST_TMPDIR"
	JT=$BATS_TEST_TMPDIR/jt-san
	reads_as '{"a":[1,"\\ud83d\\ude00",{"b":null}],"c":{"d":true}}' '{"a":[1,"😀",{"b":null}],"c":{"d":true}}'
	refused '{"a":1,"a":2}' 'ch08: t.json:1:8: expected each key once: "a" is given twice'
	refused '["\\ud83d' 'ch08: t.json:1:9: expected a low surrogate (\uDC00-\uDFFF) after a high one'
	refused '["abc' "ch08: t.json:1:6: expected '\"' to end the string"
	refused '["\xe2\x82' "ch08: t.json:1:3: expected UTF-8 text"
	refused '[1' "ch08: t.json:1:3: expected ',' or ']'"
	refused '[1e' "ch08: t.json:1:4: expected a digit in the exponent"
	refused '"\\u12' 'ch08: t.json:1:6: expected 4 hex digits after \u'
	j '[-9223372036854775808]' i64 0
	assert_output -9223372036854775808
	j '[18446744073709551615]' u64 0
	assert_output 18446744073709551615
}
