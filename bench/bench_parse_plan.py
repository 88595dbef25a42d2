"""Plan parsing speed: the samples, the test documents, and a 100 KB plan made by repeating
the body of the Qinshui sample (its numbering carried on) with an attachment table of 200 rows.

    .venv/bin/python bench/bench_parse_plan.py

Prints, per document, its size, the tasks found and the median parse time of 5 runs; the
target is well under one second for 100 KB.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiben.settings")

from plans.parsing import parse_file, parse_text  # noqa: E402
from plans.parsing.reader import read_document  # noqa: E402


def big_plan():
    body = (ROOT / "testdata/samples/qinshui-2024-plan.txt").read_text(encoding="utf-8")
    head, _, rest = body.partition("三、主要任务")
    section, _, tail = rest.partition("四、方法步骤")
    text = head + "三、主要任务" + section
    n = 30
    while len(text.encode()) < 80_000:
        for line in section.splitlines():
            if line[:2].rstrip("．.").isdigit():
                n += 1
                line = f"{n}．" + line.split("．", 1)[-1]
            text += line + "\n"
    text += "四、方法步骤" + tail + "\n附件1\n任务清单\n序号\t重点领域\t工作任务\t具体措施\t牵头单位\t配合单位\t完成时限\n"
    for i in range(1, 201):
        text += f"{i}\t道路运输\t开展第{i}项隐患排查\t对辖区企业逐户排查并建立台账，落实整改\t运输管理股\t执法大队\t{i % 12 + 1}月底前\n"
    return text


def timed(fn, runs=5):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def main():
    rows = []
    for path in sorted((ROOT / "testdata/samples").glob("*.txt")) + sorted((ROOT / "testdata/plans").glob("*.*")):
        if path.suffix == ".py":
            continue
        text = read_document(path)
        plan, seconds = timed(lambda: parse_file(path))
        rows.append((path.name, len(text.encode()), plan, seconds))
    text = big_plan()
    plan, seconds = timed(lambda: parse_text(text))
    rows.append(("generated-100k.txt", len(text.encode()), plan, seconds))
    print(f"{'document':<28}{'KB':>8}{'tasks':>8}{'taken':>8}{'median s':>10}")
    for name, size, plan, seconds in rows:
        taken = sum(1 for t in plan["tasks"] if t["take"])
        print(f"{name:<28}{size / 1024:>8.1f}{len(plan['tasks']):>8}{taken:>8}{seconds:>10.3f}")
    size, seconds = rows[-1][1], rows[-1][3]
    print(f"100 KB target: {seconds:.3f} s for {size / 1024:.0f} KB ({'OK' if seconds < 1 else 'OVER'} — under 1 s)")


if __name__ == "__main__":
    main()
