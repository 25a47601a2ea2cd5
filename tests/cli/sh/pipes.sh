# A table from standard input, maps and texts to standard output.
. "$(dirname "$0")/common.sh"
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR"
"$posture" render "$tables/readme-example.csv" -o file.svg
"$posture" render - -o stdin.svg <"$tables/readme-example.csv"
cmp <(sed 's/readme-example.csv/TABLE/g' file.svg) <(sed 's/<stdin>/TABLE/g' stdin.svg) ||
  fail "a table from stdin draws another map"
"$posture" render "$tables/readme-example.csv" -o - --format png >out.png
[ "$(head -c 8 out.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "-o - png"
cat "$tables/readme-example.csv" | "$posture" render - --format svg >out.svg
cmp out.svg stdin.svg || fail "--format svg alone differs from -o stdin.svg"
"$posture" render --format pdf >out.pdf
[ "$(head -c 5 out.pdf)" = "%PDF-" ] || fail "--format pdf"
"$posture" render -o map.svg --alt-text - | grep -q '^Map: ' || fail "--alt-text -"
"$posture" render -o map.svg --report - | python3 -m json.tool >/dev/null || fail "--report -"
expect_exit 64 "$posture" render -o - 2>err.txt
grep -q -- "-o -: give the format with --format" err.txt || fail "-o - without --format"
expect_exit 64 "$posture" render -o - --format svg --report - 2>/dev/null
expect_exit 65 "$posture" render - -o x.svg <<<'side,place,troops
US,Rzeszuw,100' 2>err.txt
grep -q '^posture: <stdin>:2: unknown place "Rzeszuw"' err.txt || fail "stdin in messages"
[ -z "$(ls -A "$TMPDIR")" ] || fail "left in TMPDIR: $(ls -A "$TMPDIR")"
