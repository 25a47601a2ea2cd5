# The same inputs give the same bytes: two processes, each format, with and without
# SOURCE_DATE_EPOCH, and a batch of one job gives what render gives.
. "$(dirname "$0")/common.sh"
for run in 1 2; do
  mkdir "run$run"
  (
    cd "run$run"
    "$posture" render -o a.png -o a.svg -o a.pdf --report a.json --alt-text a.txt
    SOURCE_DATE_EPOCH=1644000000 "$posture" render "$tables/readme-example.csv" \
      -o b.png -o b.svg -o b.pdf
  )
done
for f in a.png a.svg a.pdf a.json a.txt b.png b.svg b.pdf; do
  cmp "run1/$f" "run2/$f" || fail "$f differs between two runs"
done
cmp run1/a.pdf run1/b.pdf >/dev/null && fail "different maps gave the same PDF"
grep -aq "1970-01-01\|19700101" run1/a.pdf || fail "a PDF without SOURCE_DATE_EPOCH is not dated 1970"
grep -aq "2022-02-04\|20220204" run1/b.pdf || fail "SOURCE_DATE_EPOCH is not the PDF's date"
# A batch (one session for all jobs) draws the same bytes as separate renders.
printf 'name,outputs\nfirst,{name}.png;{name}.svg;{name}.pdf\nsecond,{name}.png;{name}.svg;{name}.pdf\n' >jobs.csv
"$posture" batch jobs.csv
for f in first second; do
  for ext in png svg pdf; do
    cmp "$f.$ext" "run1/a.$ext" || fail "batch job $f.$ext differs from posture render"
  done
done
