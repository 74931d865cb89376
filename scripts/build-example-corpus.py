#!/usr/bin/env python3
"""Builds sitrep's example corpus from the article sources.

Reads examples/corpus/articles/*.md (front matter between `---` lines, then the article's
paragraphs separated by blank lines) and writes, deterministically:

  examples/corpus/html/<id>.html   one page per article, in its outlet's template
  examples/corpus/feed.xml         RSS 2.0 feed of Caucasus Wire
  examples/corpus/atom.xml         Atom feed of The Meridian Post
  examples/corpus/crawl.warc.gz    WARC/1.1 crawl of every page (plus a robots.txt and a 404)
  examples/corpus/articles.jsonl   the plain articles, one JSON object a line
  examples/corpus/truth.json       ground truth: copies, languages, what a WARC reader must skip
  the generated tables in examples/corpus/README.md (between <!-- ...:begin/end --> markers)

Every event, outlet, reporter and page is fictional, written for sitrep's documentation.
Python 3 standard library only; run from anywhere:

  python3 scripts/build-example-corpus.py [--check]

--check rebuilds into memory and exits 1 if any file on disk differs (for CI).
"""

import base64
import datetime as dt
import email.utils
import gzip
import hashlib
import html
import json
import re
import sys
import uuid
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
REQUIRED = ("id", "date", "title", "site", "author", "url")
OPTIONAL = ("summary", "lang", "copy_of", "copy_kind", "republished_from", "only")
DISCLAIMER = (
    "The events in this article are fictional, written for sitrep's documentation. "
    "{site} is an invented outlet; no real person said or did what is reported here."
)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class SourceError(Exception):
    pass


class Article:
    def __init__(self, path, meta, paragraphs):
        self.path = path
        self.id = meta["id"]
        self.title = meta["title"]
        self.site = meta["site"]
        self.author = meta["author"]
        self.url = meta["url"]
        self.summary = meta.get("summary", "")
        self.lang = meta.get("lang", "en")
        self.copy_of = meta.get("copy_of")
        self.copy_kind = meta.get("copy_kind")
        self.republished_from = meta.get("republished_from")
        self.only = meta.get("only")
        self.date_text = meta["date"]
        try:
            self.date = dt.datetime.fromisoformat(meta["date"])
        except ValueError as e:
            raise SourceError(f"{path}: date {meta['date']!r} is not ISO 8601: {e}") from None
        if self.date.tzinfo is None:
            raise SourceError(f"{path}: date {meta['date']!r} has no UTC offset")
        self.paragraphs = paragraphs

    @property
    def utc(self):
        return self.date.astimezone(dt.timezone.utc)

    @property
    def text(self):
        return "\n\n".join(self.paragraphs)

    @property
    def in_html(self):
        return self.only != "warc"


def parse_article(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError(f"{path}:1: expected '---' opening the front matter")
    meta = {}
    end = None
    for no, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            end = no
            break
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or key not in REQUIRED + OPTIONAL:
            raise SourceError(f"{path}:{no}: expected 'key: value' with a known key, got {line!r}")
        if key in meta:
            raise SourceError(f"{path}:{no}: {key!r} given twice")
        meta[key] = value.strip()
    if end is None:
        raise SourceError(f"{path}: front matter is not closed by '---'")
    for key in REQUIRED:
        if not meta.get(key):
            raise SourceError(f"{path}: front matter lacks {key!r}")
    body = "\n".join(lines[end:])
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
    return Article(path, meta, paragraphs)


def load_articles():
    paths = sorted((CORPUS / "articles").glob("*.md"))
    if not paths:
        raise SourceError(f"no article sources in {CORPUS / 'articles'}")
    articles = [parse_article(p) for p in paths]
    by_id = {}
    for a in articles:
        if a.id in by_id:
            raise SourceError(f"{a.path}: id {a.id!r} already used by {by_id[a.id].path}")
        by_id[a.id] = a
        if a.site not in OUTLETS:
            raise SourceError(f"{a.path}: unknown site {a.site!r} (known: {', '.join(OUTLETS)})")
    for a in articles:
        if a.copy_of:
            original = by_id.get(a.copy_of)
            if original is None:
                raise SourceError(f"{a.path}: copy_of {a.copy_of!r} names no article")
            if a.copy_kind == "exact":
                if a.paragraphs:
                    raise SourceError(f"{a.path}: an exact copy takes its text from the original; "
                                      "leave the body empty")
                a.paragraphs = list(original.paragraphs)
            elif a.copy_kind != "edited":
                raise SourceError(f"{a.path}: copy_kind must be 'exact' or 'edited'")
        if not a.paragraphs:
            raise SourceError(f"{a.path}: article has no text")
    articles.sort(key=lambda a: (a.utc, a.id))
    return articles, by_id


# ---------------------------------------------------------------------------------------------
# Shared page pieces

def esc(s):
    return html.escape(s, quote=True)


def long_date(d):
    hour = d.hour % 12 or 12
    ampm = "AM" if d.hour < 12 else "PM"
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year} {hour}:{d.minute:02d} {ampm}"


def offset_label(d):
    off = d.utcoffset()
    minutes = int(off.total_seconds() // 60)
    if minutes == 0:
        return "GMT"
    sign = "+" if minutes > 0 else "-"
    return f"GMT{sign}{abs(minutes) // 60}"


LABELS = {
    "en": {"related": "Related stories", "comments": "Comments", "cookie":
           "We use cookies to personalise content and ads, and to analyse our traffic. "
           "You can change your choices at any time.", "accept": "Accept all",
           "reject": "Reject non-essential", "ad": "Advertisement", "share": "Share this story",
           "closed": "Comments are closed for this story.", "newsletter":
           "Get the morning briefing in your inbox", "signup": "Sign up"},
    "fr": {"related": "À lire aussi", "comments": "Commentaires", "cookie":
           "Nous utilisons des cookies pour personnaliser le contenu et les publicités.",
           "accept": "Tout accepter", "reject": "Refuser", "ad": "Publicité",
           "share": "Partager", "closed": "Les commentaires sont fermés.",
           "newsletter": "Recevez notre lettre du matin", "signup": "S'inscrire"},
    "de": {"related": "Mehr zum Thema", "comments": "Kommentare", "cookie":
           "Wir verwenden Cookies, um Inhalte und Anzeigen zu personalisieren.",
           "accept": "Alle akzeptieren", "reject": "Ablehnen", "ad": "Anzeige",
           "share": "Teilen", "closed": "Die Kommentare sind geschlossen.",
           "newsletter": "Der Morgen-Newsletter", "signup": "Anmelden"},
}

# Reader comments: invented, and deliberately full of actor names, so that an extractor which
# keeps the comment section would code events that are not in the article.
COMMENTS = [
    ("border_watcher", "The EU should stop buying gas from Baku until this ends."),
    ("anush_k", "Praying for the families in Sotk and Jermuk. Stay safe."),
    ("realist42", "Where is Russia's famous alliance now? Armenia learned the hard way."),
    ("tomasz.b", "Both governments are playing with people's lives. Shameful."),
    ("caspian_view", "Azerbaijan only wants its own land back, read some history."),
    ("m.harutyunyan", "Thank you for the reporting from the ground."),
    ("old_diplomat", "Geneva again? The OSCE tried this for thirty years."),
    ("kat_in_tbilisi", "Georgia is doing the right thing by staying neutral."),
    ("no_more_war", "Peace is possible if both sides want it. Do they?"),
    ("j.vance_reader", "Turkey and Iran will decide this, not Brussels."),
]


def comments_for(index, count):
    picked = [COMMENTS[(index * 3 + k) % len(COMMENTS)] for k in range(count)]
    return picked


def json_ld(obj):
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    # "</" would end the script element early.
    return text.replace("</", "<\\/")


def related_for(article, articles, count=3):
    same = [a for a in articles
            if a.site == article.site and a.id != article.id and not a.copy_of
            and a.in_html and a.lang == article.lang]
    same.sort(key=lambda a: (abs((a.utc - article.utc).total_seconds()), a.id))
    return same[:count]


def body_html(article, inserts):
    """Article paragraphs with boilerplate blocks inserted after given paragraph numbers."""
    out = []
    for i, p in enumerate(article.paragraphs, start=1):
        if p.startswith("This article was republished from"):
            out.append(f'<p class="republication"><em>{esc(p)}</em></p>')
        else:
            out.append(f"<p>{esc(p)}</p>")
        if i in inserts and i < len(article.paragraphs):
            out.append(inserts[i])
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Outlet 1: Caucasus Wire, a wire-service site with a classic masthead layout

def render_cw(article, articles, index):
    L = LABELS[article.lang]
    d = article.date
    related = related_for(article, articles)
    comments = comments_for(index, index % 4)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.date_text,
        "dateModified": article.date_text,
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": "Caucasus Wire",
                      "logo": {"@type": "ImageObject",
                               "url": "https://www.caucasuswire.example/static/logo.png"}},
        "mainEntityOfPage": article.url,
        "inLanguage": article.lang,
    }
    inserts = {
        3: f'<div class="ad-slot ad-inarticle" data-slot="mid-1"><span class="ad-label">{L["ad"]}</span>'
           f'<a href="https://ads.example/click?c=cw-mid" rel="sponsored nofollow">'
           f'Fly Yerevan–Paris from 89 EUR. Book before Sunday.</a></div>',
    }
    rel = "\n".join(
        f'<li><a href="{esc(r.url)}">{esc(r.title)}</a> <span class="when">{MONTHS[r.date.month - 1][:3]} {r.date.day}</span></li>'
        for r in related)
    if comments:
        items = "\n".join(
            f'<li class="comment"><span class="comment-author">{esc(u)}</span>'
            f'<p class="comment-text">{esc(t)}</p><a class="reply" href="#">Reply</a></li>'
            for u, t in comments)
        comment_html = f'<ol class="comment-list">\n{items}\n</ol>'
    else:
        comment_html = f'<p class="comments-closed">{L["closed"]}</p>'
    return f"""<!DOCTYPE html>
<html lang="{article.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(article.title)} - Caucasus Wire</title>
<meta name="description" content="{esc(article.paragraphs[0][:200])}">
<link rel="canonical" href="{esc(article.url)}">
<meta property="og:site_name" content="Caucasus Wire">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(article.title)}">
<meta property="og:url" content="{esc(article.url)}">
<meta property="article:published_time" content="{article.date_text}">
<meta property="article:section" content="World">
<link rel="stylesheet" href="/static/css/cw.4e1d2.css">
<link rel="alternate" type="application/rss+xml" title="Caucasus Wire - World" href="https://www.caucasuswire.example/feeds/world.rss">
<script type="application/ld+json">
{json_ld(ld)}
</script>
<script>window.cwAnalytics=window.cwAnalytics||[];cwAnalytics.push({{page:"article",id:"{article.id}"}});</script>
</head>
<body class="article-page">
<div id="cookie-consent" class="cookie-banner" role="dialog" aria-label="Cookie consent">
<p>{L["cookie"]} <a href="/privacy">Privacy policy</a></p>
<button class="accept">{L["accept"]}</button> <button class="reject">{L["reject"]}</button>
</div>
<header class="masthead">
<a class="logo" href="https://www.caucasuswire.example/">Caucasus Wire</a>
<p class="tagline">News from the South Caucasus, around the clock</p>
<nav class="primary-nav" aria-label="Sections">
<ul>
<li><a href="/world/">World</a></li><li><a href="/business/">Business</a></li><li><a href="/energy/">Energy</a></li>
<li><a href="/sport/">Sport</a></li><li><a href="/opinion/">Opinion</a></li><li><a href="/video/">Video</a></li>
</ul>
</nav>
<form class="search" action="/search"><input type="search" name="q" placeholder="Search"><button>Go</button></form>
</header>
<div class="ad-slot ad-leaderboard" data-slot="top"><span class="ad-label">{L["ad"]}</span>
<a href="https://ads.example/click?c=cw-top" rel="sponsored nofollow">Open a business account in 5 minutes - no paperwork</a></div>
<main id="content">
<article class="story">
<p class="kicker"><a href="/world/">World</a></p>
<h1 class="headline">{esc(article.title)}</h1>
<div class="story-meta">
<p class="byline">By <a rel="author" href="/authors/{esc(slug(article.author))}">{esc(article.author)}</a></p>
<p class="dateline"><time datetime="{article.date_text}">{long_date(d)} {offset_label(d)}</time></p>
<p class="reading-time">{max(1, len(article.text.split()) // 200)} min read</p>
</div>
<div class="story-body">
{body_html(article, inserts)}
</div>
<div class="share"><span>{L["share"]}</span> <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Telegram</a> <a href="#">Email</a></div>
<p class="standards"><a href="/trust-principles">Our Standards: The Caucasus Wire Trust Principles.</a></p>
</article>
<aside class="related">
<h2>{L["related"]}</h2>
<ul>
{rel}
</ul>
</aside>
<section id="comments" class="comments">
<h2>{L["comments"]} ({len(comments)})</h2>
{comment_html}
</section>
</main>
<aside class="sidebar">
<div class="ad-slot ad-mpu" data-slot="side"><span class="ad-label">{L["ad"]}</span>
<a href="https://ads.example/click?c=cw-side" rel="sponsored nofollow">Learn Armenian online. First lesson free.</a></div>
<div class="most-read"><h2>Most read</h2><ol>
<li><a href="/business/2025/02/28/dram-steady">Dram steady as central bank holds rates</a></li>
<li><a href="/sport/2025/03/01/yerevan-derby">Late goal settles Yerevan derby</a></li>
</ol></div>
</aside>
<footer class="site-footer">
<p class="fiction-notice">{esc(DISCLAIMER.format(site="Caucasus Wire"))}</p>
<nav aria-label="Footer"><a href="/about">About us</a> | <a href="/contact">Contact</a> | <a href="/privacy">Privacy</a> | <a href="/terms">Terms of use</a></nav>
<p>&copy; 2025 Caucasus Wire. All rights reserved.</p>
</footer>
</body>
</html>
"""


# ---------------------------------------------------------------------------------------------
# Outlet 2: The Meridian Post, a newspaper site with div soup, inline promos and an @graph

def render_mp(article, articles, index):
    L = LABELS[article.lang]
    d = article.date
    related = related_for(article, articles)
    comments = comments_for(index, 1 + index % 3)
    news = {
        "@type": "NewsArticle",
        "@id": article.url + "#article",
        "headline": article.title,
        "datePublished": article.date_text,
        "dateModified": article.date_text,
        "author": [{"@type": "Person", "name": article.author}],
        "publisher": {"@id": "https://meridianpost.example/#org"},
        "isPartOf": {"@id": article.url + "#webpage"},
        "inLanguage": article.lang,
        "articleSection": "News",
    }
    if article.copy_of and article.republished_from:
        news["isBasedOn"] = ORIGINAL_URLS[article.copy_of]
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "https://meridianpost.example/#org",
             "name": "The Meridian Post", "url": "https://meridianpost.example/"},
            {"@type": "WebPage", "@id": article.url + "#webpage", "url": article.url,
             "name": article.title},
            news,
        ],
    }
    promo = related[0] if related else None
    inserts = {
        2: f'<div class="inline-ad"><small>{L["ad"]}</small><a href="https://ads.example/click?c=mp-inline" '
           f'rel="sponsored">Compare mortgage rates in minutes</a></div>',
    }
    if promo is not None:
        inserts[4] = (f'<p class="read-more"><strong>Read more:</strong> '
                      f'<a href="{esc(promo.url)}">{esc(promo.title)}</a></p>')
    rel = "\n".join(
        f'<div class="card"><a class="card-link" href="{esc(r.url)}"><span class="card-title">{esc(r.title)}</span></a></div>'
        for r in related)
    items = "\n".join(
        f'<div class="c-item"><div class="c-head"><b>{esc(u)}</b> <span class="c-age">{2 + k} hours ago</span></div>'
        f'<div class="c-body">{esc(t)}</div><div class="c-votes">&#9650; {7 * (k + 1)} &#9660;</div></div>'
        for k, (u, t) in enumerate(comments))
    shown = f"{DAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year} {d.hour:02d}.{d.minute:02d} {offset_label(d)}"
    return f"""<!doctype html>
<html lang="{article.lang}" class="no-js">
<head>
<meta charset="utf-8">
<title>{esc(article.title)} | The Meridian Post</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta property="og:site_name" content="The Meridian Post">
<meta property="og:title" content="{esc(article.title)}">
<meta property="og:type" content="article">
<meta property="og:locale" content="{ {"en": "en_GB", "fr": "fr_FR", "de": "de_DE"}[article.lang] }">
<meta property="og:url" content="{esc(article.url)}">
<meta property="article:published_time" content="{article.date_text}">
<meta property="article:modified_time" content="{article.date_text}">
<meta property="article:author" content="{esc(article.author)}">
<link rel="canonical" href="{esc(article.url)}">
<link rel="alternate" type="application/atom+xml" href="https://meridianpost.example/feeds/news.atom">
<script type="application/ld+json">{json_ld(ld)}</script>
<style>.cookie-wall{{position:fixed;bottom:0}}.inline-ad{{border:1px solid #ddd}}</style>
</head>
<body>
<div class="site-wrap">
<div class="top-strip"><a href="/subscribe">Subscribe from 1 EUR</a> · <a href="/login">Log in</a> · <a href="/newsletters">Newsletters</a></div>
<div class="header"><div class="brand"><a href="https://meridianpost.example/"><img src="/img/meridian-logo.svg" alt="The Meridian Post"></a></div>
<div class="menu"><a href="/news">News</a> <a href="/world">World</a> <a href="/europe">Europe</a> <a href="/climate">Climate</a> <a href="/culture">Culture</a> <a href="/puzzles">Puzzles</a></div></div>
<div class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/news">News</a> &rsaquo; <a href="/world">World</a></div>
<div class="page">
<div class="main-col">
<div class="article-header">
<h1 itemprop="headline">{esc(article.title)}</h1>
<div class="meta-line"><span class="author-name">{esc(article.author)}</span>{", Caucasus Wire" if article.republished_from else ""}
<span class="sep">·</span> <time datetime="{article.date_text}">{shown}</time></div>
</div>
<div class="content-body" data-component="text-block">
{body_html(article, inserts)}
</div>
<div class="tags"><a href="/topics/armenia">Armenia</a> <a href="/topics/azerbaijan">Azerbaijan</a> <a href="/topics/south-caucasus">South Caucasus</a></div>
<div class="newsletter-box"><p>{L["newsletter"]}</p><form><input type="email" placeholder="you@example.com"><button>{L["signup"]}</button></form></div>
<div class="more-on-this">
<h3>{L["related"]}</h3>
{rel}
</div>
<div class="comments-block" id="discussion">
<h3>{L["comments"]}</h3>
<p class="c-rules">Comments are moderated. Be civil.</p>
{items}
<button class="load-more">Load more comments</button>
</div>
</div>
<div class="right-col">
<div class="ad-box"><small>{L["ad"]}</small><a href="https://ads.example/click?c=mp-right" rel="sponsored">Winter sun: seven nights from 399 EUR</a></div>
<div class="trending"><h4>Trending</h4><a href="/culture/opera-season">Opera season opens with a storm</a><a href="/climate/glacier-retreat">Glaciers retreat faster than forecast</a></div>
</div>
</div>
<div class="footer">
<p class="fiction-notice">{esc(DISCLAIMER.format(site="The Meridian Post"))}</p>
<p><a href="/about">About</a> · <a href="/jobs">Jobs</a> · <a href="/privacy">Privacy</a> · <a href="/cookies">Cookie settings</a></p>
<p>© The Meridian Post 2025</p>
</div>
</div>
<div class="cookie-wall" id="cmp"><div class="cmp-text">{L["cookie"]}</div><button id="cmp-accept">{L["accept"]}</button><button id="cmp-manage">{L["reject"]}</button></div>
<script src="/js/bundle.8c2f1.js" defer></script>
</body>
</html>
"""


# ---------------------------------------------------------------------------------------------
# Outlet 3: Daily Ledger, HTML5 semantic markup with microdata

def render_dl(article, articles, index):
    L = LABELS[article.lang]
    d = article.date
    related = related_for(article, articles)
    comments = comments_for(index, 2 if index % 2 == 0 else 0)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.date_text,
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": "Daily Ledger"},
        "url": article.url,
        "inLanguage": article.lang,
    }
    inserts = {
        3: f'<aside class="newsletter-inline"><h4>{L["newsletter"]}</h4>'
           f'<form action="/newsletter"><input type="email" name="email"><button>{L["signup"]}</button></form></aside>',
    }
    rel = "\n".join(f'<li><a href="{esc(r.url)}">{esc(r.title)}</a></li>' for r in related)
    if comments:
        items = "\n".join(
            f'<article class="comment" id="c{index}-{k}"><header><span class="user">{esc(u)}</span> '
            f'<time datetime="{(d + dt.timedelta(hours=k + 1)).isoformat()}">{k + 1}h</time></header>'
            f'<p>{esc(t)}</p></article>'
            for k, (u, t) in enumerate(comments))
    else:
        items = f'<p class="no-comments">{L["closed"]}</p>'
    home = "https://www.dailyledger.example/" + ("fr/" if article.lang == "fr" else "")
    return f"""<!DOCTYPE html>
<html lang="{article.lang}" dir="ltr">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{esc(article.title)} - Daily Ledger</title>
<meta name="author" content="{esc(article.author)}">
<meta property="og:site_name" content="Daily Ledger">
<meta property="og:title" content="{esc(article.title)}">
<meta property="og:url" content="{esc(article.url)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{article.date_text}">
<link rel="canonical" href="{esc(article.url)}">
<script type="application/ld+json">{json_ld(ld)}</script>
<script async src="https://tags.example/gtm.js?id=DL-0001"></script>
</head>
<body>
<noscript><p>Please enable JavaScript for the best experience.</p></noscript>
<div class="consent" data-consent="pending">
<p>{L["cookie"]}</p><a class="btn" href="#accept">{L["accept"]}</a> <a class="btn" href="#settings">{L["reject"]}</a>
</div>
<header role="banner">
<div class="brand"><a href="{home}">Daily Ledger</a> <span class="edition">{"Édition française" if article.lang == "fr" else "International edition"}</span></div>
<nav role="navigation"><a href="{home}">Home</a> <a href="{home}politics">Politics</a> <a href="{home}world">World</a> <a href="{home}markets">Markets</a> <a href="{home}tech">Tech</a> <a href="{home}weather">Weather</a></nav>
</header>
<div class="banner-ad" aria-label="{L["ad"]}"><a href="https://ads.example/click?c=dl-top" rel="sponsored">Your home, insured in one click</a></div>
<main role="main">
<article itemscope itemtype="https://schema.org/NewsArticle">
<header>
<h1 itemprop="headline">{esc(article.title)}</h1>
<address class="author" itemprop="author" itemscope itemtype="https://schema.org/Person">by <span itemprop="name">{esc(article.author)}</span></address>
<time itemprop="datePublished" datetime="{article.date_text}" pubdate>{d.month:02d}/{d.day:02d}/{d.year} {d.hour:02d}:{d.minute:02d}</time>
</header>
<figure class="lead-image"><img src="/images/caucasus-map.jpg" alt="Map of the South Caucasus"><figcaption>Map of the region. Illustration: Daily Ledger</figcaption></figure>
<div itemprop="articleBody" class="article-body">
{body_html(article, inserts)}
</div>
<footer class="article-tools"><a href="#">{L["share"]}</a> · <a href="#">Print</a> · <a href="/corrections">Report an error</a></footer>
</article>
<section class="related" aria-labelledby="related-h">
<h2 id="related-h">{L["related"]}</h2>
<ul>
{rel}
</ul>
</section>
<section class="discussion" aria-label="{L["comments"]}">
<h2>{L["comments"]}</h2>
{items}
</section>
</main>
<footer role="contentinfo">
<p class="fiction-notice">{esc(DISCLAIMER.format(site="Daily Ledger"))}</p>
<ul class="links"><li><a href="/about">About the Ledger</a></li><li><a href="/ethics">Ethics policy</a></li><li><a href="/privacy">Privacy</a></li></ul>
<small>Copyright 2025 Daily Ledger Media.</small>
</footer>
</body>
</html>
"""


OUTLETS = {
    "Caucasus Wire": render_cw,
    "The Meridian Post": render_mp,
    "Daily Ledger": render_dl,
}
ORIGINAL_URLS = {}


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


# ---------------------------------------------------------------------------------------------
# Feeds

def xml_text(s):
    return html.escape(s, quote=False)


def article_fragment(article):
    return "\n".join(f"<p>{esc(p)}</p>" for p in article.paragraphs)


def rss_feed(articles):
    items = [a for a in articles if a.site == "Caucasus Wire" and a.in_html]
    items.sort(key=lambda a: (a.utc, a.id), reverse=True)
    parts = []
    for a in items:
        fragment = article_fragment(a)
        if "]]>" in fragment:
            raise SourceError(f"{a.path}: text contains ']]>', which CDATA cannot hold")
        parts.append(f"""    <item>
      <title>{xml_text(a.title)}</title>
      <link>{xml_text(a.url)}</link>
      <guid isPermaLink="true">{xml_text(a.url)}</guid>
      <pubDate>{email.utils.format_datetime(a.date)}</pubDate>
      <dc:creator>{xml_text(a.author)}</dc:creator>
      <category>World</category>
      <description>{xml_text("<p>" + esc(a.paragraphs[0]) + "</p>")}</description>
      <content:encoded><![CDATA[{fragment}]]></content:encoded>
    </item>""")
    newest = items[0].date
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Caucasus Wire - World</title>
    <link>https://www.caucasuswire.example/world/</link>
    <atom:link href="https://www.caucasuswire.example/feeds/world.rss" rel="self" type="application/rss+xml"/>
    <description>World news from Caucasus Wire, an invented outlet. The events are fictional, written for sitrep's documentation.</description>
    <language>en</language>
    <lastBuildDate>{email.utils.format_datetime(newest)}</lastBuildDate>
    <ttl>15</ttl>
{chr(10).join(parts)}
  </channel>
</rss>
"""


def atom_feed(articles):
    entries = [a for a in articles if a.site == "The Meridian Post" and a.in_html]
    entries.sort(key=lambda a: (a.utc, a.id), reverse=True)
    parts = []
    for a in entries:
        parts.append(f"""  <entry>
    <title>{xml_text(a.title)}</title>
    <link rel="alternate" type="text/html" href="{esc(a.url)}"/>
    <id>{xml_text(a.url)}</id>
    <published>{a.date_text}</published>
    <updated>{a.date_text}</updated>
    <author><name>{xml_text(a.author)}</name></author>
    <summary type="text">{xml_text(a.paragraphs[0])}</summary>
    <content type="html">{xml_text(article_fragment(a))}</content>
  </entry>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>The Meridian Post - News</title>
  <subtitle>An invented outlet; the events are fictional, written for sitrep's documentation.</subtitle>
  <link rel="self" type="application/atom+xml" href="https://meridianpost.example/feeds/news.atom"/>
  <link rel="alternate" type="text/html" href="https://meridianpost.example/news"/>
  <id>tag:meridianpost.example,2025:news</id>
  <updated>{entries[0].date_text}</updated>
{chr(10).join(parts)}
</feed>
"""


# ---------------------------------------------------------------------------------------------
# WARC

CHUNKED_ID = "mp-2025-03-27-ceasefire-holds"
GZIP_ID = "dl-2025-03-18-eu-sanctions-threat"
NOT_FOUND_URL = "https://www.caucasuswire.example/world/2025/03/18/border-live-updates"
ROBOTS_URL = "https://www.caucasuswire.example/robots.txt"


def warc_date(t):
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_id(kind, uri):
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + ' ' + uri)}>"


def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_record(headers, block):
    head = [("WARC-Type", headers.pop("WARC-Type"))] + list(headers.items())
    head.append(("Content-Length", str(len(block))))
    text = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in head) + "\r\n"
    return text.encode("utf-8") + block + b"\r\n\r\n"


def split_url(url):
    m = re.match(r"https?://([^/]+)(/.*)?$", url)
    if not m:
        raise SourceError(f"cannot split URL {url!r}")
    return m.group(1), m.group(2) or "/"


def http_request(url):
    host, path = split_url(url)
    return (f"GET {path} HTTP/1.1\r\nHost: {host}\r\n"
            "User-Agent: sitrep-example-crawler/1.0 (fictional crawl for documentation)\r\n"
            "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.8\r\n"
            "Accept-Encoding: gzip\r\nAccept-Language: en\r\nConnection: close\r\n\r\n").encode("ascii")


def http_response(status, content_type, payload, when, mode):
    """HTTP/1.1 message bytes and the payload as a digest sees it (transfer coding removed)."""
    date = email.utils.format_datetime(when.astimezone(dt.timezone.utc), usegmt=True)
    lines = [f"HTTP/1.1 {status}", f"Date: {date}", "Server: nginx",
             f"Content-Type: {content_type}"]
    entity = payload
    if mode == "gzip":
        entity = gzip.compress(payload, compresslevel=9, mtime=0)
        lines.append("Content-Encoding: gzip")
        lines.append("Vary: Accept-Encoding")
    if mode == "chunked":
        lines.append("Transfer-Encoding: chunked")
        body = b""
        for i in range(0, len(entity), 1500):
            chunk = entity[i:i + 1500]
            body += f"{len(chunk):x}\r\n".encode("ascii") + chunk + b"\r\n"
        body += b"0\r\n\r\n"
    else:
        lines.append(f"Content-Length: {len(entity)}")
        body = entity
    lines += ["Cache-Control: max-age=300", "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body, entity


def warc_file(pages):
    """pages: (url, crawl time, status line, content type, payload bytes, mode), in crawl order."""
    info_id = record_id("warcinfo", "crawl.warc.gz")
    fields = ("software: sitrep scripts/build-example-corpus.py\r\n"
              "format: WARC File Format 1.1\r\n"
              "conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
              "isPartOf: sitrep-example-corpus\r\n"
              "description: Fictional crawl of invented outlets, written for sitrep's documentation\r\n"
              "robots: obey\r\n").encode("utf-8")
    first = pages[0][1] - dt.timedelta(minutes=5)
    out = [gzip.compress(warc_record({
        "WARC-Type": "warcinfo",
        "WARC-Date": warc_date(first),
        "WARC-Record-ID": info_id,
        "WARC-Filename": "crawl.warc.gz",
        "Content-Type": "application/warc-fields",
    }, fields), compresslevel=9, mtime=0)]
    for n, (url, when, status, ctype, payload, mode) in enumerate(pages):
        req_id = record_id("request", url)
        resp_id = record_id("response", url)
        ip = f"192.0.2.{10 + sum(map(ord, split_url(url)[0])) % 200}"
        request = http_request(url)
        out.append(gzip.compress(warc_record({
            "WARC-Type": "request",
            "WARC-Date": warc_date(when),
            "WARC-Record-ID": req_id,
            "WARC-Target-URI": url,
            "WARC-Warcinfo-ID": info_id,
            "WARC-Concurrent-To": resp_id,
            "WARC-IP-Address": ip,
            "WARC-Block-Digest": sha1_b32(request),
            "Content-Type": "application/http; msgtype=request",
        }, request), compresslevel=9, mtime=0))
        block, entity = http_response(status, ctype, payload, when, mode)
        out.append(gzip.compress(warc_record({
            "WARC-Type": "response",
            "WARC-Date": warc_date(when),
            "WARC-Record-ID": resp_id,
            "WARC-Target-URI": url,
            "WARC-Warcinfo-ID": info_id,
            "WARC-Concurrent-To": req_id,
            "WARC-IP-Address": ip,
            "WARC-Block-Digest": sha1_b32(block),
            "WARC-Payload-Digest": sha1_b32(entity),
            "WARC-Identified-Payload-Type": ctype.split(";")[0],
            "Content-Type": "application/http; msgtype=response",
        }, block), compresslevel=9, mtime=0))
    return b"".join(out)


NOT_FOUND_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found - Caucasus Wire</title></head>
<body><h1>Page not found</h1>
<p>The page you asked for has moved or no longer exists. Armenia and Azerbaijan: see our
<a href="/world/">World</a> section for the latest stories.</p>
<p class="fiction-notice">Caucasus Wire is an invented outlet, written for sitrep's documentation.</p>
</body></html>
"""
ROBOTS = b"User-agent: *\nDisallow: /search\nSitemap: https://www.caucasuswire.example/sitemap.xml\n"


# ---------------------------------------------------------------------------------------------
# README tables and ground truth

def readme_tables(articles):
    timeline = ["| date (UTC) | page | what happens |", "|---|---|---|"]
    pages = ["| page | outlet | language | in | note |", "|---|---|---|---|---|"]
    for a in articles:
        where = []
        if a.in_html:
            where.append("html")
        where.append("warc")
        if a.site == "Caucasus Wire" and a.in_html:
            where.append("rss")
        if a.site == "The Meridian Post" and a.in_html:
            where.append("atom")
        where.append("jsonl")
        note = ""
        if a.copy_of:
            note = f"{a.copy_kind} copy of `{a.copy_of}`"
            if a.republished_from:
                note += f", says it was republished from {a.republished_from}"
        elif a.lang != "en":
            note = "not English: must be skipped"
        if a.id == CHUNKED_ID:
            note = "WARC response uses `Transfer-Encoding: chunked`"
        if a.id == GZIP_ID:
            note = "WARC response body is `Content-Encoding: gzip`"
        pages.append(f"| `{a.id}` | {a.site} | {a.lang} | {', '.join(where)} | {note} |")
        if not a.copy_of and a.lang == "en":
            timeline.append(f"| {a.utc.strftime('%Y-%m-%d')} {DAYS[a.date.weekday()][:3]} | `{a.id}` | {a.summary} |")
    return "\n".join(timeline), "\n".join(pages)


def replace_between(text, name, content):
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SourceError(f"README.md lacks the markers {begin} ... {end}")
    return pattern.sub(lambda _: f"{begin}\n{content}\n{end}", text)


def truth(articles):
    return {
        "note": "Ground truth for sitrep's example corpus. All events are fictional.",
        "articles": [
            {"id": a.id, "published": a.date_text, "site": a.site, "url": a.url,
             "language": a.lang, "html": f"html/{a.id}.html" if a.in_html else None,
             "summary": a.summary}
            for a in articles
        ],
        "duplicates": [
            {"id": a.id, "duplicate_of": a.copy_of, "kind": a.copy_kind,
             "republished_from": a.republished_from}
            for a in articles if a.copy_of
        ],
        "non_english": [{"id": a.id, "language": a.lang} for a in articles if a.lang != "en"],
        "warc_not_articles": [
            {"uri": ROBOTS_URL, "why": "text/plain, not an HTML page"},
            {"uri": NOT_FOUND_URL, "why": "HTTP 404"},
        ],
        "warc_special": [
            {"id": CHUNKED_ID, "why": "Transfer-Encoding: chunked"},
            {"id": GZIP_ID, "why": "Content-Encoding: gzip"},
        ],
    }


# ---------------------------------------------------------------------------------------------

def build():
    articles, by_id = load_articles()
    for a in articles:
        ORIGINAL_URLS[a.id] = a.url
    files = {}
    counters = {}
    rendered = {}
    for a in articles:
        k = counters.get(a.site, 0)
        counters[a.site] = k + 1
        page = OUTLETS[a.site](a, articles, k)
        rendered[a.id] = page
        if a.in_html:
            files[f"html/{a.id}.html"] = page.encode("utf-8")
    files["feed.xml"] = rss_feed(articles).encode("utf-8")
    files["atom.xml"] = atom_feed(articles).encode("utf-8")

    crawl = []
    for a in articles:
        when = a.utc + dt.timedelta(minutes=37)
        mode = "chunked" if a.id == CHUNKED_ID else "gzip" if a.id == GZIP_ID else "plain"
        crawl.append((a.url, when, "200 OK", "text/html; charset=utf-8",
                      rendered[a.id].encode("utf-8"), mode))
    for special in (CHUNKED_ID, GZIP_ID):
        if special not in by_id:
            raise SourceError(f"the WARC's special record names a missing article {special!r}")
    crawl.append((ROBOTS_URL, articles[0].utc + dt.timedelta(minutes=30), "200 OK",
                  "text/plain; charset=utf-8", ROBOTS, "plain"))
    crawl.append((NOT_FOUND_URL, dt.datetime(2025, 3, 18, 9, 12, tzinfo=dt.timezone.utc),
                  "404 Not Found", "text/html; charset=utf-8", NOT_FOUND_PAGE.encode("utf-8"), "plain"))
    crawl.sort(key=lambda p: (p[1], p[0]))
    files["crawl.warc.gz"] = warc_file(crawl)

    lines = []
    for a in articles:
        lines.append(json.dumps({"id": a.id, "text": a.text, "published": a.date_text,
                                 "title": a.title, "url": a.url, "site": a.site},
                                ensure_ascii=False))
    files["articles.jsonl"] = ("\n".join(lines) + "\n").encode("utf-8")
    files["truth.json"] = (json.dumps(truth(articles), ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    readme_path = CORPUS / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    timeline, pages = readme_tables(articles)
    readme = replace_between(readme, "timeline", timeline)
    readme = replace_between(readme, "pages", pages)
    files["README.md"] = readme.encode("utf-8")
    return files


def same_content(name, on_disk, built):
    """Gzip output depends on the zlib version, so compressed files compare by their content."""
    if on_disk == built:
        return True
    if name.endswith(".gz"):
        try:
            return gzip.decompress(on_disk) == gzip.decompress(built)
        except (OSError, EOFError):
            return False
    return False


def main(argv):
    check = "--check" in argv[1:]
    try:
        files = build()
    except SourceError as e:
        print(f"build-example-corpus: {e}", file=sys.stderr)
        return 2
    stale = []
    expected_html = {name for name in files if name.startswith("html/")}
    for old in sorted((CORPUS / "html").glob("*.html")) if (CORPUS / "html").is_dir() else []:
        name = f"html/{old.name}"
        if name not in expected_html:
            stale.append(name)
            if not check:
                old.unlink()
    for name, data in sorted(files.items()):
        path = CORPUS / name
        if path.exists() and same_content(name, path.read_bytes(), data):
            continue
        stale.append(name)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    if check:
        if stale:
            print("build-example-corpus: out of date: " + ", ".join(stale), file=sys.stderr)
            return 1
        print(f"build-example-corpus: {len(files)} files up to date")
        return 0
    total = sum(len(d) for d in files.values())
    print(f"build-example-corpus: wrote {len(stale)} of {len(files)} files "
          f"({total / 1024:.0f} KiB in all) under {CORPUS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
