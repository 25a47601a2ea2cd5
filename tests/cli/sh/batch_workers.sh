# posture batch --workers: jobs rendered at once give the same maps, reports, messages (in job
# order), summary and exit code as one job at a time; a job file that names one output twice
# runs one job at a time; a shapefile's loading warnings are given to every job that uses it.
. "$(dirname "$0")/common.sh"
mkdir jobs
cp "$tables/readme-example.csv" jobs/table.csv
# A shapefile without its .prj: loading it warns.
mkdir jobs/noprj
for ext in shp shx dbf cpg; do
  cp "$source_dir/shapefiles/ne_50m_admin_0_countries.$ext" "jobs/noprj/countries.$ext"
done
cat >jobs/jobs.csv <<CSV
name,table,extent,each,width,height,set,outputs,report
wide,table.csv,,,800,600,,{name}.png;{name}.svg,{name}.json
narrow,table.csv,"20,45,30,52",,640,480,,{name}.png,{name}.json
missing,nope.csv,,,,,,{name}.svg,
noprj-a,table.csv,,,640,480,map.shapefile=$work/jobs/noprj/countries.shp,{name}.png,{name}.json
frames,table.csv,"15,44,35,56",date,480,360,,frames/{date}.png,
bad-set,table.csv,,,,,map.nonsense=1,{name}.svg,
noprj-b,table.csv,"20,45,30,52",,640,480,map.shapefile=$work/jobs/noprj/countries.shp,{name}.svg,{name}.json
pdf,table.csv,,,,,,{name}.pdf,
CSV
# Each run writes out/ (reports name their outputs), kept as outW (0: the default workers).
for w in 1 2 3 0; do
  workers=(--workers "$w")
  [ "$w" = 0 ] && workers=()
  expect_exit 66 "$posture" batch jobs/jobs.csv --out-dir out "${workers[@]}" 2>"err$w.txt"
  mv out "out$w"
done
grep -q 'jobs/jobs.csv:4: jobs/nope.csv: cannot read' err1.txt || fail "missing table: $(cat err1.txt)"
grep -q '^posture: 2 of 8 jobs failed$' err1.txt || fail "summary: $(cat err1.txt)"
for job in 5 8; do
  grep -q "jobs/jobs.csv:$job: .*countries.prj: missing; assuming WGS84" err1.txt ||
    fail "job $job did not warn of the missing .prj: $(cat err1.txt)"
done
grep -q 'countries.prj: missing' out1/noprj-b.json || fail "the second job's report lacks the .prj warning"
for w in 0 2 3; do
  diff err1.txt "err$w.txt" || fail "--workers $w: other messages than one job at a time"
  diff -r out1 "out$w" || fail "--workers $w: other files than one job at a time"
done
[ "$(ls out1/frames | wc -l)" -ge 2 ] || fail "each date: $(ls out1/frames)"
# One name twice: the later job fails, as one job at a time would have it, with any workers.
printf 'name,outputs\na,same.svg\nb,same.svg\nc,other.svg\n' >twice.csv
for w in 1 2; do
  expect_exit 64 "$posture" batch twice.csv --out-dir t --workers "$w" 2>"t$w.txt"
  mv t "t$w"
done
diff t1.txt t2.txt || fail "a repeated name with workers"
grep -q 'twice.csv:3: outputs: t/same.svg is written by an earlier job too' t2.txt || fail "$(cat t2.txt)"
[ -s t2/same.svg ] && [ -s t2/other.svg ] || fail "the other jobs of a repeated name"
# --workers takes 1 to 64, and only for batch.
for bad in 0 65 x 2x ""; do
  expect_exit 64 "$posture" batch twice.csv --workers "$bad" 2>bad.txt
  grep -q -- '--workers' bad.txt || fail "--workers $bad: $(cat bad.txt)"
done
expect_exit 64 "$posture" render --workers 2 2>/dev/null
# A batch's maps are the bytes `posture render` gives for them, with workers too. Regression: a
# worker once drew its image in one pass, where a map drawn alone has two bands of rows; on
# this extent one pixel where the bands meet came out a shade different (row 600, x 1161).
extent="9.786,43.187,40.214,58.813"
"$posture" render --extent "$extent" -o alone.png 2>/dev/null
printf 'name,extent,outputs\nfirst,"15,44,35,56",{name}.png\nsecond,"%s",{name}.png\n' \
  "$extent" >same.csv
for w in 1 2; do
  "$posture" batch same.csv --out-dir "same$w" --workers "$w" 2>/dev/null
  cmp -s alone.png "same$w/second.png" || fail "batch --workers $w differs from render"
done
