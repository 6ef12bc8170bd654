"""The sentence structure the quotation rules need, read from part-of-speech tags: noun phrases,
the subject of a verb, clause boundaries, and whether a phrase names someone who can speak."""

from __future__ import annotations

from ...lang.de import word_list, word_set
from ...model import Token
from .codes import WordKind
from .resources import QuoteResources

# tags a noun phrase is made of; a genitive chain ("Angaben der Polizei") stays one phrase
_NP_TAGS = word_set("phrase_tags")
_NP_HEADS = word_set("phrase_head_tags")
_MIN_HEAD = 5  # letters of an organisation or group word that may end a compound
_MAX_FRONTED = 10  # tokens before the verb that can still be one fronted phrase
# tags that show the words before a verb are a clause of their own, not one phrase
_CLAUSE_TAGS = word_set("clause_tags")
# words that open a relative or subordinate clause: "die", "weil", "wobei"
SUBORDINATE_OPENERS = word_set("subordinate_opener_tags")


class Syntax:
    """Noun phrases, subjects and clauses of one article's tokens."""

    def __init__(self, tokens: list[Token], res: QuoteResources):
        self.tokens = tokens
        self.lower = [t.text.lower() for t in tokens]
        self.clause_starts = {p[0] for p in res.cues["clause_start"]}
        self.determiner_tags = word_set("determiner_tags")
        # pronouns that name no one: "es heißt", "man befürchtet", "lehnte es … ab"
        self.impersonal = word_set("impersonal_pronouns")
        self.nominative_pronouns = word_set("subject_pronouns")  # unambiguous, unlike "sie"
        self.genitive_determiners = word_set("genitive_determiners")
        # before a coordinated main clause: "…, und das Hilfswerk rief …"
        self.clause_joins = word_set("clause_conjunctions") | {",", ";"}
        self.expletives = word_set("object_expletives")  # "lehnte es der Präsident ab"
        self.purpose_words = word_set("purpose_zu_openers")  # "um … zu": no reported content
        self.infinitive_particles = word_set("infinitive_particles")
        self.speaker_words = res.speaker_words
        # compounds of speaker words speak too: "Kremlsprecher", "Außenministerium",
        # "Sicherheitsexperten" (short words such as "Rat" end too many other nouns)
        self.role_words = tuple(
            w.lower()
            for w, kind in res.speaker_words.items()
            if kind == WordKind.ROLE
            or (kind in (WordKind.ORGANISATION, WordKind.GROUP) and len(w) >= _MIN_HEAD)
        )

    def np_after(self, start: int, end: int) -> int | None:
        """Last token of the noun phrase starting at ``start`` (within the sentence)."""
        if start > end:
            return None
        if self.tokens[start].pos in word_set("pronoun_tags"):
            return start
        last = None
        k = start
        while k <= end and self.tokens[k].pos in _NP_TAGS:
            if last == k - 1 and not self._continues_np(k):
                break  # "laut BBC | britische Staatsbürger": a second phrase begins
            if self.tokens[k].pos in _NP_HEADS:
                last = k
            k += 1
        return last

    def _continues_np(self, k: int) -> bool:
        """After a head noun a phrase goes on with a name ("Präsident Max Muster") or a
        genitive ("Angaben der Polizei"), not with a new article, adjective or number."""
        token = self.tokens[k]
        if token.pos in word_set("proper_noun_tags") or (
            token.pos == "NN" and self.tokens[k - 1].pos == "NE"
        ):
            return True
        return token.pos in self.determiner_tags and self.lower[k] in self.genitive_determiners

    def np_before(self, stop: int, begin: int) -> int | None:
        """First token of the noun phrase that ends right before ``stop``."""
        k = stop - 1
        if k < begin or self.tokens[k].pos not in _NP_HEADS:
            return None
        if self.tokens[k].pos in word_set("pronoun_tags"):
            return k
        while k - 1 >= begin and self.tokens[k - 1].pos in _NP_TAGS:
            k -= 1
        return k

    def subject_of(self, verb: int, sentence: list[int]) -> tuple[int, int] | None:
        """The speaker of a speech verb: the phrase opening the sentence before it ("Die
        Ministerin sagte", "Der Bürgermeister von Rom forderte"), else the phrase after it ("Am
        Montag sagte sie", "Die Lage nannte Müller ernst", "lehnte es der Präsident ab")."""
        first, last = sentence[0], sentence[-1]
        after = verb + 1
        while after < last and self.tokens[after].pos in word_set("after_verb_tags"):
            after += 1  # "Vor der Presse zeigte sich gestern auch der Trainer zufrieden"
        if after <= last and self.lower[after] in self.nominative_pronouns:
            return (after, after)  # "Die Lage nannte er ernst": a fronted object
        if after < last and self.lower[after] in self.expletives:
            end = self.np_after(after + 1, last)
            if end is not None and self.can_speak(after + 1, end):
                return (after + 1, end)  # "es" is the object, the subject follows
        end = self.np_after(after, last)
        # "rief Russland auf" may be the object; "schlug den Mitarbeitern vor" surely is
        speaks_after = end is not None and self.can_speak(after, end) and not self._objective(after)
        start = self.np_before(verb, first)
        fronted = self._fronted_phrase(verb, sentence)
        if start == first or fronted == "subject":
            if speaks_after and not self.can_speak(first, verb - 1):
                return (after, end)  # "Die Pläne nannte Müller Unsinn": a fronted object
            return (first, verb - 1)
        if start is not None and self.lower[start - 1] in self.clause_joins:
            return (start, verb - 1)  # "…, und das Hilfswerk rief Russland auf"
        opening = self._opening_with_apposition(verb, sentence)
        if opening is not None:
            return opening  # "Anja Muster, Sprecherin der Partei, kritisierte …"
        if (
            start == first + 1
            and self.tokens[first].pos == "ADV"
            and self.can_speak(start, verb - 1)
        ):
            return (start, verb - 1)  # "Auch das Ministerium kritisierte …"
        if end is not None and (speaks_after or self.lower[after] in self.impersonal):
            return (after, end)  # "heißt es", "sagt man": no one, but a frame all the same
        if fronted == "adverbial" and end is not None:
            return (after, end)  # "Um 10 Uhr meldete die Website …": the subject follows
        if (
            start is not None
            and self.tokens[start - 1].pos in word_set("prepositional_tags")
            and end
        ):
            return (after, end)  # "Nach dem Angriff auf X kündigte der Präsident an"
        return (start, verb - 1) if start is not None else None

    def _opening_with_apposition(self, verb: int, sentence: list[int]) -> tuple[int, int] | None:
        """The phrase opening the sentence when an apposition or a relative clause between
        commas separates it from the verb: "X, die Sprecherin, sagte", "X, der … gilt, hofft"."""
        first = sentence[0]
        if verb - 1 <= first or self.lower[verb - 1] != ",":
            return None
        end = self.np_after(first, verb - 1)
        if end is None or self.lower[end + 1] != "," or self._objective(first):
            return None
        inserted = range(end + 2, verb - 1)
        relative = self.tokens[end + 2].pos in word_set("relative_pronoun_tags")
        if not relative and any(self.tokens[k].pos.endswith("FIN") for k in inserted):
            return None
        return (first, end)

    def _objective(self, k: int) -> bool:
        """A determiner in "-m"/"-n" opens an object: "den Mitarbeitern", "einem Kollegen"."""
        return self.tokens[k].pos in self.determiner_tags and self.lower[k].endswith(
            word_list("object_determiner_endings")
        )

    def _fronted_phrase(self, verb: int, sentence: list[int]) -> str | None:
        """What stands before the finite verb of a main clause: a noun phrase (with its
        attributes, "Der Bürgermeister von Rom") or an adverbial ("Am Montag", "Um 10 Uhr")."""
        before = range(sentence[0], verb)
        if not before or len(before) > _MAX_FRONTED:
            return None
        if any(self.tokens[k].pos in _CLAUSE_TAGS or self.lower[k] == "," for k in before):
            return None
        opening = self.tokens[sentence[0]].pos
        if opening in _NP_TAGS:
            # "Ihren Rivalen forderte sie auf": a fronted object
            return None if self._objective(sentence[0]) else "subject"
        if opening in word_set("adverbial_opening_tags"):
            return "adverbial"
        return None

    def can_speak(self, first: int, last: int) -> bool:
        """A phrase after the verb is its subject only if it names someone: a name, a pronoun
        or a speaker word ("Experten", "die Polizei"); else it is likely the object."""
        for k in range(first, last + 1):
            token = self.tokens[k]
            if self.lower[k] in self.impersonal:
                continue
            if token.pos in word_set("speaking_phrase_tags") or self.speaker_word(k):
                return True
        return False

    def speaker_word(self, k: int) -> bool:
        """Whether token ``k`` is a speaker word, in any form or as the end of a compound."""
        token = self.tokens[k]
        if token.text in self.speaker_words or token.lemma in self.speaker_words:
            return True
        return token.pos == "NN" and self.lower[k].endswith(self.role_words)

    def content(self, sentence: list[int], skip: tuple[int, int]) -> tuple[tuple[int, int], ...]:
        """The sentence without the frame ``skip`` and its final punctuation, as ranges."""
        first, last = sentence[0], sentence[-1]
        while last > first and self.tokens[last].pos.startswith("$"):
            last -= 1
        runs = []
        if skip[0] > first:
            left_end = skip[0] - 1
            while left_end > first and self.tokens[left_end].pos.startswith("$"):
                left_end -= 1
            runs.append((first, left_end))
        if skip[1] < last:
            right_start = skip[1] + 1
            while right_start < last and self.tokens[right_start].pos.startswith("$"):
                right_start += 1
            runs.append((right_start, last))
        return tuple(runs)

    def cue_clause(self, sentence: list[int], first: int, last: int) -> list[int]:
        """The tokens of the clause a source cue's frame (tokens ``first`` to ``last``) stands
        in: the part between semicolons or brackets, the relative or subordinate clause ("…,
        die nach Angaben der Polizei geflohen sind, …"), or else the whole sentence."""
        left, opened = -1, []
        for k in (k for k in sentence if k < first):
            if self.lower[k] == ";":
                left, opened = k, []
            elif self.lower[k] == "(":
                opened.append(k)
            elif self.lower[k] == ")" and opened:
                opened.pop()
        left = max([left, *opened])  # a cue inside brackets reports only what they hold
        right, depth = None, 0
        for k in (k for k in sentence if k > last):
            if self.lower[k] == "(":
                depth += 1
            elif self.lower[k] == ")":
                depth -= 1
            if self.lower[k] == ";" or (depth < 0 and opened):
                right = k
                break
        sentence = [k for k in sentence if k > left and (right is None or k < right)]
        comma = next((k for k in reversed(sentence) if k < first and self.lower[k] == ","), None)
        if comma is None:
            return sentence
        opener = comma + 1
        if self.tokens[opener].pos == "APPR" and opener + 1 < first:
            opener += 1  # "…, unter denen nach X …"
        if self.tokens[opener].pos not in SUBORDINATE_OPENERS:
            return sentence
        end = next((k for k in sentence if k > last and self.tokens[k].pos.endswith("FIN")), None)
        if end is None:
            return sentence
        return [k for k in sentence if comma < k <= end]

    def words(self, runs: tuple[tuple[int, int], ...]) -> int:
        return sum(1 for a, b in runs for i in range(a, b + 1) if self.tokens[i].text[:1].isalnum())

    def main_clause_verb(self, runs: tuple[tuple[int, int], ...]) -> bool:
        """Whether the content has a finite verb outside its subordinate and relative clauses
        ("Die Lage sei ernst, …", not "Falls X kommt, …" or "X, der dort arbeitet, …")."""
        for a, b in runs:
            subordinate = self.tokens[a].pos in SUBORDINATE_OPENERS
            for k in range(a, b + 1):
                if self.lower[k] == "," and k < b:
                    subordinate = self.tokens[k + 1].pos in SUBORDINATE_OPENERS
                elif self.tokens[k].pos.endswith("FIN") and not subordinate:
                    return True
        return False

    def zu_clause(self, start: int, end: int) -> bool:
        """A zu-infinitive clause: "…, die Stelle abzubauen", "…, dort gewesen zu sein"; not
        one of purpose or manner ("…, um sie zu prüfen", "ohne zu zögern")."""
        if start > end or self.lower[start] in self.purpose_words:
            return False
        stop = next((k for k in range(start, end + 1) if self.lower[k] in (",", ";")), end + 1)
        return any(
            self.tokens[k].pos == "VVIZU"
            or (
                self.lower[k] in self.infinitive_particles
                and k + 1 < stop
                and self.tokens[k + 1].pos.startswith("V")
            )
            for k in range(start, stop)
        )

    def reported_clause(self, start: int, end: int) -> bool:
        """A dass-clause or a verb-second clause: "dass …", "die Lage sei ernst"."""
        if start > end:
            return False
        if self.lower[start] in self.clause_starts:
            return True
        head = range(start, min(end, start + 5) + 1)
        return any(self.tokens[k].pos.endswith("FIN") for k in head)
