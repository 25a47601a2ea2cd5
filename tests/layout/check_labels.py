#!/usr/bin/env python3
"""Renders a map with --report and checks its labels: no two label boxes intersect, none covers
a symbol, and the placement is the same at --scale 1, 2 and 3.

usage: check_labels.py POSTURE OUT_DIR [posture render arguments...]
"""
import json
import subprocess
import sys


def render(posture, out_dir, args, scale):
    report = f"{out_dir}/report-{scale}.json"
    subprocess.run([posture, "render", *args, "--scale", str(scale), "-o",
                    f"{out_dir}/map-{scale}.png", "--report", report], check=True)
    with open(report, encoding="utf-8") as f:
        return json.load(f)


def overlap(a, b, slack=0.01):
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


def box_meets_circle(box, centre, radius):
    x = max(box[0], min(centre[0], box[2]))
    y = max(box[1], min(centre[1], box[3]))
    return (x - centre[0]) ** 2 + (y - centre[1]) ** 2 < (radius - 0.01) ** 2


def main():
    posture, out_dir, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    report = render(posture, out_dir, args, 1)
    labels = [t for t in report["texts"] if t["layer"] == "labels"]
    symbols = [s for s in report["symbols"] if s["layer"] in ("positions", "movements")]
    problems = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if overlap(a["box"], b["box"]):
                problems.append(f"labels overlap: {a['text']!r} and {b['text']!r}")
        for s in symbols:
            if box_meets_circle(a["box"], s["at"], s["radius_pt"]):
                problems.append(f"label {a['text']!r} covers symbol {s['id']}")
    for scale in (2, 3):
        other = render(posture, out_dir, args, scale)
        if other["texts"] != report["texts"] or other["symbols"] != report["symbols"]:
            problems.append(f"the layout at --scale {scale} differs from --scale 1")
    if len(labels) < 5:
        problems.append(f"only {len(labels)} labels: the check checks nothing")
    for p in problems:
        print(p)
    print(f"{len(labels)} labels, {len(symbols)} symbols checked; {len(problems)} problems")
    sys.exit(1 if problems else 0)


main()
