#!/usr/bin/env python3
"""Lint a generated archive of news articles with copydesk as a PySpark map step.

Run by hand, not in CI:

    python3 examples/spark/lint_archive.py                 # 100,000 articles
    python3 examples/spark/lint_archive.py --articles 5000 # a quicker look

The first run creates examples/spark/.venv and installs PySpark there from PyPI (Spark needs
Java 17 or later on PATH). copydesk is built with `cargo build --release` unless --copydesk names
a binary. Spark runs in local mode; each partition is piped through one
`copydesk check --ndjson` process with `rdd.pipe`.

The archive is generated, so the script knows which articles carry which planted defect. It
checks that every record comes back exactly once (as a result line or, for the deliberately
broken records, an error line), and that copydesk found each planted doubled word and leftover
"Continue reading:" line and nothing of either kind elsewhere. It exits 1 if any check fails.
"""

import argparse
import json
import os
import random
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
VENV = HERE / ".venv"
PYSPARK = "pyspark==4.1.1"

# Which articles carry which defect; a pure function of the id, so workers and driver agree.
DOUBLED_EVERY, DOUBLED_AT = 7, 3
READ_MORE_EVERY, READ_MORE_AT = 11, 5
BROKEN_EVERY, BROKEN_AT = 10_000, 4321


def has_doubled(i):
    return i % DOUBLED_EVERY == DOUBLED_AT


def has_read_more(i):
    return i % READ_MORE_EVERY == READ_MORE_AT


def is_broken(i):
    return i % BROKEN_EVERY == BROKEN_AT


def ensure_pyspark():
    """Re-runs this script with a virtual environment that has PySpark, creating it once."""
    try:
        import pyspark  # noqa: F401

        return
    except ImportError:
        pass
    python = VENV / "bin" / "python"
    if os.environ.get("COPYDESK_SPARK_VENV") == "1":
        sys.exit(f"PySpark is still missing in {VENV}; delete the folder and run again")
    if not python.exists():
        print(f"creating {VENV} and installing {PYSPARK} from PyPI", flush=True)
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
        subprocess.check_call([str(python), "-m", "pip", "install", "--quiet", PYSPARK])
    os.environ["COPYDESK_SPARK_VENV"] = "1"
    os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])


TOWNS = ["Harbourside", "Millbrook", "Zürich", "São Paulo", "Kettering", "Oakvale", "Port Ellis"]
PEOPLE = ["Ana Ruiz", "Tom Okafor", "Mei Lin", "Jonas Berg", "Priya Nair", "Sam Cole", "Lena Vogt"]
ROLES = ["the mayor", "a council member", "the finance director", "a union representative",
         "the harbour master", "a local business owner", "the transport minister"]
TOPICS = ["the new ferry terminal", "a rise in bus fares", "the library budget",
          "repairs to the sea wall", "a plan for cheaper housing", "the school timetable"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
HEADLINES = ["Rail Strike Talks Resume", "Storm Closes Coastal Road", "Museum Opens New Wing",
             "City Counts Cost of Floods", "Ferry Timetable Changes Next Month"]

SENTENCES = [
    "The council met on {day} to discuss {topic}, {person}, {role}, said.",
    "{person} said the proposal would cost about {money} million over {years} years.",
    "Residents of {town} have asked for changes to {topic} since last spring.",
    "The vote on {topic} is expected before the end of the month, officials said.",
    "According to a report published on {day}, the work in {town} is {percent} percent complete.",
    "{person}, {role}, told reporters that the plan had broad support.",
    "A public meeting about {topic} will be held in {town} next week.",
    "The budget for the coming year sets aside {money} million for maintenance.",
]


def paragraph(rng, sentences):
    fields = {
        "day": rng.choice(DAYS),
        "topic": rng.choice(TOPICS),
        "person": rng.choice(PEOPLE),
        "role": rng.choice(ROLES),
        "town": rng.choice(TOWNS),
        "money": rng.randint(2, 90),
        "years": rng.randint(2, 9),
        "percent": rng.randint(10, 95),
    }
    chosen = rng.sample(SENTENCES, sentences)
    return " ".join(s.format(**fields) for s in chosen)


def article(i):
    """One record: a JSON line with the article's id, text and format."""
    rng = random.Random(i)
    markdown = i % 2 == 0
    paragraphs = [paragraph(rng, rng.randint(2, 3)) for _ in range(rng.randint(5, 8))]
    if has_doubled(i):
        # Double the first "the" of one paragraph that has one.
        with_the = [k for k, p in enumerate(paragraphs) if " the " in p]
        if not with_the:
            paragraphs.append("Officials said the plan was ready.")
            with_the = [len(paragraphs) - 1]
        k = rng.choice(with_the)
        paragraphs[k] = paragraphs[k].replace(" the ", " the the ", 1)
    if has_read_more(i):
        at = rng.randrange(1, len(paragraphs))
        paragraphs.insert(at, f"Continue reading: {rng.choice(HEADLINES)}")
    title = f"{rng.choice(TOWNS)} weighs {rng.choice(TOPICS)}"
    text = (f"# {title}\n\n" if markdown else f"{title}\n\n") + "\n\n".join(paragraphs) + "\n"
    record = {"id": i, "text": text, "format": "markdown" if markdown else "plain"}
    if is_broken(i):
        record["text"] = None  # copydesk answers with an error line and goes on
    return json.dumps(record, ensure_ascii=False)


def copydesk_binary(given):
    if given:
        return str(Path(given).resolve())
    print("building copydesk (cargo build --release)", flush=True)
    subprocess.check_call(["cargo", "build", "--release", "--quiet"], cwd=REPO)
    return str(REPO / "target" / "release" / "copydesk")


def lints_of(result):
    return {d["lint"] for d in result.get("diagnostics", [])}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 2,
                        help="Spark local-mode worker threads (default: all cores)")
    parser.add_argument("--copydesk", help="the copydesk binary (default: build this repository)")
    args = parser.parse_args()

    ensure_pyspark()
    from pyspark.sql import SparkSession

    binary = copydesk_binary(args.copydesk)
    # Spark already runs one partition per core, so each copydesk process uses one thread;
    # --isolated keeps the result independent of any copydesk.toml around the working folder.
    command = f"{shlex.quote(binary)} check --ndjson --isolated --threads 1"
    started = time.monotonic()
    spark = (
        SparkSession.builder.master(f"local[{args.cores}]")
        .appName("copydesk-archive")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")
    sc = spark.sparkContext
    n = args.articles

    records = sc.parallelize(range(n), args.partitions).map(article)
    results = records.pipe(command, checkCode=True).map(json.loads).cache()
    answered = results.count()
    elapsed = time.monotonic() - started

    ids = results.map(lambda r: r["id"])
    distinct = ids.distinct().count()
    out_of_range = ids.filter(lambda i: not (isinstance(i, int) and 0 <= i < n)).count()
    errors = sorted(results.filter(lambda r: "error" in r).map(lambda r: r["id"]).collect())
    expected_errors = [i for i in range(n) if is_broken(i)]
    linted = results.filter(lambda r: "diagnostics" in r)

    def agreement(lint, planted):
        # (planted, found) -> number of articles
        pairs = linted.map(lambda r: (planted(r["id"]), lint in lints_of(r)))
        return dict(pairs.countByValue())

    doubled = agreement("truncation/doubled-word", has_doubled)
    read_more = agreement("boilerplate/read-more-link", has_read_more)
    per_lint = dict(
        linted.flatMap(lambda r: [(d["lint"], 1) for d in r["diagnostics"]])
        .reduceByKey(lambda a, b: a + b)
        .collect()
    )
    size = records.map(lambda line: len(json.loads(line)["text"] or "")).sum()
    spark.stop()

    print(f"\narticles: {n}, partitions: {args.partitions}, local cores: {args.cores}")
    print(f"linted {answered} records ({size / 1e6:.1f} MB of text) in {elapsed:.1f} s "
          f"including Spark's start-up and the generation of the archive")
    print("findings per lint:")
    for lint, count in sorted(per_lint.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {count:7d}  {lint}")
    for name, table in [("doubled word", doubled), ("read-more line", read_more)]:
        print(f"{name}: planted and found {table.get((True, True), 0)}, "
              f"planted but missed {table.get((True, False), 0)}, "
              f"found where none was planted {table.get((False, True), 0)}")

    checks = [
        ("every record answered once", answered == n and distinct == n and out_of_range == 0),
        ("broken records answered with an error line", errors == expected_errors),
        ("every planted doubled word found", doubled.get((True, False), 0) == 0),
        ("no doubled word where none was planted", doubled.get((False, True), 0) == 0),
        ("every planted read-more line found", read_more.get((True, False), 0) == 0),
        ("no read-more line where none was planted", read_more.get((False, True), 0) == 0),
    ]
    for name, ok in checks:
        print(f"{'ok  ' if ok else 'FAIL'}  {name}")
    if not all(ok for _, ok in checks):
        sys.exit(1)


if __name__ == "__main__":
    main()
