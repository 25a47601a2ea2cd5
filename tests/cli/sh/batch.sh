# posture batch: outputs from templates inside the output directory, failures reported with
# the job's line while the other jobs render, the first failure's exit code, shards.
. "$(dirname "$0")/common.sh"
mkdir jobs
cp "$tables/readme-example.csv" jobs/table.csv
cat >jobs/jobs.csv <<'CSV'
name,table,where,as_of,each,width,height,set,outputs,report,alt_text
all,table.csv,,,,800,600,,maps/{name}-{width}.png;maps/{name}.svg,,
russia,table.csv,side=russia,,,,,title.text=Russia,maps/{name}.svg,maps/{name}.json,maps/{name}.txt
frames,table.csv,,,date,,,,frames/{date}.svg,,
missing,nope.csv,,,,,,,maps/{name}.svg,,
escape,table.csv,,,,,,,../{name}.svg,,
unknown,table.csv,,,,,,,maps/{colour}.svg,,
twice,table.csv,,,,,,,maps/all.svg,,
CSV
expect_exit 66 "$posture" batch jobs/jobs.csv 2>err.txt
cat >want.txt <<'TXT'
posture: jobs/jobs.csv:5: jobs/nope.csv: cannot read: No such file or directory
posture: jobs/jobs.csv:6: outputs: "../escape.svg" leaves the output directory (".."); --allow-any-path lifts this
posture: jobs/jobs.csv:7: outputs: "maps/{colour}.svg": unknown placeholder (use {name}, {date}, {preset}, {width}, {height} or {index})
posture: jobs/jobs.csv:8: outputs: jobs/maps/all.svg is written by an earlier job too
posture: 4 of 7 jobs failed
TXT
diff want.txt <(grep -v '^posture: warning:' err.txt) || fail "batch messages"
for f in maps/all-800.png maps/all.svg maps/russia.svg maps/russia.json maps/russia.txt \
  frames/2022-02-02.svg frames/2022-02-03.svg; do
  [ -s "jobs/$f" ] || fail "jobs/$f was not written"
done
grep -q '>Russia</text>' jobs/maps/russia.svg || fail "the set column did not apply"
grep -q 'movement-' jobs/maps/russia.svg && fail "the where column did not apply"
[ ! -e escape.svg ] || fail "an output escaped the output directory"
# --out-dir, and --allow-any-path for an absolute name.
printf 'name,outputs\nabs,%s/abs.svg\n' "$work" >abs.csv
expect_exit 64 "$posture" batch abs.csv --out-dir elsewhere 2>/dev/null
"$posture" batch abs.csv --allow-any-path
[ -s abs.svg ] || fail "--allow-any-path did not write abs.svg"
printf 'name,outputs\nrel,{name}/{index}.svg\n' | "$posture" batch - --out-dir out/deep
[ -s out/deep/rel/1.svg ] || fail "--out-dir with jobs from stdin"
# Shards: each job in exactly one of three shards, and together all of them.
{
  echo name,outputs
  for i in 1 2 3 4 5 6 7; do echo "j$i,{name}.svg"; done
} >seven.csv
for k in 1 2 3; do "$posture" batch seven.csv --out-dir "shard$k" --shard "$k/3"; done
[ "$(ls shard1 | tr '\n' ' ')" = "j1.svg j4.svg j7.svg " ] || fail "shard 1/3: $(ls shard1)"
[ "$(ls shard2 | tr '\n' ' ')" = "j2.svg j5.svg " ] || fail "shard 2/3: $(ls shard2)"
[ "$(ls shard3 | tr '\n' ' ')" = "j3.svg j6.svg " ] || fail "shard 3/3: $(ls shard3)"
expect_exit 64 "$posture" batch seven.csv --shard 4/3 2>/dev/null
expect_exit 64 "$posture" batch seven.csv --shard 0/3 2>/dev/null
# A job file whose header is wrong stops before any job.
printf 'name,output\nx,x.svg\n' >typo.csv
expect_exit 65 "$posture" batch typo.csv 2>err.txt
grep -q 'typo.csv:1: unknown column "output"' err.txt || fail "$(cat err.txt)"
# The command makes the first style's font files fontconfig's configuration (so fontconfig
# never reads the machine's): a later job whose style names no files must still get the
# machine's fonts, exactly as a render of its own would.
printf 'name,set,outputs\nfiles,,a.png\nmachine,fonts.files=;fonts.family=DejaVu Serif,b.png\n' >fonts.csv
"$posture" batch fonts.csv --out-dir fonts
"$posture" render --set fonts.files= --set "fonts.family=DejaVu Serif" -o fonts/alone.png
cmp -s fonts/b.png fonts/alone.png || fail "a job with the machine's fonts after one with files"
