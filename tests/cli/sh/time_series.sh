# --as-of, --each date and --where through the real binary.
. "$(dirname "$0")/common.sh"
table=$source_dir/data/tables/eastern-flank-2022-02.csv
count() { grep -o "id=\"$1" "$2" | wc -l; }
"$posture" render --as-of 2022-02-02 -o feb02.svg
[ "$(count position- feb02.svg)" = 0 ] || fail "2 Feb: a Russian position is drawn"
[ "$(count movement-us- feb02.svg)" -gt 0 ] || fail "2 Feb: no US movement"
grep -q "as of 2 February 2022</text>" feb02.svg || fail "2 Feb: the subtitle does not say as of"
"$posture" render --as-of 2022-02-21 -o feb21.svg
grep -q 'id="position-ru-yelnya"' feb21.svg || fail "21 Feb: Yelnya is gone"
grep -q 'id="position-ru-by-brest"' feb21.svg && fail "21 Feb: Brest ended on the 20th"
"$posture" render --each date -o 'frame-{date}.svg' --alt-text 'frame-{date}.txt'
ls frame-*.svg | tr '\n' ' ' | grep -qx 'frame-2022-02-02.svg frame-2022-02-03.svg ' ||
  fail "--each date wrote $(ls frame-*.svg)"
grep -q "25,000 Russian troops at Yelnya" frame-2022-02-03.txt || fail "3 Feb alt text"
grep -q "Yelnya" frame-2022-02-02.txt && fail "2 Feb alt text has 3 Feb rows"
"$posture" render --where side=russia --where 'place=Yelnya|Gomel' -o two.svg
[ "$(count position- two.svg)" = 2 ] || fail "--where kept $(count position- two.svg) positions"
"$posture" render "$table" --where kind=MOVEMENT --extent 5,45,30,56 --set 'title.text=Moves' \
  -o moves.svg
grep -q '>Moves</text>' moves.svg || fail "--set title.text did not change the title"
[ "$(count position- moves.svg)" = 0 ] || fail "--where kind=movement drew positions"
expect_exit 65 "$posture" render --where side=martians -o none.svg 2>err.txt
grep -q "no rows left after --where" err.txt || fail "no message for an empty selection"
expect_exit 65 "$posture" render --as-of 1999-01-01 -o none.svg 2>err.txt
grep -q "no rows left after --as-of" err.txt || fail "no message for an early --as-of"
[ ! -e none.svg ] || fail "a failed render wrote none.svg"
