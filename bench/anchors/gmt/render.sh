#!/usr/bin/env bash
# Adapted from shared/bench/anchors (the project's anchor study, RESULTS-anchors.md); only the data paths changed: CSVs from bench/data/, shapefiles from bench/work/ne/ (made by bench/make-data.sh; BENCH_NE overrides).
# GMT 6 anchor for the "eastern-flank" standard map.
# Usage: render.sh OUTDIR [SCALE=50m] [FORMATS=png,svg] [BATCH=1]
#   SCALE   50m | 10m   (reads ../../work/ne/countries-SCALE.shp, via GMT's built-in ogr2ogr call)
#   FORMATS comma list of png, svg.  GMT cannot write SVG: "svg" makes GMT write a PDF and
#           converts it with pdftocairo -svg (poppler-utils).
#   BATCH   1 = the standard map (eastern-flank.*); N>1 = N maps with zoomed extents
#           (batch-00.png ...), PNG only, one gmt begin/end session each.
# Needs: gmt ghostscript gdal-bin gawk poppler-utils (Debian 12). (gmt-dcw/gmt-gshhg are not
# used: countries come from the Natural Earth shapefile, not from gmt coast.)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="$HERE/../../data"; NE="${BENCH_NE:-$HERE/../../work/ne}"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"; SCALE="${2:-50m}"; FORMATS="${3:-png,svg}"; BATCH="${4:-1}"
# ANCHOR_GMT_SRC=gmt reads the pre-converted OGR/GMT text file (make-data.sh) instead of the .shp,
# skipping the ogr2ogr call GMT makes for every .shp it opens.
# ANCHOR_GMT_SRC=coast ignores Natural Earth and uses GMT's own data (NOT the same input): gmt coast
# with GSHHG coastlines/borders (-Di for 50m, -Dh for 10m) and DCW country polygons for -E fills
# (needs gmt-dcw gmt-gshhg-low gmt-gshhg-high).
SRC="${ANCHOR_GMT_SRC:-shp}"
SHP="$NE/countries-$SCALE.$SRC"
WORK="$(mktemp -d /tmp/gmt-anchor.XXXXXX)"; trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export GMT_SESSION_NAME="anchor$$" GMT_TMPDIR="$WORK"

# --- country groups -> categorical CPT keyed by ISO numeric id; unlisted ids -> NaN colour (others)
FLANK="233 428 440 616 703 348 642 100"
NATO="8 56 124 191 203 208 250 276 300 352 380 442 499 528 807 578 620 705 724 792 826 840"
{ for i in $FLANK; do echo "$i 43/108/176"; done
  for i in $NATO;  do echo "$i 158/197/232"; done
  echo "804 247/213/74"; echo "643 227/154/143"; echo "112 227/154/143"; } | sort -n > groups.cpt
echo "N 228/228/224" >> groups.cpt

# --- deployments.csv (quoted fields) -> plain GMT tables
gawk -v FPAT='([^,]*)|("[^"]*")' -v OFS='\t' '
  NR==1 {next}
  { for (i=1;i<=NF;i++) gsub(/^"|"$/, "", $i) }
  $3=="movement" { printf("> %s\n%s\t%s\n%s\t%s\n", $1, $5, $6, $8, $9) > "moves.txt"
                   print $8, $9, 6 > "labels.txt"; print $11 > "labels.str" }
  $3=="position" { d = 2*0.3*sqrt($10)/100        # diameter in inch: radius px = 0.3*sqrt(troops), 100 dpi
                   print $8, $9, d > "circles.txt"
                   print $8, $9, 0.3*sqrt($10)+5 > "labels.txt"; print $11 > "labels.str" }' "$DATA/deployments.csv"
gawk -F, 'NR>1 {print $3, $4, $2}' "$DATA/country-labels.csv" > countries.txt

# countries with their id as segment -Z value (GMT calls ogr2ogr on the .shp behind the scenes)
# (features with an empty id, e.g. Kosovo, come out as "> -Z" and would reuse a stale colour: force NaN)
[ "$SRC" = coast ] || gmt convert "$SHP" -aZ=id -Vq | sed 's/^> -Z$/> -ZNaN/' > countries.gmt
RES=i; [ "$SCALE" = 10m ] && RES=h

TITLE="NATO's eastern flank: US reinforcements and Russian build-up, February 2022"
SOURCE="Sources: US DoD announcement 2 Feb 2022, press reports (as reported). Russian totals (~100,000 near Ukraine, ~30,000 in Belarus) split evenly over points for illustration. Boundaries: Natural Earth."
[ "$SRC" = coast ] && SOURCE="${SOURCE/Natural Earth/GSHHG + DCW (gmt coast)}"

draw() {  # $1 = -R string
  local R="$1" J="-JA25/50/16i"
  gmt basemap $R $J -B+n+g214/230/242
  if [ "$SRC" = coast ]; then
    gmt coast -D$RES -A50 -S214/230/242 -G228/228/224 -W0.36p,85/85/85 -N1/0.36p,85/85/85 \
      -EEE,LV,LT,PL,SK,HU,RO,BG+g43/108/176 -EUA+g247/213/74 -ERU,BY+g227/154/143 \
      -EAL,BE,CA,HR,CZ,DK,FR,DE,GR,IS,IT,LU,ME,NL,MK,NO,PT,SI,ES,TR,GB,US+g158/197/232
  else
    gmt plot countries.gmt -Cgroups.cpt -G+z -W0.36p,85/85/85 -Vq
  fi
  gmt plot circles.txt -Sci -G178/24/43 -W0.6p,103/0/31 -t35
  gmt plot moves.txt -A -W1.8p,8/48/107+ve0.16i+g8/48/107+a40+h0.5
  gmt text countries.txt -F+f9.5p,Helvetica-Bold,70/70/70+jCM
  # deployment labels: project to paper inches, shift right by the symbol radius
  gmt mapproject labels.txt --PROJ_LENGTH_UNIT=inch | paste - labels.str |
    gawk -F'\t' -v OFS='\t' '{print $1+$3/100, $2, $4}' > labels.xy
  # (GMT never clips text to the frame, and text past it would grow the auto-cropped PNG: clip path)
  printf '0 0\n16 0\n16 12\n0 12\n' | gmt clip -R0/16/0/12 -JX16i/12i
  gmt text labels.xy -F+f8.6p,Helvetica,17/17/17=~1.5p,white+jLM -N
  gmt clip -C
  gmt text -F+f18.7p,Helvetica-Bold,black+cTL+t"$TITLE" -Dj0.2i/0.2i -Gwhite@20
  gmt text -F+f8.6p,Helvetica,50/50/50+cBL+t"$SOURCE" -Dj0.15i/0.12i -Gwhite@20
}

if [ "$BATCH" -le 1 ]; then
  fmts="png"; case ",$FORMATS," in *,svg,*) fmts="png,pdf";; esac
  case ",$FORMATS," in *,png,*) ;; *) fmts="pdf";; esac
  gmt begin eastern-flank "$fmts" E100
    draw "-R-1500/1500/-1000/1250+uk"
  gmt end
  case ",$FORMATS," in *,png,*) cp eastern-flank.png "$OUT/";; esac
  case ",$FORMATS," in *,svg,*) pdftocairo -svg eastern-flank.pdf "$OUT/eastern-flank.svg";; esac
else
  for ((i=0;i<BATCH;i++)); do
    read -r x0 x1 y0 y1 < <(gawk -v i=$i 'BEGIN{f=0.70+0.03*i; printf "%g %g %g %g\n", -1500*f, 1500*f, 125-1125*f, 125+1125*f}')
    name=$(printf 'batch-%02d' "$i")
    gmt begin "$name" png E100
      draw "-R$x0/$x1/$y0/$y1+uk"
    gmt end
    cp "$name.png" "$OUT/"
  done
fi
