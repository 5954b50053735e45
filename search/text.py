"""Text normalisation and tokenisation shared by documents and queries.

Documents and queries go through the same `normalize()` (NFKC, case folding, traditional →
simplified, character by character so that a substring normalises to a substring). The
fields of one part of a document (title, summary or body) become two token streams:

* the main stream, positional: Latin words and numbers (letters and digits split, so
  `gpt4o` ≡ `gpt 4 o` ≡ `GPT-4o`), and for a CJK run c1…cn one token per position: the
  bigram c(i)c(i+1), and the lone last character, so position i always holds a token that
  starts with character i; a break token between fields;
* the grams, without positions: each distinct trigram and character of the CJK runs.

A query term (whitespace separates terms; all must match) is then one exact token when it can
be: a CJK character (unigram), two (bigram), three (trigram); anything longer or mixed with
Latin is a phrase over the main stream (CJK runs as their bigrams), whose last Latin word
matches as a prefix. So every substring of a CJK run is found, and nothing else, and the
common short queries are single-token lookups, which both backends answer without positions.
"""

import itertools
import operator
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import opencc

CJK_RANGES = (
    "\u3005\u3007\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
# A CJK run, a run of (non-CJK) letters, or a run of digits; anything else separates tokens.
TOKEN_RE = re.compile(rf"([{CJK_RANGES}]+)|((?:(?![{CJK_RANGES}])[^\W\d_])+)|(\d+)")
CJK_RE = re.compile(rf"[{CJK_RANGES}]")

CJK_RUN_RE = re.compile(rf"[{CJK_RANGES}]+")
NON_WORD_RE = re.compile(r"[\W_]+")  # what separates tokens in queries, as in documents

# Joins fields and runs inside one stream: never produced by the tokenizer (letters and digits
# are always split), so no phrase can match across it.
FIELD_BREAK = "x1x"
_BREAK = f" {FIELD_BREAK} "

MAX_TERMS = 12
MAX_TOKENS_PER_TERM = 40


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


class _T2SCharTable(dict):
    """`str.translate` table converting one character at a time, filled on first sight."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        converted = _converter().convert(char) if codepoint >= 0x2E80 else char
        self[codepoint] = converted
        return converted


_T2S_TABLE = _T2SCharTable()


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), case folding, traditional → simplified Chinese."""
    if not text:
        return ""
    return unicodedata.normalize("NFKC", text).casefold().translate(_T2S_TABLE)


# What people write inside names (悟道·天鹰, 悟道 天鹰, 悟道-天鹰, 悟道/天鹰): between two CJK
# characters it is dropped, in documents and queries alike, so each spelling finds the others.
# (Between Latin words and digits these already separate tokens; the field separator \x1f
# counts as whitespace for `\s`, so the spaces are listed, not `\s`.)
NAME_SEPARATORS = "·•・‧-_/ \t"
_CJK_GAP_RE = re.compile(rf"([{CJK_RANGES}])[{re.escape(NAME_SEPARATORS)}]+(?=[{CJK_RANGES}])")


def fold_separators(normalized: str) -> str:
    """`normalize()`d text without the separators inside CJK names."""
    return _CJK_GAP_RE.sub(r"\1", normalized)


_KEY_RE = re.compile(r"[^\W_]+")
MAX_EXACT_KEY = 64


def exact_key(text: str) -> str:
    """A name reduced to its letters and digits: what an exact name match compares
    (悟道·天鹰 = 悟道天鹰, GPT-4o = gpt4o). Empty for names too long to be typed whole."""
    key = "".join(_KEY_RE.findall(normalize(text or "")))
    return key if len(key) <= MAX_EXACT_KEY else ""


# Fields of one part (title, summary or body) travel as one string, joined by a separator
# that normalisation keeps and that no regex below treats as part of a token.
_FIELD_SEP = "\x1f"
# Numbers, runs of other word characters (letters, CJK), field separators: everything else
# separates tokens, and digits are split from letters (`gpt4o` → `gpt 4 o`).
_TOKEN_OR_SEP_RE = re.compile(rf"\d+|[^\W\d_]+|{_FIELD_SEP}")
_CJK_RUN_OR_SEP_RE = re.compile(rf"[{CJK_RANGES}]+|{_FIELD_SEP}")
_TRIGRAM_RE = re.compile(r"(?=(\S{3}))")  # over CJK runs only: cheaper than a CJK class


def _bigrams(match: re.Match) -> str:
    run = match.group()
    if run == _FIELD_SEP:
        return _BREAK
    if len(run) == 1:
        return f" {run} "
    return " " + " ".join(map(operator.add, run, run[1:])) + " " + run[-1] + " "


@dataclass
class Streams:
    """The tokens of one part of a document (several fields), as space-separated strings.

    `main` is positional (phrases): Latin words, numbers, and per CJK position the bigram
    starting there (a run's last character alone), with `FIELD_BREAK` between fields.
    `grams` holds each distinct trigram and character of the CJK runs: single-token lookups
    that need no positions.
    """

    main: str = ""
    grams: str = ""

    def __bool__(self) -> bool:
        return bool(self.main)


def _normalize_field(text: str) -> str:
    # ASCII is NFKC-stable, has no traditional characters, and folds as it lowers.
    return text.lower() if text.isascii() else fold_separators(normalize(text))


def normalize_fields(texts: list[str]) -> str:
    """The normalised tokens of several fields, separated by a field separator: what is indexed.

    Hot (every document of a rebuild): each step is one C-level pass over the text.
    """
    joined = _FIELD_SEP.join(_normalize_field(t.replace(_FIELD_SEP, " ")) for t in texts if t)
    cleaned = " ".join(_TOKEN_OR_SEP_RE.findall(joined))
    return cleaned if cleaned.replace(_FIELD_SEP, "").strip() else ""


def streams_of(normalized: str) -> Streams:
    """The token streams of `normalize_fields()`'s output."""
    if not normalized:
        return Streams()
    main = _CJK_RUN_OR_SEP_RE.sub(_bigrams, normalized)
    runs = " ".join(CJK_RUN_RE.findall(normalized))
    grams = dict.fromkeys(_TRIGRAM_RE.findall(runs))
    grams.update(dict.fromkeys(runs.replace(" ", "")))
    return Streams(main, " ".join(grams))


def exact_keys(title: str) -> list[str]:
    """The exact-match keys of a document's title (`normalize_fields()` of its names)."""
    keys = dict.fromkeys(field.replace(" ", "") for field in title.split(_FIELD_SEP))
    return [k for k in keys if k and len(k) <= MAX_EXACT_KEY]


def words_of(mains: Iterable[str]) -> set[str]:
    """The Latin words and numbers among main streams (for prefix expansion)."""
    tokens = set(" ".join(mains).split())
    tokens.discard(FIELD_BREAK)
    return {token for token in tokens if not CJK_RE.match(token)}


def field_streams(texts: list[str]) -> Streams:
    """Token streams of several fields, with a break between fields."""
    return streams_of(normalize_fields(texts))


def index_tokens(text: str) -> list[str]:
    """The main token stream of one text (CJK runs as bigrams + the run's last character)."""
    return field_streams([text]).main.split()


def units(text: str) -> list[str]:
    """The units a match is made of: each CJK character, each Latin word, each number."""
    out: list[str] = []
    for match in TOKEN_RE.finditer(normalize(text)):
        out.extend(match.group() if match.lastindex == 1 else [match.group()])
    return out


@dataclass(frozen=True)
class Token:
    text: str
    prefix: bool = False

    @property
    def is_single_cjk(self) -> bool:
        return len(self.text) == 1 and bool(CJK_RE.match(self.text))


# A term is a phrase: consecutive tokens. A query is terms that must all match (AND).
Term = tuple[Token, ...]


def parse_query(query: str) -> tuple[Term, ...]:
    """Whitespace-separated terms, each a phrase of tokens; punctuation and operators vanish."""
    terms: list[Term] = []
    for raw in normalize(query or "").split()[: MAX_TERMS * 2]:
        raw = fold_separators(raw)
        # Punctuation inside the CJK ranges (・ U+30FB) separates, as it does in documents.
        runs = [(m.group(), m.lastindex == 1) for m in TOKEN_RE.finditer(NON_WORD_RE.sub(" ", raw))]
        if not runs:
            continue
        if len(runs) == 1 and runs[0][1]:
            run = runs[0][0]
            # A unigram, bigram or trigram is one token; anything longer a phrase of bigrams.
            term = (Token(run),) if len(run) <= 3 else _main_stream_phrase(runs)
        else:
            term = _main_stream_phrase(runs)
        term = term[:MAX_TOKENS_PER_TERM]
        if term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return tuple(terms)


def _main_stream_phrase(runs: list[tuple[str, bool]]) -> Term:
    tokens: list[Token] = []
    for i, (run, is_cjk) in enumerate(runs):
        last_run = i == len(runs) - 1
        if not is_cjk or len(run) == 1:
            tokens.append(Token(run, prefix=last_run))
        else:
            tokens.extend(Token(a + b) for a, b in itertools.pairwise(run))
            if not last_run:
                # Followed by a Latin word: the run must end exactly here.
                tokens.append(Token(run[-1]))
    return tuple(tokens)
