#!/usr/bin/env python3
"""The daily briefing's charts drawn by matplotlib from the figures Wangge drew them from.

Used by `cargo bench -p wangge-engine --bench briefing` for the ratio in BENCHMARKS.md:
reads the figures JSON the bench writes (one street: 15 day-ends, its communities with
their counts and boundaries), draws the same five A4 pages (headline table, isolation
trend, follow-up compliance, map of overdue tickets, warning levels, tickets per day,
overdue by community, on-time rate by unit, resumption by
community, resumption trend) with the same CJK font, writes each page as a
PNG at 2x (144 dpi) and all pages into one PDF, five times, and prints the median seconds
of one run (imports and font loading excluded, as Wangge's figure excludes process start).

    python3 scripts/bench-briefing-matplotlib.py FIGURES.json OUT_DIR
"""

import json
import os
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402

FONT = os.path.join(os.path.dirname(__file__), "..", "assets", "fonts", "wqy-microhei.ttc")
A4 = (8.27, 11.69)


def rate(part, whole):
    return part / whole if whole else float("nan")


def series(days, f):
    return [f(d["counts"]) for d in days]


def per_day(days, name):
    values = [d["counts"][name] for d in days]
    return [max(b - a, 0) for a, b in zip(values, values[1:])]


def page(title, unit):
    fig = plt.figure(figsize=A4)
    fig.text(0.08, 0.95, unit + "每日简报", fontsize=20)
    fig.text(0.08, 0.93, title, fontsize=10, color="#444")
    return fig


def draw(data, out):
    days = data["days"]
    shown = days[1:]
    labels = [d["label"] for d in shown]
    x = range(len(shown))
    kids = data["children"]
    pages = []

    fig = page("数据截至 当日 24:00", data["unit"])
    table = fig.add_axes([0.08, 0.62, 0.84, 0.28])
    table.axis("off")
    today, before = days[-1]["counts"], days[-2]["counts"]
    rows = [[name, str(today[name]), f"{today[name] - before[name]:+d}"] for name in
            ["isolations_active", "isolations_new_today", "isolations_released_today", "tickets_received",
             "tickets_open", "tickets_overdue", "enterprises_resumed", "workers_back", "follow_ups_due", "tickets_resolved"]]
    table.table(cellText=rows, colLabels=["指标", "当日", "较前一日"], loc="center")
    ax = fig.add_axes([0.1, 0.3, 0.8, 0.28])
    ax.bar([i - 0.2 for i in x], per_day(days, "isolations_new_today"), 0.4, label="新增", color="#d9534f")
    ax.bar([i + 0.2 for i in x], per_day(days, "isolations_released_today"), 0.4, label="解除", color="#5aa469")
    ax.plot(list(x), series(shown, lambda c: c["isolations_active"]), marker="o", label="在管隔离")
    ax.set_xticks(list(x), labels)
    ax.set_title("在管隔离与每日新增、解除")
    ax.legend()
    pages.append(fig)

    fig = page("", data["unit"])
    ax = fig.add_axes([0.1, 0.62, 0.8, 0.28])
    ax.plot(list(x), series(shown, lambda c: rate(c["follow_ups_done_on_time"], c["follow_ups_due"])), marker="o")
    ax.set_ylim(0, 1)
    ax.set_xticks(list(x), labels)
    ax.set_title("随访按时率")
    ax = fig.add_axes([0.1, 0.1, 0.6, 0.45])
    top = max([k["counts"]["tickets_overdue"] for k in kids] + [1])
    cmap = plt.get_cmap("Blues")
    for k in kids:
        for ring in k["rings"]:
            ax.add_patch(Polygon(ring, closed=True, facecolor=cmap(0.2 + 0.8 * k["counts"]["tickets_overdue"] / top),
                                 edgecolor="white"))
        xs = [p[0] for r in k["rings"] for p in r]
        ys = [p[1] for r in k["rings"] for p in r]
        ax.text(sum(xs) / len(xs), sum(ys) / len(ys), f'{k["name"]}\n{k["counts"]["tickets_overdue"]}', ha="center",
                fontsize=7)
    ax.autoscale()
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("各社区超期工单分布")
    ax.annotate("北", xy=(0.95, 0.95), xycoords="axes fraction")
    ax.text(0.8, 0.02, "1 公里", transform=ax.transAxes)
    pages.append(fig)

    fig = page("", data["unit"])
    ax = fig.add_axes([0.1, 0.62, 0.8, 0.28])
    levels = [("red", "红色", "#cc2828"), ("orange", "橙色", "#f0821e"), ("yellow", "黄色", "#ebc828"), ("green", "绿色", "#3ca05a")]
    counts = [sum(1 for k in kids if k["warning"] == key) for key, _, _ in levels]
    ax.bar([name for _, name, _ in levels], counts, 0.6, color=[colour for _, _, colour in levels])
    for i, n in enumerate(counts):
        ax.text(i, n, str(n), ha="center", va="bottom")
    ax.set_title("各社区四色预警")
    ax = fig.add_axes([0.1, 0.2, 0.8, 0.3])
    ax.bar([i - 0.2 for i in x], per_day(days, "tickets_received"), 0.4, label="受理")
    ax.bar([i + 0.2 for i in x], per_day(days, "tickets_resolved"), 0.4, label="办结")
    ax.plot(list(x), series(shown, lambda c: c["tickets_open"]), marker="o", label="未办结")
    ax.set_xticks(list(x), labels)
    ax.set_title("每日受理与办结工单")
    ax.legend()
    pages.append(fig)

    fig = page("", data["unit"])
    ax = fig.add_axes([0.1, 0.62, 0.8, 0.28])
    worst = sorted(kids, key=lambda k: -k["counts"]["tickets_overdue"])[:15]
    ax.barh([k["name"] for k in worst], [k["counts"]["tickets_overdue"] for k in worst])
    ax.set_title("各社区超期工单")
    ax = fig.add_axes([0.1, 0.2, 0.8, 0.3])
    units = sorted(data["units"], key=lambda u: rate(u["on_time"], u["resolved"]))[:15]
    ax.barh([u["name"] for u in units], [rate(u["on_time"], u["resolved"]) for u in units], color="#2e8c54")
    ax.set_title("各单位按时办结率")
    pages.append(fig)

    fig = page("", data["unit"])
    ax = fig.add_axes([0.1, 0.62, 0.8, 0.28])
    ranked = sorted(kids, key=lambda k: rate(k["counts"]["enterprises_resumed"], k["counts"]["enterprises_total"]))
    ax.barh([k["name"] for k in ranked],
            [rate(k["counts"]["enterprises_resumed"], k["counts"]["enterprises_total"]) for k in ranked])
    ax.set_title("各社区企业复工率")
    ax = fig.add_axes([0.1, 0.2, 0.8, 0.3])
    ax.plot(list(x), series(shown, lambda c: rate(c["enterprises_resumed"], c["enterprises_total"])), label="复工率")
    ax.plot(list(x), series(shown, lambda c: rate(c["workers_back"], c["workers_total"])), label="返岗率")
    ax.set_xticks(list(x), labels)
    ax.set_title("企业复工率与职工返岗率")
    ax.legend()
    pages.append(fig)

    with PdfPages(os.path.join(out, "briefing.pdf")) as pdf:
        for number, fig in enumerate(pages, 1):
            fig.text(0.5, 0.02, f"第 {number} 页 / 共 {len(pages)} 页", ha="center")
            fig.savefig(os.path.join(out, f"page-{number}.png"), dpi=144)
            pdf.savefig(fig)
            plt.close(fig)


def main():
    figures, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    font_manager.fontManager.addfont(FONT)
    plt.rcParams["font.family"] = font_manager.FontProperties(fname=FONT).get_name()
    data = json.load(open(figures, encoding="utf-8"))
    draw(data, out)  # warm-up: font caches, first-use imports
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        draw(data, out)
        runs.append(time.perf_counter() - started)
    print(f"median seconds {statistics.median(runs):.4f}")


if __name__ == "__main__":
    main()
