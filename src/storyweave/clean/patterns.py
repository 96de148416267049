"""Line patterns of page furniture that news sites share: captions, share bars, pitches.

Each pattern names a *kind* of boilerplate, so a dropped line can say why it went.
They are written against what news pages have in common (how captions credit a
photographer, how a share bar or a subscription pitch reads), never against one
article's wording. Patterns run on the NFKC form of a stripped line.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Agencies and picture desks that credit photos; used only inside credit-shaped context.
_PICTURE_DESKS = (
    r"getty(?: images)?|afp|reuters|ap|associated press|epa|aap|pa|ians|xinhua|"
    r"shutterstock|istock(?:photo)?|alamy|wireimage|invision|bloomberg|corbis|"
    r"rex features|rex|sipa|anadolu(?: agency)?|zuma(?: press)?|nurphoto"
)

_PICTURE_DESKS_CASED = (
    r"Getty(?: Images)?|AFP|Reuters|REUTERS|AP|Associated Press|EPA|AAP|PA|IANS|Xinhua|"
    r"Shutterstock|iStock(?:photo)?|Alamy|WireImage|Invision|Bloomberg|Corbis|"
    r"Rex(?: Features)?|REX|Sipa|SIPA|Anadolu(?: Agency)?|ZUMA(?: Press)?|NurPhoto"
)

#: (kind, compiled pattern) pairs; a line matching any is boilerplate of that kind.
LINE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # --- pictures -------------------------------------------------------------------
    ("image_file", re.compile(r"^[^\s].{0,150}\.(?:jpe?g|png|gif|webp|bmp|tiff?|svg)$", _I)),
    (
        "caption",  # a credit clause closing the line: "... Photo: Getty", "(Photo by AFP)"
        re.compile(
            r"[(\[]?\b(?:photo(?:graph)?s?|images?|pictures?|pics?|credit|illustration|"
            r"video|footage)\s*(?:by|:|credit\s*:?|courtesy(?: of)?)\s*[^.!?]{1,80}[)\]]?\s*$",
            _I,
        ),
    ),
    (
        "caption",  # a line that announces itself as a picture or its credit
        re.compile(
            r"^[(\[]?\s*(?:featured\s+|main\s+|top\s+|header\s+|lead\s+)?"
            r"(?:image|photo|picture|pic|photograph|credit|caption|pictured|file photo)s?"
            r"\s*(?::|by\b|credit\b|copyright\b|caption\b|courtesy\b)",
            _I,
        ),
    ),
    ("caption", re.compile(r"\b(?:image|media) (?:copyright|caption)\b|\bmedia playback\b", _I)),
    (
        "caption",  # a trailing parenthetical credit: "(David M Warren / Staff Photographer)"
        re.compile(
            r"(?:\.\.\.|…)\s*\([^()]{1,60}\)\s*$|"
            r"\([^()]*\b(?:photo(?:grapher)?s?|credit|courtesy|" + _PICTURE_DESKS + r")\b"
            r"[^()]*/[^()]*\)\s*$|"
            r"\([^()]*/[^()]*\b(?:photo(?:grapher)?s?|credit|courtesy|" + _PICTURE_DESKS + r")\b"
            r"[^()]*\)\s*$|"
            r"\((?:photo(?:graph)?|image|picture|credit)s?\b[^()]*\)\s*$",
            _I,
        ),
    ),
    (
        "caption",  # photographer/agency credits: "Nicholas Kamm/AFP/Getty Images", "AP Photo/X"
        re.compile(
            # where a credit stands: closing the line, or opening it ("X / AFP / Getty ...")
            r"\bAP Photo\b|\b(?:" + _PICTURE_DESKS_CASED + r")(?: Photo| Images)?\s?/\s?[A-Z]"
            r"[\w.,'’ -]{0,40}(?:/[\w.,'’ -]{1,40}){0,2}\)?\s*$|"
            r"[a-z.]\s?/\s?(?:" + _PICTURE_DESKS_CASED + r")\b(?:\s?/\s?[\w.,'’ -]{1,40}){0,2}"
            r"\)?\s*$|^[A-Z][\w.'’ -]{1,40}?\s?/\s?(?:" + _PICTURE_DESKS_CASED + r")\b"
        ),
    ),
    ("caption", re.compile(r"^\d+ of \d+\b[.:]?\s")),
    (
        "caption",
        re.compile(
            r"^(?:Getty Images|AP Photo|AFP Photo|Reuters Photo)\b"
            r"|^View (?:Images|Photos|Gallery|Slideshow)\b"
            r"|^Enlarge (?:this )?(?:image|photo)\b|\[(?:Photo|Image|Video|Graphic)/[^\]]+\]"
        ),
    ),
    (
        "caption",  # who is where in the picture: "(L)", "(not pictured)", "(second left)"
        re.compile(
            r"\((?:not pictured|pictured|L|R|C|left|right|cent(?:re|er)|"
            r"(?:second|2nd|third|3rd|far) (?:left|right|from left|from right))\)"
        ),
    ),  # slideshow counter "1 of 6. ..."
    (
        "caption",
        re.compile(
            r"^(?:FILE\b|FOR MOVEMENT\b)|^in this (?:[\w,.]+ ){0,8}(?:photo|image|picture|"
            r"handout|video grab|screen ?grab)\b|\b(?:photo|image|picture|handout) "
            r"(?:released|provided|taken|made available|distributed|obtained) by\b",
        ),
    ),
    # --- navigation -----------------------------------------------------------------
    (
        "breadcrumb",
        re.compile(
            r"^[\w&'’.-]+(?: [\w&'’.-]+){0,3}(?:\s+(?:/|>|»|›|\||::)\s+[\w&'’.-]+"
            r"(?: [\w&'’.-]+){0,3}){1,6}$"
        ),
    ),
    (
        "byline",  # a byline with no name, or a posting stamp
        re.compile(r"^(?:by|posted by|written by|words by|author)\W*$", _I),
    ),
    ("byline", re.compile(r"^(?:--|—|–)\s*[A-Z][\w.'’-]+(?: [\w.'’&-]+){0,8}$")),
    (
        "byline",  # a name and a stamp: "By Jane Doe | 3 hours ago", "Posted by Jane Doe on ..."
        re.compile(
            r"^(?:By|BY|Posted by|Written by|Words by)\s+[A-Z][\w.'’-]+\s+[A-Z][\w.'’-]+\b"
            r"[^.!?]{0,80}$"
        ),
    ),
    (
        "byline",  # "By Fred Kiva", "By Jane Doe and John Roe, Reuters"
        re.compile(
            r"^(?:[Bb]y|BY):?\s+[A-Z][\w.'’/-]*(?:\s+[A-Z][\w.'’/-]*){0,3}"
            r"(?:\s*(?:,|and|&|/)\s*[A-Z][\w.'’/-]*(?:\s+[A-Z][\w.'’/-]*){0,3}){0,3}\W*$"
        ),
    ),
    (
        "credit",
        re.compile(
            r"^\(?(?:writing|reporting|editing|additional reporting|compiled|edited) by\b|\bcontributed (?:reporting )?(?:to )?(?:this|the) "
            r"(?:report|story|article)\b|\bcan be reached at\b|^write to \S.* at \S+@\S+|"
            r"\b(?:opinions|views) expressed (?:are|here are|in this)\b|"
            r"^(?:an? )?(?:expanded|earlier|longer|shorter|edited) version of this "
            r"(?:report|story|article)\b",
            _I,
        ),
    ),
    (
        "read_more",  # "READ MORE: ...", "RELATED:", "PHOTOS: ...", "More: ...", "Read More"
        re.compile(
            r"^(?:read more|read next|read also|also read|more|related|see also|also see|"
            r"watch|watch now|photos?|videos?|gallery|full coverage|related video|"
            r"related coverage|related content|related links?|related articles?|"
            r"related stories|related news|recommended|listen|click here|just in|"
            r"explainer|opinion|analysis|more on this|more on this story|in pictures)"
            r"\s*(?::|\||»|>|-\s|–|—|$)",
            _I,
        ),
    ),
    (
        "read_more",
        re.compile(
            r"\bclick here\b|^\(?(?:this (?:story|article|post) (?:has been|was) updated)\b", _I
        ),
    ),
    ("read_more", re.compile(r"\b(?:JUST WATCHED|MUST WATCH|More Videos|Replay)\b\s")),
    (
        "read_more",  # "Read Simon's full blog here.", "Click here for more"
        re.compile(
            r"^(?:read|click|tap|see|watch|listen|find out|learn|view)\b[^.!?]{0,80}"
            r"\b(?:here|below|more|in full|full story)\W*$",
            _I,
        ),
    ),
    (
        "share",
        re.compile(
            r"^(?:share|tweet|email|e-mail|print|pin|save|comment|comments|reply|like)"
            r"(?: this| it| on \w+| story| article| page)?\W*$|"
            r"\bshare (?:this|the) (?:article|story|page|post|video)\b|"
            r"\bshare on (?:facebook|twitter|whatsapp|linkedin)\b|"
            r"^click to (?:share|email|print|tweet)\b|\(opens in (?:a )?new window\)|"
            r"^(?:facebook|twitter|whatsapp|linkedin|pinterest|reddit|email)"
            r"(?:\s+(?:facebook|twitter|whatsapp|linkedin|pinterest|reddit|email|share|"
            r"messenger|google\+?))+\b|^read or share this\b|^(?:share|follow us) on\b",
            _I,
        ),
    ),
    (
        "advertisement",
        re.compile(
            r"^(?:advertisement|advertising|advert|ad|sponsored(?: content| post)?|"
            r"promoted(?: content)?|paid (?:content|post)|"
            r"story continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?|"
            r"continue reading(?: (?:below|the main story))?|(?:photo )?advertisement continue reading the main story|scroll to continue"
            r"(?: with content)?|skip (?:ad|advertisement)|article continues below)\W*$",
            _I,
        ),
    ),
    ("highlights", re.compile(r"^(?:story highlights|key points|highlights|in brief)\b", _I)),
    ("video", re.compile(r"^(?:CLOSE\b|close$|Close$|Now Playing\b|Up Next\b)")),
    (
        "subscription",
        re.compile(
            r"\b(?:subscribe (?:now|today|to|for|here)|free subscription|subscription to|"
            r"(?:our|free|daily|weekly|e-?mail) newsletters?\b|newsletters? sign[- ]?up|sign up (?:for|to|now|here|today)|sign up\W*$|"
            r"(?:delivered |sent )?(?:right |straight |directly )?to your inbox|in your inbox|"
            r"thanks? (?:you )?for subscribing|"
            r"stay up to date|stay informed|like us on facebook|follow us\b|"
            r"follow @\w+|follow (?:him|her|them) on twitter|^follow\b.{0,80}\bon "
            r"(?:twitter|facebook|instagram)\b|"
            r"download (?:our|the) (?:\w+ )?app|get (?:our|the) (?:\w+ )?app|"
            r"get breaking news|become a (?:member|subscriber|supporter)|"
            r"support (?:our|independent) journalism|already a subscriber|"
            r"log ?in to (?:read|continue|comment))",
            _I,
        ),
    ),
    (
        "copyright",
        re.compile(r"©|^\(c\)\s|^copyright\b|\ball rights reserved\b|\(c\)\s*(?:19|20)\d\d", _I),
    ),
    (
        "alternate_address",
        re.compile(
            r"\b(?:alternate|alternative|mirror|backup) (?:address|addresses|domains?|urls?|"
            r"sites?|links?)\b|\bcan also be (?:accessed|reached|found) at\b",
            _I,
        ),
    ),
    (
        "url",
        re.compile(
            r"^(?:https?://|www\.)\S+$|^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$|^[\w.-]+\.(?:com|org|net|co\.uk|uk|ir|tv|info|io|"
            r"news|au|ca|in|de|fr|ru|us)(?:/\S*)?$",
            _I,
        ),
    ),
    (
        "reprint",
        re.compile(
            r"^(?:reprinted|republished|reproduced|syndicated|cross-?posted)\b|"
            r"^this (?:article|story|piece|post) (?:was |is )?(?:originally|first) "
            r"(?:published|posted|appeared)|^(?:originally|first) (?:published|posted|"
            r"appeared)\b|\bfor your personal,? non-?commercial use only\b|"
            r"\bpresentation-ready copies\b|\breprints?:",
            _I,
        ),
    ),
    (
        "archive",
        re.compile(
            r"\bthis is an archived (?:article|story|page)\b|\bin the article may be "
            r"outdated\b|^this (?:article|story|content) (?:is|was published) (?:more than|"
            r"over) (?:\w+ )?years? (?:old|ago)",
            _I,
        ),
    ),
    (
        "widget",  # player, embed and browser notices that many sites carry word for word
        re.compile(
            r"\b(?:the interactive transcript could not be loaded|rating is available when "
            r"the video has been rented|this feature is not available right now|"
            r"media playback is unsupported|tweet with a location|add location "
            r"information to your tweets|your browser does not support|enable javascript|"
            r"javascript is (?:disabled|required)|we use cookies|skip to (?:main )?content|"
            r"skip navigation|add a location to your tweets|"
            r"the page you requested (?:was|could) not (?:be )?found|page not found|"
            r"crawl data to the internet archive|loading (?:comments|video)|please try again later|"
            r"this video is (?:no longer|not) available|watch (?:the )?video above)\b",
            _I,
        ),
    ),
    (
        "tip_line",
        re.compile(
            r"\bwe(?:'|’)?d (?:like|love) to hear from you\b|\bsend us a (?:secure )?tip\b|"
            r"\bgot a (?:news )?tip\b|\bcontact our newsroom\b",
            _I,
        ),
    ),
    (
        "tag_list",
        re.compile(r"^(?:tags?|topics?|filed under|categories|keywords|more about)\s*:", _I),
    ),
    (
        "promo",
        re.compile(
            r"\bas an interest\b|\badd interest\b|^(?:exclusive|breaking|update|updated|"
            r"developing|live|watch live|sponsored)\W*$",
            _I,
        ),
    ),
]

#: A whole line that opens a list of other stories (everything after it is the list).
SECTION_MARKER = re.compile(
    r"^(?:related(?: stories| articles| news| content| coverage| posts| links| reading|"
    r" topics)?|latest(?: news| stories| headlines| articles| posts| updates)?|"
    r"more (?:stories|news|headlines|articles|top stories|to read|to explore|"
    r"(?:from|on|in) [\w .&'’-]{1,40})|most (?:popular|read|viewed|shared|emailed|watched)|"
    r"you (?:might|may|will|would) (?:also )?like|you may have missed|"
    r"recommended(?: for you| stories| reading| articles)?|trending(?: now| stories| news)?|"
    r"top (?:stories|news|headlines)|editor'?s? picks?|what to read next|read next|"
    r"up next|around the web|from the web|popular (?:stories|now|articles)|"
    r"in other news|elsewhere on [\w .]+|don'?t miss|news in pictures|"
    r"sponsored (?:stories|links|content)|promoted stories|more headlines|"
    r"other stories|further reading|see more)\W*$",
    re.IGNORECASE,
)

#: A whole line that opens the readers' comments, which run to the end of the page.
COMMENTS_MARKER = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies|discussion|reader comments|"
    r"readers'? comments|your comments)(?:\s*\(\d+\))?\W*$|"
    r"^(?:leave|add|post|write|submit) (?:a |your )?(?:comment|reply|response)\b|"
    r"^join the (?:discussion|conversation|debate)\b|"
    r"^(?:show|view|read|see|load) (?:all )?(?:\d+ )?(?:comments|replies)\b|"
    r"^comments? (?:are|is) (?:closed|disabled)\b|^(?:what do you think|have your say)\?*\W*$",
    re.IGNORECASE,
)

#: "Reprinted with permission from X": the article is X's.
SYNDICATION = [
    re.compile(
        r"\b(?:reprinted|republished|reproduced|syndicated|cross-?posted)\s+"
        r"(?:here\s+)?(?:with (?:the )?(?:kind )?permission\s+)?(?:from|of|by)\s+"
        r"(?P<o>.{2,60}?)\s*[.,;:!]?\s*$",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:this (?:article|story|piece|post) )?(?:was |is )?(?:originally|first) "
        r"(?:published|posted|appeared) (?:on|in|at|by) (?P<o>.{2,60}?)"
        r"(?:\s+(?:on|in)\s+\w+ \d|\s*[.,;:!]?\s*$)",
        re.IGNORECASE,
    ),
]

#: Where a page names its own outlet, best first.
OUTLET = [
    re.compile(
        r"(?:^copyright\b\s*(?:©|\(c\))?|©|^\(c\))\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?"
        r"\s*,?\s*)?(?P<o>[A-Z][^.,;:|©]{1,60}?)\s*(?:[.,;:|]|\ball rights reserved\b|$)",
        re.IGNORECASE,
    ),
    re.compile(r"^(?P<o>[A-Z][\w.&' -]{1,40}?)['’]s (?:web ?site|site|home ?page)\b"),
    re.compile(r"^more (?:from|on) (?P<o>[A-Z][\w.&'’ -]{1,40}?)\s*(?::|$)", re.IGNORECASE),
    re.compile(r"\bsubscription to (?P<o>(?:The )?[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,4})\b"),
    # a wire dateline "LOS ANGELES (Reuters) -", "Sycamore, Illinois (CNN)"
    re.compile(
        r"^[A-Z][A-Za-z .,'’-]{0,50}?\s?\((?P<o>[A-Z][\w.&'’ -]{0,30}?)\)\s*(?:[-—–]+\s|:\s|"
        r"(?=[A-Z]))"
    ),
]

#: A page that says it is an error page: the site could not serve the article. Read on
#: every line (kept or dropped); the page is refused only when little text is left.
ERROR_PAGE = re.compile(
    r"\b(?:(?:the |this )?page (?:you (?:requested|were looking for|are looking for|tried to "
    r"(?:reach|access))|requested) (?:was|could|is|cannot|can ?not|does)(?: not|n['’]t)? "
    r"(?:be )?(?:found|exist|available|no longer)|(?:page|article|story|content) not found|"
    r"error 404|404 (?:error|not found|page)|(?:we|you) can(?:no|['’])t find (?:the|that|this) "
    r"page|check the url for proper spelling|the (?:page|article|story|content) (?:you|that) "
    r"(?:requested|are looking for) (?:has been|was|is) (?:removed|deleted|moved|no longer "
    r"available)|(?:this|the) (?:page|article|story|content) is no longer available|"
    r"access (?:denied|forbidden)|403 forbidden|service (?:temporarily )?unavailable)\b",
    re.IGNORECASE,
)

#: Text about a web archive's own crawling, not about the news: the notices a capture
#: service shows (the Internet Archive's, the Wayback Machine's, a WARC collection's)
#: where the archived page should be. Two signals in one paragraph: the service and
#: what it does. The two look-aheads are tried at line starts only (``^`` with
#: MULTILINE): unanchored, a search retried them at every position, which took
#: quadratic time (a 50 kB line without the signals: 17 s). A line holds both signals
#: from some position exactly when it holds them from its start, so what matches is
#: unchanged (``.`` stops at a line break either way).
ARCHIVE_SERVICE = re.compile(
    r"^(?=.*\b(?:internet archive|wayback machine|archive\.org|web archiv(?:e|ing)|"
    r"archive-it|common crawl)\b)"
    r"(?=.*\b(?:crawls?|crawl(?:ed|er|ing)|warcs?|captures?|captured|snapshots?|"
    r"archived pages?|broken links?|wayback)\b)",
    re.IGNORECASE | re.MULTILINE,
)
