# ruff: noqa: E402, E701, E702, E741  (a one-off record of how the gold file was made)
"""How benchmarks/data/language_gold.jsonl was made (run once; kept to show the labelling and the split).

The reading sheet listed every page with its two longest lines and py3langid's guess on the
whole page; each line was read and the guess kept only where the body agreed (OVERRIDE holds
the pages where it did not). The label is the language of the page body.

    .venv/bin/python benchmarks/language_gold_build.py
"""
import hashlib
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'benchmarks'))
import py3langid
from language_gold_invented import INVENTED

SEED = "storyweave-language-gold-1"
rows=[json.loads(l) for l in open(ROOT.parent / 'shared' / 'data' / 'trafilatura-eval-text.jsonl', encoding='utf-8')]
# My labels: every page read (its longest lines, and the full text where unsure); the label is the
# language of the page body. py3langid's guess on the whole page was the starting point of the
# reading sheet; these are the pages where the body says otherwise.
OVERRIDE = {63:'zh', 64:'de', 89:'de', 110:'pap', 423:'zh'}
EXCLUDE = {88}  # empty text
def site_of(url):
    if url.startswith('hard::'):
        return re.split(r'[-]', url[6:])[0].replace('.html','')
    u = url[1:] if url.startswith('xhttp') else url
    host = urlsplit(u.strip()).netloc.lower()
    return host[4:] if host.startswith('www.') else (host or url)
def split_of(site):
    h = hashlib.sha256((SEED + '|' + site).encode()).digest()[0]
    return 'tune' if h % 2 == 0 else 'blind'
out=[]
for i,r in enumerate(rows):
    if i in EXCLUDE: continue
    t=r['text']
    lab = OVERRIDE.get(i) or py3langid.classify(t[:5000])[0]
    if lab=='yue': lab='zh'
    site=site_of(r['url']); sp=split_of(site)
    sha=hashlib.sha1(t.encode()).hexdigest()[:16]
    base=dict(source='trafilatura-eval-text', page=i, url=r['url'], sha1=sha, label=lab, english=lab=='en', site=site, split=sp)
    out.append(dict(id=f'p{i}-clean', view='clean', case='page', **base))
    out.append(dict(id=f'p{i}-raw', view='raw', case='page-raw', **base))
    # a short window of the body: the line holding the longest 'with' snippet found verbatim
    best=None
    for s in sorted(r['with'], key=len, reverse=True):
        k=t.find(s)
        if k>=0 and len(s)>=25: best=k; break
    if best is not None:
        ls=t.rfind('\n',0,best)+1
        seg=t[ls:ls+260]
        if len(seg)==260 and ' ' in seg: seg=seg[:seg.rfind(' ')]
        seg=seg.split('\n')[0]
        if len(seg.split())>=6:
            out.append(dict(id=f'p{i}-window', view='window', case='short', offset=ls, length=len(seg), **base))
for j,(lab,case,text) in enumerate(INVENTED):
    site=f'invented-{j:02d}'
    out.append(dict(id=f'i{j:02d}', source='invented', view='text', case=case, text=text, label=lab, english=lab=='en', site=site, split=split_of(site)))
import collections

print(len(out), collections.Counter((o['case'],o['split']) for o in out))
print(collections.Counter((o['english'],o['split']) for o in out))
# windows that are another language than their page (English quotes inside German pages)
WIN_OVERRIDE = {76:'en', 176:'en', 319:'en', 496:'en'}
WIN_DROP = {89}  # half German, half an English quote
final=[]
for o in out:
    if o['view']=='window':
        if o['page'] in WIN_DROP: continue
        if o['page'] in WIN_OVERRIDE:
            o['label']=WIN_OVERRIDE[o['page']]; o['english']=o['label']=='en'; o['case']='short-quote'
    final.append(o)
meta={"_meta": {"what": "language gold for storyweave's language check: is the main language of the text English?",
  "labels": "set by hand: every page of trafilatura-eval-text.jsonl read (its longest lines; the whole text where unsure) and labelled with the language of its body, not its menus; its 'english' field was not used. Windows: the line holding the page's longest 'with' snippet, checked again where the window's language differs from its page. Invented: texts written for this file (short news items, English quoting other languages, other languages with English names, code-switching, mixed-language boilerplate, telegraphic English).",
  "views": "clean = the page through storyweave's cleaner (the text the check sees); raw = the page as scraped, boilerplate and all; window = page text[offset:offset+length]; text = the 'text' field",
  "split": f"by site, once: sha256('{SEED}|' + site)[0] even -> tune, odd -> blind. Choose on tune only; report blind.",
  "page text": "not stored: pages are identified by url and sha1 (first 16 hex digits of the text's UTF-8 SHA-1) in ../shared/data/trafilatura-eval-text.jsonl",
  "count": len(final)}}
with open(ROOT / 'benchmarks' / 'data' / 'language_gold.jsonl', 'w', encoding='utf-8') as f:
    f.write(json.dumps(meta, ensure_ascii=False)+'\n')
    for o in final: f.write(json.dumps(o, ensure_ascii=False)+'\n')
print('written', len(final))
