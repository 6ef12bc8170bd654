"""The quotation layer's steps put together over one article."""

from __future__ import annotations

from pathlib import Path

from ...model import Article, Quote
from .acts import SpeechActs
from .candidates import SpeakerCandidates
from .found import Found
from .linking import Linker
from .mentions import SpeakerMentions
from .partial import PartialQuotes
from .reading import Reading
from .resources import QuoteResources
from .speakers import SpeakerFinder
from .tagging import QuoteTagging


class QuoteReader:
    """Reads one article: tags it, then links quotes and frames."""

    def __init__(self, article: Article, res: QuoteResources):
        self.reading = Reading(article, res)
        self.tagging = QuoteTagging(self.reading)
        candidates = SpeakerCandidates(self.reading)
        self.mentions = SpeakerMentions(self.reading)
        self.linker = Linker(
            self.reading,
            SpeakerFinder(self.reading, candidates),
            self.mentions,
            SpeechActs(self.reading, candidates, self.mentions),
            PartialQuotes(self.reading),
        )

    def tag(self, models_dir: Path | None = None) -> tuple[list[Found], list[Found]]:
        """The quotes and frames the taggers and the frame rules find."""
        return self.tagging.tag(models_dir)

    def link(self, quotes: list[Found], frames: list[Found]) -> list[Quote]:
        """The quotes with their speakers, cues, addressees and channels."""
        return self.linker.link(quotes, frames)
