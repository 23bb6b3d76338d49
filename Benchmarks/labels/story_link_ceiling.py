#!/usr/bin/env python3
"""How far a second pass that joins whole stories could lift a clustering: the ceiling of
story-level linking on feed text.

Usage: story_link_ceiling.py STORE GOLD.tsv

STORE: a SQLite store that `byline import` filled (with the embedding model, so that every item
version has its stored vector) and whose stories a writer saved. GOLD.tsv: `outlet<TAB>item_guid
<TAB>story` with a header (the format of score_clusters.py), e.g. the October labels.

Every pair of the store's stories that both hold labelled items is one example, labelled by
whether their labelled items' majority gold stories agree. Features of a pair (each story's
items, latest version):
  semantic:  cosine of the two mean embeddings; the best and the mean cosine over item pairs
  lexical:   TF-IDF cosine of the stories' words, of their names (words capitalised inside a
             sentence), of their word pairs
  context:   days between the two stories' time spans; Jaccard of their outlets; log of the
             product of their sizes; how often their outlets share a story in this store
A logistic regression is fitted with 5 folds by gold story (each pair scored by a model fitted
without its fold). The stories of the pairs at or above a probability are then joined
(transitively) and B-cubed is computed over the labelled items, as score_clusters.py does; so
are the joins by the semantic features alone. Prints each feature's ROC AUC and average
precision, then precision, recall and F1 at each probability.

Needs numpy and scikit-learn (pip install numpy scikit-learn).
"""
import collections
import csv
import math
import re
import sqlite3
import sys
from datetime import datetime

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score


def words(text):
    return [w.lower() for w in re.findall(r"[\w']+", text)]


def names(text):
    found = re.findall(r"[\w']+", text)
    return [w.lower() for k, w in enumerate(found) if k > 0 and w[:1].isupper()]


def pairs_of(text):
    w = words(text)
    return [a + '_' + b for a, b in zip(w, w[1:])]


def examples(store, gold_path):
    """The story pairs of a store: (features, same, pair_ids, placed, members, gold)."""
    with open(gold_path, newline='', encoding='utf-8') as f:
        gold = {(r['outlet'], r['item_guid']): r['story'] for r in csv.DictReader(f, delimiter='\t')}
    db = sqlite3.connect(store)
    vector, info = {}, {}
    for item, outlet, guid, title, summary, seen, blob in db.execute(
            "SELECT i.id, i.outlet_id, i.guid, i.title, i.summary, i.first_seen, e.vector FROM item i "
            "JOIN item_version v ON v.item_id = i.id JOIN version_embedding e ON e.version_id = v.id "
            "ORDER BY v.seen_at, v.id"):
        vector[item] = np.frombuffer(blob, dtype=np.float32)
        info[item] = (outlet, guid, title or '', summary or '', seen)
    if not vector:
        sys.exit('no stored item vectors: import with the embedding model installed')
    story_of = dict(db.execute("SELECT item_id, story_id FROM story_item"))
    members = collections.defaultdict(list)
    for item, story in story_of.items():
        if item in vector:
            members[story].append(item)

    n = len(info)
    df_words, df_names, df_pairs = collections.Counter(), collections.Counter(), collections.Counter()
    for outlet, guid, title, summary, seen in info.values():
        df_words.update(set(words(title + ' ' + summary)))
        df_names.update(set(names(title + '. ' + summary)))
        df_pairs.update(set(pairs_of(title) + pairs_of(summary)))

    def tfidf(counts, df):
        v = {w: (1 + math.log(c)) * math.log((n + 1) / df[w]) for w, c in counts.items() if df[w] > 0}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1
        return {w: x / norm for w, x in v.items()}

    def cosine(a, b):
        return sum(x * b.get(w, 0) for w, x in a.items())

    def majority(story):
        tally = collections.Counter(gold.get(info[i][:2]) for i in members[story])
        tally.pop(None, None)
        return tally.most_common(1)[0][0] if tally else None

    # How often two outlets share a story of two or more outlets in this store.
    together, stories_of = collections.Counter(), collections.Counter()
    for story, items in members.items():
        outlets = {info[i][0] for i in items}
        if len(outlets) < 2:
            continue
        for a in outlets:
            stories_of[a] += 1
            for b in outlets:
                if a < b:
                    together[(a, b)] += 1

    def affinity(a, b):
        if a == b:
            return 1.0
        return together[(min(a, b), max(a, b))] / max(1, min(stories_of[a], stories_of[b]))

    label = {s: majority(s) for s in members}
    labelled = sorted(s for s in members if label[s])
    matrix, centre, lexical, span, outlets = {}, {}, {}, {}, {}
    for s in labelled:
        items = members[s]
        matrix[s] = np.stack([vector[i] for i in items])
        mean = matrix[s].mean(0)
        centre[s] = mean / np.linalg.norm(mean)
        text = ' '.join(info[i][2] + ' ' + info[i][3] for i in items)
        lexical[s] = (tfidf(collections.Counter(words(text)), df_words),
                      tfidf(collections.Counter(sum((names(info[i][2] + '. ' + info[i][3]) for i in items), [])), df_names),
                      tfidf(collections.Counter(sum((pairs_of(info[i][2]) + pairs_of(info[i][3]) for i in items), [])), df_pairs))
        times = [datetime.fromisoformat(info[i][4].replace(' ', 'T')[:19]).timestamp() for i in items]
        span[s] = (min(times), max(times))
        outlets[s] = {info[i][0] for i in items}

    features, same, pair_ids = [], [], []
    for a in range(len(labelled)):
        for b in range(a + 1, len(labelled)):
            x, y = labelled[a], labelled[b]
            cosines = matrix[x] @ matrix[y].T
            gap = max(0.0, max(span[x][0], span[y][0]) - min(span[x][1], span[y][1])) / 86_400
            features.append([float(centre[x] @ centre[y]), float(cosines.max()), float(cosines.mean()),
                             cosine(lexical[x][0], lexical[y][0]), cosine(lexical[x][1], lexical[y][1]),
                             cosine(lexical[x][2], lexical[y][2]), gap,
                             len(outlets[x] & outlets[y]) / len(outlets[x] | outlets[y]),
                             math.log(len(members[x]) * len(members[y])),
                             float(np.mean([affinity(p, q) for p in outlets[x] for q in outlets[y]]))])
            same.append(label[x] == label[y])
            pair_ids.append((x, y))
    placed = {info[i][:2]: s for i, s in story_of.items() if i in info}
    return np.array(features), np.array(same), pair_ids, placed, members, gold, label


TITLES = ['semantic mean', 'semantic best', 'semantic average', 'words', 'names', 'word pairs',
          'gap (days, lower first)', 'outlet Jaccard', 'log size product', 'outlet affinity']


def bcubed(gold, assign):
    by_gold, by_pred = collections.defaultdict(set), collections.defaultdict(set)
    for key, story in gold.items():
        by_gold[story].add(key)
        by_pred[assign.get(key, ('single',) + key)].add(key)
    p = r = 0.0
    for key, story in gold.items():
        mine = by_pred[assign.get(key, ('single',) + key)]
        shared = len(by_gold[story] & mine)
        p += shared / len(mine)
        r += shared / len(by_gold[story])
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r)


def joined(members, placed, pair_ids, score, threshold):
    """The stored clustering with the stories of each pair scoring at least `threshold` joined."""
    parent = {s: s for s in members}

    def root(s):
        while parent[s] != s:
            s = parent[s]
        return s
    for k, (x, y) in enumerate(pair_ids):
        if score[k] >= threshold:
            parent[root(x)] = root(y)
    return {key: root(s) for key, s in placed.items()}


def main(store, gold_path):
    features, same, pair_ids, placed, members, gold, label = examples(store, gold_path)
    titles = TITLES
    print(f'{len(set(sum(map(list, pair_ids), [])))} stories with labelled items, {len(same)} pairs, {int(same.sum())} of one gold story')
    for column, title in enumerate(titles):
        score = -features[:, column] if column == 6 else features[:, column]
        print(f'  {title:24} AUC {roc_auc_score(same, score):.3f}  AP {average_precision_score(same, score):.3f}')

    fold = np.array([sum(map(ord, label[x])) % 5 for x, _ in pair_ids])
    probability = np.zeros(len(same))
    for k in range(5):
        train, test = fold != k, fold == k
        model = LogisticRegression(C=1, max_iter=5000).fit(features[train], same[train])
        probability[test] = model.predict_proba(features[test])[:, 1]
    print(f'  {"fitted, held out":24} AUC {roc_auc_score(same, probability):.3f}  AP {average_precision_score(same, probability):.3f}')

    print('as stored:        P %.3f R %.3f F1 %.3f' % bcubed(gold, placed))
    for title, score in [('fitted, held out', probability), ('semantic mean', features[:, 0]),
                         ('semantic average', features[:, 2])]:
        for threshold in (0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3):
            print(f'{title} >= {threshold}: ' + 'P %.3f R %.3f F1 %.3f' % bcubed(gold, joined(members, placed, pair_ids, score, threshold)))


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
