"""Text normalisation and tokenisation shared by documents and queries.

Documents and queries go through the same `normalize()` (NFKC, case folding, traditional →
simplified, character by character so that a substring normalises to a substring). A CJK run
c1…cn becomes one token per position: the bigram c(i)c(i+1), and the lone last character, so
position i always holds a token that *starts* with character i. A query run q1…qm is then the
phrase of its bigrams (with `q1*` for a single character): every substring of a run is found,
and nothing else. Latin words and numbers are tokens of their own (letters and digits split,
so `gpt4o` ≡ `gpt 4 o` ≡ `GPT-4o`); the last one of a query term matches as a prefix.
"""

import itertools
import operator
import re
import unicodedata
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

# Joins fields inside one indexed column: never produced by the tokenizer (letters and digits
# are always split), so no phrase can match across two fields.
FIELD_BREAK = "x1x"

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


def index_tokens(text: str) -> list[str]:
    """The token stream of a document field (CJK runs as bigrams + the run's last character)."""
    out: list[str] = []
    for match in TOKEN_RE.finditer(normalize(text)):
        run = match.group()
        if match.lastindex == 1:
            out.extend(map(operator.add, run, run[1:]))
            out.append(run[-1])
        else:
            out.append(run)
    return out


def cjk_characters(text: str) -> list[str]:
    """Every CJK character of a text, normalised (PostgreSQL indexes them as lexemes too)."""
    return CJK_RE.findall(normalize(text))


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
        runs = [(m.group(), m.lastindex == 1) for m in TOKEN_RE.finditer(raw)]
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
        term = tuple(tokens[:MAX_TOKENS_PER_TERM])
        if term and term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return tuple(terms)
