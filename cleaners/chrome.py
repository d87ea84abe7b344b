"""What site chrome looks like as a line of text: phrase families and line shapes.

Patterns are general (navigation, sharing, comment and newsletter prompts, teaser headings,
widgets), never sentences of a particular page. `END_MARKERS` are headings after which a page
has nothing of the article left (comment forms, related-post lists, source footers).
"""

from __future__ import annotations

import re

from cleaners.normalize import LETTER_OR_DIGIT
from cleaners.settings import NOTICE_MAX_CHARS

_I = re.IGNORECASE


def _line(*alternatives: str, flags: int = _I) -> re.Pattern[str]:
    """A pattern matching a whole line made of one of the alternatives (plus punctuation)."""
    return re.compile(r"^\W*(?:" + "|".join(alternatives) + r")\W*$", flags)


_SOCIAL = (
    r"(?:facebook|twitter|linkedin|pinterest|whatsapp|telegram|email|print|reddit|x|tumblr"
    r"|flipboard|bluesky|mastodon|google(?: ?\+| plus))"
)
# a network named after "share on": one word, Google Plus, or X (Twitter)
_NETWORK = r"\w+(?: ?\+| plus)?(?: \(\w+\))?"

_END_PHRASES = (
    r"related (?:posts?|articles?|stories|news|content)",
    r"(?:latest|recent|more|popular|trending|top) (?:posts?|articles?|stories|news)",
    r"more (?:from|by) (?:the )?author",
    r"more (?:on|about) (?:this|the) (?:topic|story)",
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)",
    r"(?:also )?read (?:more|also|next)",
    r"leave a (?:comment|reply)",
    r"(?:post|add|write) a comment",
    r"\d* ?comments?",
    r"please enter your (?:comment|name)(?: here)?",
    r"share (?:this|the) (?:post|article|story)",
    r"source link(?: -?\d+)?",
    r"recommended(?: for you)?",
    r"ähnliche (?:artikel|beiträge)|weitere artikel|das könnte sie auch interessieren",
    r"artículos relacionados|articles similaires|à lire aussi|powiązane artykuły",
)
# Text dumps only (measured on the dump path; the HTML path keeps the lists above).
_DUMP_END_PHRASES = (
    r"share this(?: (?:post|article|story|page))?",
    r"\d+ (?:responses?|thoughts|comments?|replies) (?:to|on) .+",  # WordPress comment header
    r"(?:auch interessant|mehr zum thema|lesen sie auch|verwandte (?:artikel|beiträge))",
    r"(?:también )?te puede interesar|noticias relacionadas|lee también|te recomendamos",
    r"vous aimerez (?:peut-être )?aussi|sur le même sujet|articles liés|lire aussi",
    r"você (?:também )?pode gostar|leia também|veja também",
    r"(?:artigos|notícias|posts) relacionad[oa]s",
    r"(?:ti )?potrebbe interessarti|articoli correlati|leggi anche|post correlati",
    r"(?:zobacz|przeczytaj|czytaj) (?:też|także)",
)
# A share row as a dump flattens it: networks and "print", "e-mail", "copy link" side by
# side, after a share label or not ("Teilen Facebook X WhatsApp E-Mail Drucken")
_SHARE_LABEL = (
    r"(?:share|teilen|compartir|comparte|partager|partagez|condividi|udostępnij|compartilhar"
    r"|delen|dela|jaa)"
)
_SHARE_ITEM = (
    rf"(?:{_SOCIAL}|e-?mail|mail|drucken|imprimir|imprimer|stampa|drukuj|messenger|xing"
    r"|threads|copy link|link kopieren|copiar enlace|copier le lien|copia link)"
)
_SHARE_ROW = rf"(?:{_SHARE_LABEL}:? )?{_SHARE_ITEM}(?: ?[|/·•]? ?{_SHARE_ITEM})+"
_DUMP_SHARE_PHRASES = (
    _SHARE_ROW,
    r"(?:teilen|compartir|comparte|compartilh(?:ar|e)|partilh(?:ar|e)|partager|partagez"
    r"|udostępnij|condividi)(?: (?:auf|en|em|sur|na|su|on|via) \w+)?",
    rf"click to (?:share on {_NETWORK}|print|email a link to a friend)"
    r"(?: \(opens in new window\))?",
)
_DUMP_CHROME_PHRASES = _DUMP_SHARE_PHRASES
# "5 min read", "Reading time: 4 minutes", "Lesezeit: 3 Min."
_READING_TIME = (
    r"\d+ ?min(?:ute)?s?\.? (?:read|reading time)"
    r"|(?:reading time|read time|lesezeit|temps de lecture|tiempo de lectura|tempo de leitura"
    r"|tempo di lettura):? ?(?:\d+ ?min\w*\.?)?"
)
# A picture's credit: "Photo by Jane Doe", "Image: Agency / Site", "Credit Jane Doe"
# (no sentence: "Credit card fees rose." is prose)
_NO_SENTENCE = r"(?![^\n]*[.!?]\W*$)"
_CREDIT = (
    r"(?:photo(?:graph)?|image|picture|foto|bild|illustration)s?"
    rf"(?: by| credit:?| copyright| courtesy(?: of)?|:) {_NO_SENTENCE}[^.!?]{{1,60}}"
    rf"|credits?:? {_NO_SENTENCE}[^.!?]{{1,40}}"
)
_AD_LABELS = (
    r"advertisement|sponsored|anzeige|publicidad|publicité|reklama|pubblicità|publicidade",
    r"advertentie|annons|mainos|реклама|広告|广告|廣告|광고",
)
_SHARE_PHRASES = (
    rf"share(?: (?:on|via) {_NETWORK})?",
    rf"{_SOCIAL}(?: ?[|/·•] ?{_SOCIAL})*",
    r"tweet|pin it|copy link",
)
_CHROME_PHRASES = (
    r"no menu items",
    r"spot_?img",
    *_SHARE_PHRASES,
    r"subscribe(?: now| to our newsletter)?",
    r"sign up(?: for our newsletter)?",
    r"want to stay up to date with the latest news",
    r"(?:home|menu|search|login|log in|sign in|register|close|skip to (?:main )?content)",
    *_AD_LABELS,
    r"read more|weiterlesen|leer más|lire la suite|czytaj (?:więcej|dalej)",
    _READING_TIME,
    _CREDIT,
    r"(?:image|photo|picture|slide|foto|bild|imagen|immagine) \d+ (?:of|von|de|di|/) \d+",
)  # and lone punctuation and symbols (`chrome_kind`: as a phrase, `[\W_]+` between the
# line's `\W*`s, it took cubic time on a long run of them ending in a letter)
END_MARKERS = _line(*_END_PHRASES)
AD_LABEL = _line(*_AD_LABELS)  # an ad slot's label, alone on its line
MAX_AD_LABEL_CHARS = 24
# Either, in one match, for lower-cased lines (phrases are lower case; three times faster
# than matching without regard to case).
LOWER_END_OR_CHROME_LINES = _line(*_END_PHRASES, *_CHROME_PHRASES, flags=0)
DUMP_END_MARKERS = _line(*_END_PHRASES, *_DUMP_END_PHRASES)
_DUMP_LOWER_END_OR_CHROME_LINES = _line(
    *_END_PHRASES, *_DUMP_END_PHRASES, *_CHROME_PHRASES, *_DUMP_CHROME_PHRASES, flags=0
)

SHARE_LINE = _line(*_SHARE_PHRASES, *_DUMP_SHARE_PHRASES)


# A wiki's edit link after a section heading, "Geschichte [ Bearbeiten | Quelltext
# bearbeiten ]", "History[edit]": the editsection link of MediaWiki in the wikis' common
# languages, or empty brackets (Fandom's link is an icon: "History[]"); belongs to no heading.
EDIT_LINK_SUFFIX = re.compile(
    r"\s*\[\s*(?:(?:edit|bearbeiten|editar|modifier|modifica|modificar|bewerken|edytuj"
    r"|editovat|upravit|redigera|rediger|muokkaa|szerkesztés|править|редактировать|düzenle"
    r"|編集|编辑|編輯)\b[^\[\]]{0,40})?\]$",
    _I,
)


_CODE_SIGNS = re.compile(r"[=(){};<>]")  # "int[]", "x = []": code, not a heading


def without_edit_link(line: str) -> str:
    """The line without a wiki edit link at its end ("[edit]", "[ Bearbeiten | Quelltext
    bearbeiten ]", a heading's "[]"); other lines as they are."""
    if not line.endswith("]") or not (found := EDIT_LINK_SUFFIX.search(line)):
        return line
    rest = line[: found.start()]
    empty = not LETTER_OR_DIGIT.search(found.group())
    return line if empty and _CODE_SIGNS.search(rest) else rest


def is_share_line(line: str) -> bool:
    """A row of share buttons ("Share", "Teilen Facebook X WhatsApp E-Mail"): chrome inside
    an article, between its paragraphs (a rule of punctuation, "___", is not: it also ends
    an article before a credit line)."""
    return bool(SHARE_LINE.match(line))


# Whole-line shapes of widgets and captions.
WIDGET_LINES = re.compile(
    r"^(?:"
    r"-?\d+(?:[.,]\d+)?\s*°?\s*[CF]"  # weather: 7.8 C, 21°C
    r"|(?:\w+,\s*)?\d{1,2}\.?\s+\w+\s+\d{4}(?:\s*[-–,]\s*\d{1,2}:\d{2})?"  # 22 ian. 2025 - 17:00
    r"|\w+\s+\d{1,2},\s+\d{4}"  # January 22, 2025
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?:\s+\d{1,2}:\d{2})?"  # 22.01.2025 17:00
    r")$",
    _I,
)
CAPTION = re.compile(r"\((?:photo|foto|image|bild|picture|credit|source)\b[^)]*\)\s*$", _I)
BULLET = re.compile(r"^\s*[•·▪►▶➤→◦‣*–—-]\s+")


def is_chrome_line(line: str, *, dump: bool = False) -> bool:
    """True if the whole line is an end marker, a known chrome phrase, widget or caption
    (dump: with the text-dump-only phrases)."""
    return chrome_kind(line, line.lower(), dump=dump) is not None


def chrome_kind(line: str, lower: str, *, dump: bool = False) -> str | None:
    """ "end" for an end marker, "chrome" for another chrome phrase, a widget or a caption,
    None for anything else; lower is the line lower-cased; dump: with the text-dump-only
    phrases."""
    if not LETTER_OR_DIGIT.search(line):
        return "chrome" if line else None  # lone punctuation and symbols
    either = _DUMP_LOWER_END_OR_CHROME_LINES if dump else LOWER_END_OR_CHROME_LINES
    if either.match(lower):
        return "end" if (DUMP_END_MARKERS if dump else END_MARKERS).match(line) else "chrome"
    if (line.rstrip().endswith(")") and CAPTION.search(line)) or WIDGET_LINES.match(line):
        return "chrome"
    return None


_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*$")


def is_teaser_bullet(line: str) -> bool:
    """A bulleted link to another article: a bullet line that is not a sentence."""
    return bool(BULLET.match(line)) and not _SENTENCE_END.search(line)


# Legal and consent notices about the site itself, in the languages of the phrase lists above
# and Japanese, Chinese, Korean: a page's footer or banner. A copyright mark with its year
# ("© 2024", "Copyright 2024") is no article's sentence; copyright, the privacy policy,
# personal data, terms of use and cookie consent are the subject of some articles (a
# court's ruling, a regulator's fine), so a line naming them is a notice only when it
# addresses the reader or speaks as the site (`_ADDRESS`). "Cookies" alone is a
# recipe's word: only with use/accept/policy.
_MARK_PHRASES = (
    r"©|\bcopyright (?:\(c\) )?\d{4}|\(c\) ?\d{4}",
    r"版权所有|無断(?:で)?(?:転載|複製|転用)|무단 ?전재",
    r"all rights reserved|alle rechte vorbehalten|tous droits réservés"
    r"|tod[oa]s (?:los|os) derechos reservados|todos os direitos reservados"
    r"|tutti i diritti riservati|wszelkie prawa zastrzeżone",
    r"プライバシーポリシー|隐私政策|개인정보|個人情報|个人信息|利用規約",
)
_TOPIC_PHRASES = (
    r"\bcopyright\b|著作権",  # the subject of some articles (a court's ruling)
    r"(?:privacy|data protection) (?:policy|statement|notice|declaration)"
    r"|datenschutz(?:erklärung|richtlinie|hinweise?)"
    r"|politique de confidentialité|política de privacidad(?:e)?|política de privacidade"
    r"|informativa (?:sulla )?privacy|polityka prywatności",
    r"personal (?:data|information)|personenbezogenen? daten|données (?:à caractère )?personnelles"
    r"|datos personales|dados pessoais|dati personali|dane osobowe",
    r"terms (?:of (?:use|service)|(?:and|&) conditions)|nutzungsbedingungen"
    r"|conditions (?:générales )?d'utilisation|términos (?:y condiciones|de uso)"
    r"|termos (?:de uso|e condições)|termini (?:e condizioni|di (?:uso|servizio))",
    r"cookies? (?:policy|settings|preferences|richtlinie)|(?:uses?|use of|accept|store) cookies"
    r"|cookies? (?:akzeptieren|verwenden)|(?:utilise|utilisons|utiliza|utilizamos|usa|usamos"
    r"|utilizza|utilizziamo|verwendet|verwenden|nutzt|nutzen) (?:des |los |os |i )?cookies",
    # prompts of the site to its reader: newsletters, unsubscribing, ad blockers
    r"newsletters?\b|boletín|unsubscribe|abbestellen|désabonner|désinscri|darse de baja",
    r"ad ?-?blocker|werbeblocker|bloqueur de pub|bloqueador de (?:anuncios|publicidade)",
)
# Words of a site addressing its reader or speaking as itself (you, we, our, please), in the
# languages above; not "us" ("US" is a country) nor German "sie"/"ihre" (also she, their).
_ADDRESS = re.compile(
    r"\b(?:you|your|yours|we|our|ours|please|wir|uns|unser\w*|bitte|vous|votre|vos|nous|notre"
    r"|nos|usted(?:es)?|nuestr[oa]s?|nosotros|tus?|por favor|voc[êe]s?|nós|noss[oa]s?|voi"
    r"|vostr[oa]|noi|nostr[oa]|per favore|tw[oó]j\w*|nasz\w*|prosimy)\b"
)
# Prompts about the site's comments (logging in to comment, moderation, the comment form's
# checkboxes) and the site speaking of itself ("this website", "questo sito": no article
# line of either dev set says so).
_PROMPT_PHRASES = (
    r"(?:log(?:ged)?|sign(?:ed)?) in to (?:comment|reply|post|report|recommend)"
    r"|para (?:poder )?comentar|um zu kommentieren|pour (?:pouvoir )?commenter",
    r"next time i comment|notify me (?:of|via|when)|reduce spam",
    r"comments? (?:are|is|will be) (?:moderated|reviewed)|comment(?:ing)? (?:policy|guidelines)"
    r"|community (?:standards|guidelines|rules)|comentarios publicados|kommentare werden",
    r"\b(?:this|our) (?:web ?)?site\b|\b(?:diese[rsn]?|unsere[rn]?) (?:web)?seite\b"
    r"|\b(?:ce|notre) site\b|\b(?:este|nuestro) sitio\b|\b(?:este|nosso) site\b"
    r"|\b(?:questo|nostro) sito\b",  # the site speaking of itself
    # mail sent to the reader's inbox ("delivered straight to your inbox"): a newsletter
    # sign-up without the word; "my inbox" is an article's (a writer's own mail)
    r"\b(?:to|in|into) your inbox|in ihr(?:em)? (?:e-mail-)?postfach|dans votre boîte"
    r" (?:de réception|mail|e-mail)|\b(?:en|a) tu bandeja de entrada|\bn[ao] sua caixa de entrada"
    r"|nella tua casella (?:di posta|e-?mail)",
)
# Disclaimers: trademarks, market data delayed, information that is no (medical, legal,
# financial) advice, in the languages above: a footer's or data box's boilerplate, not an
# article's sentence (no gold line of either dev set holds one).
_TRADEMARK = re.compile(  # a notice when naming the owners or addressing (`is_notice`)
    r"registered trademarks?|is a trademark of|are trademarks of"
    r"|eingetragene (?:marke|warenzeichen)|marques? déposées?|marcas? registradas?"
    r"|march(?:io|i) registrat[oi]|登録商標|注册商标"
)
_OWNERS = re.compile(  # "... are trademarks of their respective owners"
    r"(?:respective|their|its) owners|property of|eigentum|propriété|propiedad|propriedade"
    r"|proprietà|所有者|各社"
)
_DISCLAIMER_PHRASES = (
    r"(?:quotes?|data|prices) (?:are |is )?delayed|kurse (?:sind )?(?:zeit)?verzögert"
    r"|cours différés|(?:cotizaciones|datos) con retraso|cotações com atraso|quotazioni ritardate",
    r"informational purposes only|nur zu informationszwecken|à titre (?:informatif|indicatif)"
    r"|(?:con|para) fines informativos|para fins informativos|a scopo (?:puramente )?informativo",
    r"not (?:constitute|provide|intended as) (?:medical|legal|financial|investment) advice"
    r"|ersetzt (?:nicht|keine) (?:die |eine )?(?:ärztliche|medizinische)|keine anlageberatung"
    r"|ne (?:remplace|constitue) pas (?:un |une |l')?(?:avis|conseil|consultation)"
    r"|no (?:sustituye|reemplaza|constituye) (?:el |un |la |una )?(?:consejo|consulta"
    r"|asesoramiento)|não substitui (?:o |a |uma )?(?:consulta|orientação)"
    r"|non sostituisce (?:il |la |un )?(?:parere|consulto)",
)
# Every phrase above holds one of these: a substring test (fast) passes over most lines
# before the phrase search (linear in the line, trying every alternative at every position).
_NOTICE_ANCHORS = (
    *("©", "copyright", "(c)", "版权", "著作権", "無断", "전재"),
    *("reserv", "riserv", "vorbehalten", "zastrzeż"),
    *("privacy", "datenschutz", "confidentialit", "privacidad", "prywatno", "プライバシー"),
    *("隐私", "개인정보", "personal", "personenbezogen", "personnelles", "pessoais", "osobowe"),
    *("個人情報", "个人信息", "terms", "nutzungsbedingungen", "utilisation", "términos"),
    *("termos", "termini", "利用規約", "cookie"),
    *("newsletter", "boletín", "unsubscribe", "abbestellen", "désabonner", "désinscri"),
    *("darse de baja", "blocker", "bloqueur", "bloqueador", "in to ", "comentar"),
    *("kommentier", "commenter", "comment", "notify me", "spam", "community", "kommentare"),
    *("site", "seite", "sitio", "sito", "inbox", "postfach", "boîte", "bandeja", "caixa"),
    *("casella", "data protection"),
)
NOTICE = re.compile("|".join(_MARK_PHRASES + _PROMPT_PHRASES))  # on lower-cased lines
TOPIC_NOTICE = re.compile("|".join(_TOPIC_PHRASES))  # a notice if it also addresses (_ADDRESS)
# Every disclaimer holds one of these (searched apart: each family's phrases only on lines
# holding one of its anchors)
_DISCLAIMER_ANCHORS = (
    *("trademark", "eingetragen", "déposé", "registra", "商標", "商标", "delayed", "verzögert"),
    *("différé", "retraso", "atraso", "ritardat", "informational", "informationszweck"),
    *("informatif", "indicatif", "informativ", "advice", "ersetzt", "beratung", "remplace"),
    *("reemplaza", "stitu"),  # stitu: constitue, constituye, sustituye, substitui, sostituisce
)
DISCLAIMER = re.compile("|".join(_DISCLAIMER_PHRASES))
# The heading of an "about" box (an author's bio, a company's or blog's self-description):
# "About" and a name of a few words, in the languages of the phrase lists above.
_ABOUT_HEADING = re.compile(
    r"(?:about|über|sobre|acerca de|(?:à|a) propos de|informazioni su|su di)\s+\S+(?:\s+\S+){0,3}"
    r"|(?:à|a) propos d'\S+(?:\s+\S+){0,3}",
    _I,
)


# The heading of a blog's comment section, naming the post in quotes: "5 thoughts on
# “Title”", "One response to “Title”", "3 Gedanken zu „Titel“", "2 réflexions sur « Titre »",
# "4 comentarios en «Título»" (WordPress and its translations); a byline's "12 comments" names
# no post, so it is none.
_COMMENT_HEADING = re.compile(
    r"(?:\d+|one|ein|eine|une?|uno?|uma?)\s+"
    r"(?:thoughts?|responses?|comments?|replies|reply|gedanken|kommentare?|antworten"
    r"|réflexions?|commentaires?|réponses?|comentarios?|pensamientos?|respuestas?"
    r"|comentários?|respostas?|pensamentos?|commenti|commento|pensieri|risposte)"
    r"\s+(?:on|to|zu|auf|sur|à|en|sobre|a|para|em|su)\s+[\"“„«‘‚'‹]\s?\S.*",
    _I,
)


def is_comment_heading(line: str) -> bool:
    """The heading of a comment section naming its post in quotes (`_COMMENT_HEADING`)."""
    return bool(_COMMENT_HEADING.fullmatch(line.strip()))


def is_about_heading(line: str) -> bool:
    """The heading of an about box ("About Jane Doe", "Über uns", "Sobre o Blog"): a few
    words, no sentence end (`_ABOUT_HEADING`)."""
    return bool(_ABOUT_HEADING.fullmatch(line)) and not _SENTENCE_END.search(line)


def is_notice(line: str) -> bool:
    """A notice of the site: a copyright line (`_MARK_PHRASES`), a prompt about its comments,
    the site speaking of itself or mail "to your inbox" (`_PROMPT_PHRASES`), a disclaimer
    (`_DISCLAIMER_PHRASES`), or a line on privacy, personal data, terms, cookies,
    newsletters or ad blockers (`_TOPIC_PHRASES`) that addresses the reader or speaks as the
    site (`_ADDRESS`: "we use cookies", "your personal data"; a report on a data-protection
    fine does neither), or a trademark notice naming the owners or addressing the reader (a
    report on a trademark dispute does neither); a line longer than NOTICE_MAX_CHARS is
    none."""
    if len(line) > NOTICE_MAX_CHARS:
        return False
    lower = line.lower()
    if any(anchor in lower for anchor in _NOTICE_ANCHORS) and (
        NOTICE.search(lower) or (TOPIC_NOTICE.search(lower) and _ADDRESS.search(lower))
    ):
        return True
    if not any(anchor in lower for anchor in _DISCLAIMER_ANCHORS):
        return False
    return bool(
        DISCLAIMER.search(lower)
        or (_TRADEMARK.search(lower) and (_OWNERS.search(lower) or _ADDRESS.search(lower)))
    )


_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>")
_REMOTE_ATTRIBUTE = re.compile(r"(?:src|href)=[\"']?\s*(?:https?:)?//", _I)


def is_leaked_markup(line: str) -> bool:
    """A line made mostly of HTML tags pointing elsewhere (an ad slot's or a tracking
    pixel's markup, left as text by the scraper: `<div><a href="http://ad...">`). A code
    sample quoting markup points to relative paths or holds more text than tags."""
    if "<" not in line or not _REMOTE_ATTRIBUTE.search(line):
        return False
    return 2 * sum(len(tag) for tag in _TAG.findall(line)) >= len(line)
