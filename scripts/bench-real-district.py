#!/usr/bin/env python3
"""Times the import of a real district's shape (issue 8): three levels under the district
(5 streets x 6 communities x 10 grids = 300 grids, no micro-grids), codes that nest
(S1, S1-2, S1-2-7) with no parent property and Chinese property names, then N grid events as
points with US-style times and Chinese categories and states, placed on the grids.

    scripts/bench-real-district.py [--events N] [--wangge target/release/wangge] [--dir DIR]

Prints one line per step with its wall time and the peak memory of the process (from
/usr/bin/time when present). BENCHMARKS.md, "Real district import", holds the numbers."""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

STREETS, COMMUNITIES, GRIDS = 5, 6, 10


def rect(x0, y0, x1, y1):
    return [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]


def feature(props, rings):
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": rings}}


def write_levels(folder):
    streets, communities, grids, boxes = [], [], [], []
    x0, y0, width, height = 120.0, 30.0, 0.5, 0.3
    for s in range(STREETS):
        sx0, sx1 = x0 + width * s / STREETS, x0 + width * (s + 1) / STREETS
        code = f"S{s + 1}"
        streets.append(feature({"街道编码": code, "街道名称": f"第{s + 1}街道"}, rect(sx0, y0, sx1, y0 + height)))
        for c in range(COMMUNITIES):
            cy0, cy1 = y0 + height * c / COMMUNITIES, y0 + height * (c + 1) / COMMUNITIES
            ccode = f"{code}-{c + 1}"
            communities.append(feature({"社区编码": ccode, "社区名称": f"第{s + 1}街道第{c + 1}社区"}, rect(sx0, cy0, sx1, cy1)))
            for g in range(GRIDS):
                gx0, gx1 = sx0 + (sx1 - sx0) * g / GRIDS, sx0 + (sx1 - sx0) * (g + 1) / GRIDS
                gcode = f"{ccode}-{g + 1}"
                grids.append(feature({"网格编号": gcode, "网格名称": f"{gcode}网格"}, rect(gx0, cy0, gx1, cy1)))
                boxes.append((gx0, cy0, gx1, cy1))
    for name, features in [("streets", streets), ("communities", communities), ("grids", grids)]:
        with open(os.path.join(folder, f"{name}.geojson"), "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)
    return boxes


def write_events(folder, boxes, n):
    rng = random.Random(8)
    categories, states = ["市容环境", "消防安全", "矛盾纠纷"], ["网格员关闭", "处置中", "已办结"]
    path = os.path.join(folder, "events.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("事件编号,事件类型,状态,上报时间,经度,纬度,事件描述\n")
        for k in range(n):
            x0, y0, x1, y1 = boxes[rng.randrange(len(boxes))]
            x, y = rng.uniform(x0 + 1e-5, x1 - 1e-5), rng.uniform(y0 + 1e-5, y1 - 1e-5)
            month, day, hour = 1 + k % 12, 1 + k % 28, k % 24
            f.write(f"SJ{k:07},{categories[k % 3]},{states[k % 3]},{month}/{day}/2018 {hour:02}:58:48,{x:.6f},{y:.6f},第{k}号网格事件\n")
    mapping = {"id": "事件编号", "created_at": "上报时间", "category": "事件类型", "status": "状态",
               "description": "事件描述", "lon": "经度", "lat": "纬度"}
    with open(os.path.join(folder, "mapping.json"), "w", encoding="utf-8") as f:
        json.dump(mapping, f, ensure_ascii=False)
    return path


def run(label, args):
    timed = ["/usr/bin/time", "-f", "%M"] if os.path.exists("/usr/bin/time") else []
    started = time.monotonic()
    done = subprocess.run(timed + args, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"{label} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    peak = f", peak {int(done.stderr.strip().splitlines()[-1]) / 1024:.0f} MiB" if timed else ""
    print(f"{label}: {seconds:.2f} s{peak}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--wangge", default="target/release/wangge")
    parser.add_argument("--dir", default=None)
    a = parser.parse_args()
    folder = a.dir or tempfile.mkdtemp(prefix="wangge-real-bench-")
    os.makedirs(folder, exist_ok=True)
    db = os.path.join(folder, "district.db")
    if os.path.exists(db):
        os.remove(db)
    boxes = write_levels(folder)
    events = write_events(folder, boxes, a.events)
    w = a.wangge
    level = lambda name, lvl, code, label: [w, "import", "boundaries", os.path.join(folder, f"{name}.geojson"), "--db", db,
                                            "--level", lvl, "--code-field", code, "--name-field", label]
    run("streets (5, district created)", level("streets", "street", "街道编码", "街道名称") + ["--district-code", "BENCH", "--district-name", "测试区"])
    run("communities (30, parents by prefix)", level("communities", "community", "社区编码", "社区名称"))
    run("grids (300, parents by prefix)", level("grids", "grid", "网格编号", "网格名称") + ["--parent-from-code", "prefix"])
    run(f"events ({a.events:,} rows placed on the grids)", [w, "import", "tickets", events, "--db", db, "--mapping", os.path.join(folder, "mapping.json"), "-q"])
    run("verify", [w, "verify", "--db", db])
    print(f"files and database in {folder}")


if __name__ == "__main__":
    main()
