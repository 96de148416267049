#!/usr/bin/env bash
# Install checks outside `make demo`: build the wheel, install it WITHOUT extras into a
# fresh venv and run `brief` and `facts` on the bundled sample; then add each extra in
# turn and run what it is for. A package the code imports but pyproject.toml does not
# declare fails here, where the dev venv (every extra installed) would hide it.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/storyweave-install.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
SAMPLE=examples/aleppo-2016/

step() { echo "install-check: $*"; }

step "building the wheel"
"$PYTHON" -m pip wheel --quiet --no-deps --wheel-dir "$WORK/dist" . >/dev/null
WHEEL=$(ls "$WORK"/dist/storyweave-*.whl)

step "core install (no extras) in a fresh venv"
"$PYTHON" -m venv "$WORK/core"
"$WORK/core/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
"$WORK/core/bin/python" -m pip install --quiet --disable-pip-version-check "$WHEEL"
SW="$WORK/core/bin/storyweave"
"$SW" brief "$SAMPLE" --words 80 >"$WORK/brief.txt"
grep -q "Sources" "$WORK/brief.txt" || { echo "install-check: core brief printed no sources"; exit 1; }
"$SW" facts "$SAMPLE" --format json >"$WORK/facts.json"
"$WORK/core/bin/python" -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['quotes'], 'no quotes'" "$WORK/facts.json"
"$SW" ingest "$SAMPLE" --db "$WORK/core.sqlite" >/dev/null 2>&1
"$SW" stories --db "$WORK/core.sqlite" >/dev/null
step "core: brief, facts, ingest, stories ran"

step "extra [web]"
"$WORK/core/bin/python" -m pip install --quiet --disable-pip-version-check "${WHEEL}[web]"
PORT=$("$WORK/core/bin/python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$SW" serve --db "$WORK/core.sqlite" --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER=$!
"$WORK/core/bin/python" - "$PORT" <<'PY' || { kill "$SERVER"; cat "$WORK/serve.log"; exit 1; }
import sys, time, urllib.request
port = sys.argv[1]
for _ in range(120):
    try:
        for path in ("/", "/api/stories"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
                assert r.status == 200, (path, r.status)
        break
    except OSError:
        time.sleep(0.5)
else:
    sys.exit("install-check: the web app never answered")
PY
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
step "web: pages answered"

step "extra [eval]"
"$WORK/core/bin/python" -m pip install --quiet --disable-pip-version-check "${WHEEL}[eval]"
"$WORK/core/bin/python" - <<'PY'
from storyweave.summarize import baselines
from storyweave import evaluate
import rouge_score, sumy  # noqa: F401
print("eval imports ok", evaluate.__name__, baselines.__name__)
PY

step "extra [scale]"
"$WORK/core/bin/python" -m pip install --quiet --disable-pip-version-check "${WHEEL}[scale]"
"$SW" ingest "$SAMPLE" --db "$WORK/scale.sqlite" --workers 1 >/dev/null 2>&1
"$SW" stories --db "$WORK/scale.sqlite" >/dev/null
step "scale: ingest on a 1-worker Dask cluster ran"
step "ok"
