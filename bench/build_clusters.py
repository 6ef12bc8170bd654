"""Learn word clusters for the NER features from unlabelled text in ../shared (run by hand).

Text: the Wikinews articles of eval/quotes-de (train and dev), the GermEval train and tune
sentences (not the held-out part) and the MobIE sentences. Each word seen at least MIN_COUNT
times gets a vector of its left and right neighbours (PPMI, reduced by SVD); k-means at three
granularities gives three cluster ids per word, written to src/lagebild/models/ner-de-clusters.tsv.
Deterministic (fixed seeds). Usage: python3 bench/build_clusters.py
"""

from __future__ import annotations

import json
import re
from collections import Counter

import numpy as np
from scipy.sparse import coo_matrix
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD

from germeval import SHARED, split
from lagebild.stages.entities import CLUSTER_FILE

MIN_COUNT = 3
CONTEXT_WORDS = 3000
DIMENSIONS = 100
GRANULARITIES = (64, 256, 1024)
TOKEN = re.compile(r"\w+(?:[-.']\w+)*|[^\w\s]")
HEADER = """\
# ner-de-clusters.tsv: distributional word clusters for the NER tagger (bench/build_clusters.py)
# format: lowercased word<TAB>cluster ids at 64,256,1024 clusters, comma-separated
# version: 1
"""


def sentences() -> list[list[str]]:
    out = []
    for name in ("train", "dev"):
        path = SHARED / "eval" / "quotes-de" / f"{name}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            for paragraph in json.loads(line)["text"].split("\n"):
                out.append(TOKEN.findall(paragraph))
    parts = split()
    out += [s.words for s in parts["train"] + parts["tune"]]
    mobie = SHARED / "eval" / "ner-de" / "mobie-train.conll"
    words: list[str] = []
    for line in mobie.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("-DOCSTART-"):
            if words:
                out.append(words)
            words = []
        else:
            words.append(line.split("\t")[0])
    return [[w.lower() for w in s] for s in out if s]


def main() -> None:
    corpus = sentences()
    counts = Counter(w for s in corpus for w in s)
    vocab = sorted(w for w, c in counts.items() if c >= MIN_COUNT)
    index = {w: i for i, w in enumerate(vocab)}
    contexts = {w: i for i, (w, _) in enumerate(counts.most_common(CONTEXT_WORDS))}
    rows, cols = [], []
    for s in corpus:
        padded = ["<s>", *s, "</s>"]
        for i in range(1, len(padded) - 1):
            row = index.get(padded[i])
            if row is None:
                continue
            for side, neighbour in ((0, padded[i - 1]), (1, padded[i + 1])):
                col = contexts.get(neighbour)
                if col is not None:
                    rows.append(row)
                    cols.append(side * CONTEXT_WORDS + col)
    matrix = coo_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(vocab), 2 * CONTEXT_WORDS)
    ).tocsr()
    matrix.sum_duplicates()
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col]))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape).tocsr()
    vectors = TruncatedSVD(DIMENSIONS, random_state=0).fit_transform(ppmi)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    labels = [KMeans(k, n_init=1, random_state=0).fit_predict(vectors) for k in GRANULARITIES]
    lines = [f"{w}\t{','.join(str(lab[i]) for lab in labels)}" for i, w in enumerate(vocab)]
    CLUSTER_FILE.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(vocab)} words -> {CLUSTER_FILE}")


if __name__ == "__main__":
    main()
