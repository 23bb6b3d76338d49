#!/usr/bin/env python3
"""Checks a clustering of the headlines-2021-09 corpus against hand labels of its main events.

Usage: label_check.py LABELS.tsv CLUSTERING

LABELS.tsv: columns story_id, outlet, item_guid, in_main_event: a hand reading of every story of
two or more outlets of a report of the corpus; items marked 1 report their story's main event, so
each such story id is one labelled event, and items marked 0 are left out. The labels name the
corpus's own items (outlet and guid), so they are kept beside the corpus, not in this repository;
session 2 labelled 240 stories (934 items).
CLUSTERING: `outlet<TAB>guid<TAB>story` lines (`ClusterBenchmark fit ... dump=FILE`), or a
report's coverage.csv.

Prints B-cubed precision and recall over the labelled items (precision below 1: a predicted
story joins items of events the labels keep apart; recall below 1: a labelled event is split,
which can be right where the labelled clustering itself had joined two events) and how many
predicted stories join labelled events.
"""
import csv
import sys
from collections import defaultdict

labels = {}
with open(sys.argv[1], newline="") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        if row["in_main_event"] == "1":
            labels[(row["outlet"], row["item_guid"])] = row["story_id"]
pred = {}
with open(sys.argv[2], newline="") as f:
    if sys.argv[2].endswith(".csv"):
        for row in csv.DictReader(f):
            pred[(row["outlet"], row["item_guid"])] = row["story_id"]
    else:
        for line in f.read().splitlines():
            outlet, guid, story = line.split("\t")
            pred[(outlet, guid)] = story
keys = [k for k in labels if k in pred]
by_pred, by_label = defaultdict(list), defaultdict(list)
for k in keys:
    by_pred[pred[k]].append(k)
    by_label[labels[k]].append(k)
p = r = 0.0
for k in keys:
    same = sum(1 for j in by_pred[pred[k]] if labels[j] == labels[k])
    p += same / len(by_pred[pred[k]])
    r += same / len(by_label[labels[k]])
p /= len(keys)
r /= len(keys)
mixed = sum(1 for ks in by_pred.values() if len({labels[k] for k in ks}) > 1)
print(f"{len(keys)} labelled items: B-cubed P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f}; "
      f"predicted stories joining labelled events: {mixed}")
