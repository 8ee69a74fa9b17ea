"""Small per-language stopword lists for keyphrase boundaries, and a language guess.

A stopword here is any word that should not start or a topic name: function words,
spoken fillers, and the common verbs and adverbs of talk. Languages without a list get
none, so every word may bound a phrase there.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

_LISTS: dict[str, str] = {
    "en": """
        a about above across actually after afterwards again against ago ah ahead all almost alone along
        already alright also although always am among amongst an and another any anybody anyhow anyone
        anything anyway anyways anywhere are aren't around as aside ask asked asking at away awesome
        back basically be became because become becomes been before beforehand behind being below beside
        besides best better between beyond big bit both bring brings but by
        call called calling came can can't cannot care certain certainly clear clearly come comes coming
        could couldn't course cool
        did didn't different do does doesn't doing don't done down during
        each easy either else elsewhere end enough entire entirely especially etc even ever every
        everybody everyone everything everywhere exactly example except
        fact fairly far feel few fine first five following for four from further furthermore
        gave get gets getting give given gives giving go goes going gone gonna good got gotten great guess guys
        had happen happens hard has hasn't have haven't having he he'd he'll he's hello hence her here
        here's hers herself hey hi him himself his hmm honestly hopefully how however huge hand
        i i'd i'll i'm i've idea if important imagine in indeed instance instead interesting into is isn't it
        it'd it'll it's its itself
        just keep keeps kind kinda know knowing known knows
        last later latter least left less let let's like likely little long look looked looking looks lot lots
        made main make makes making many may maybe me mean meaning means meant might mind mine more moreover
        most mostly much must my myself
        namely near nearly necessarily need needed needs neither never nevertheless new next nice nine no
        nobody none nor not nothing notice now nowhere
        obviously of off often oh ok okay old on once one ones only onto or other others otherwise ought
        our ours ourselves out over overall own
        particular particularly perhaps please pretty probably put puts putting
        quite rather really reason remember right
        said same saw say saying says see seeing seem seemed seems seen several shall she she'd
        she'll she's should shouldn't show showed shown shows simple simply since six so some somebody
        somehow someone something sometimes somewhat somewhere sort start started starting step still stuff
        such suppose supposed sure
        take taken takes taking talk talked talking tell tells ten than thank thanks that that'll that's
        the their theirs them themselves then there there'd there'll there's thereby therefore these they
        they'd they'll they're they've thing things think thinking this those though thought three
        through throughout thus to today together too took totally toward towards tried tries
        true truly try trying turn turns two
        uh um under understand unless unlike until up upon us use used uses using usual usually
        various very via video videos
        wait want wanted wants was wasn't watch way ways we we'd we'll we're we've well went were weren't
        what what's whatever when whenever where where's whereas wherever whether which while who who's
        whoever whole whom whose why will with within without won't wonder work works
        would wouldn't wow
        find finds finding found figure figured write writes wrote written draw drawn drawing describe
        describes described happened ask answer question sense matter case cases lets wanna gotta
        plus minus times equals equal squared cubed divided over hundred thousand million
        corresponding resulting respective associated
        yeah yes yet you you'd you'll you're you've your yours yourself yourselves zero
    """,
    "fr": """
        a à afin ai aie aient ainsi alors après as au aucun aucune aujourd'hui auquel aussi autre autres aux
        avaient avais avait avant avec avez avoir avons ayant bah beaucoup bien bon bref c c'est ça car ce
        ceci cela celle celles celui cependant certain certaines certains ces cet cette ceux chaque chez
        chose choses ci comme comment d d'accord dans de depuis des donc dont du elle elles en encore
        enfin entre es est et étaient était été être eu eux fait faire fais faut fois genre hein ici il
        ils j j'ai je jusqu jusque l la là le les leur leurs lui m ma mais me même mes moi moins mon
        n ne ni non nos notre nous on ont ou où par parce pas pendant peu peut peux plus plutôt pour
        pourquoi puis qu quand que quel quelle quelles quelque quels qui quoi s sa sans se sera ses
        si sien soit son sont sous suis sur t ta te tes toi ton tous tout toute toutes très trop tu
        un une unes uns va vais vers voici voilà vont vos votre vous vraiment y
    """,
    "de": """
        aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei beim bin
        bis bisschen bist da dabei dadurch dafür damit dann darauf darum das dass dein deine dem den denn
        der des dessen deshalb dich die dies diese diesem diesen dieser dieses dir doch dort du durch ein
        eine einem einen einer eines einfach einige einmal er es etwa etwas euch euer für ganz gar gibt
        habe haben hat hatte hier hin ich ihm ihn ihnen ihr ihre im immer in ist ja jede jedem jeden jeder
        jetzt kann kein keine können könnte machen man manchmal mehr mein meine mich mir mit muss nach
        natürlich nicht nichts noch nun nur ob oder ohne also schon sehr sein seine sich sie sind so
        sogar solche soll sondern sowie über um und uns unser unter viel viele vom von vor war wäre
        waren warum was weil weiter welche wenn wer werden wie wieder will wir wird wo wollen würde zu
        zum zur zwar zwischen
    """,
    "es": """
        a al algo algún alguna algunas alguno algunos allí ante antes aquí así aunque bien bueno cada
        casi como con contra cosa cosas cual cuando de del desde donde dos el él ella ellas ellos en
        entonces entre era es esa esas ese eso esos esta está estaba estamos están estar este esto estos
        fue ha hace hacer hay hasta la las le les lo los más me mi mientras mismo mucho muy nada ni no
        nos nosotros o otra otras otro otros para pero poco por porque pues que qué quien se sea ser si
        sí sin sobre solo son su sus también tan tanto te tener tiene tienen todo todos tu tú un una
        unas uno unos vamos y ya yo
    """,
    "ru": """
        а без бы был была были было быть в вам вас весь во вот все всё всего всех вы где да даже для до
        его ее её если есть еще ещё же за здесь и из или им их к как когда кто ли либо мне может мы на
        над надо наш не него нее неё нет ни них но ну о об однако он она они оно от очень по под после
        потому почему при про раз с со так также такой там те тем то того тоже той только том ты у уже
        хорошо чем что чтобы эта эти это этого этой этом этот я
    """,
    "hi": """
        अगर अपना अपनी अपने अब आप इस इसे उस उसे एक और कर करता करते करना करने कि किया की कुछ के को कोई
        क्या गया जब जो तक तो था थी थे दिया दो न नहीं ने पर फिर बहुत भी मैं यह यहाँ ये वह वे सकते से
        सब हम है हैं हो होता होती होने
    """,
}

# Words that may sit inside a phrase between two content words ("theory of numbers").
_CONNECTORS: dict[str, frozenset[str]] = {
    "en": frozenset({"of", "for"}),
    "fr": frozenset({"de", "des", "du", "d'"}),
    "de": frozenset({"der", "des", "von"}),
    "es": frozenset({"de", "del"}),
    "ru": frozenset(),
    "hi": frozenset({"का", "की", "के"}),
}

# Words after which the next word is most likely a verb ("it lands", "we compute").
_VERB_CUES: dict[str, frozenset[str]] = {
    "en": frozenset(
        "i you we they he she it who which can could would should will might must may "
        "doesn't don't didn't won't can't cannot".split()
    ),
}
# After these an "-ing" word is a verb in progress ("it's obeying").
_PROGRESSIVE_CUES: dict[str, frozenset[str]] = {
    "en": frozenset("is are was were be been being it's we're you're they're he's she's i'm".split()),
}
# Words after which the next word is a noun or an adjective ("the count").
_DETERMINERS: dict[str, frozenset[str]] = {
    "en": frozenset("the a an this these those each every our your its their his her my that's".split()),
}
# Heads too vague to name a topic in "X of Y" ("a set of vectors", "the notion of distance").
_WEAK_HEADS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "notion set sets pair pairs bunch piece pieces version versions effect number numbers amount "
        "value values collection kind sort type types lots part parts sense sequence list family".split()
    ),
}

# How a title is qualified by a wider topic: "X in Y" in English, "X (Y)" where unknown.
_QUALIFIERS: dict[str, str] = {
    "en": "{x} in {y}",
    "fr": "{x} dans {y}",
    "de": "{x} in {y}",
    "es": "{x} en {y}",
}


@lru_cache(maxsize=None)
def stopwords(language: str | None) -> frozenset[str]:
    """The lower-cased stopwords of ``language`` ("en", "fr-CA"...); empty when unknown."""
    raw = _LISTS.get(_base(language), "")
    return frozenset(raw.split())


def connectors(language: str | None) -> frozenset[str]:
    """Function words allowed inside a phrase, never at its ends."""
    return _CONNECTORS.get(_base(language), frozenset())


def verb_cues(language: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """Words that announce a verb, and words that announce an "-ing" verb."""
    base = _base(language)
    return _VERB_CUES.get(base, frozenset()), _PROGRESSIVE_CUES.get(base, frozenset())


def determiners(language: str | None) -> frozenset[str]:
    return _DETERMINERS.get(_base(language), frozenset())


def weak_heads(language: str | None) -> frozenset[str]:
    return _WEAK_HEADS.get(_base(language), frozenset())


def qualify(phrase: str, topic: str, language: str | None) -> str:
    """``phrase`` narrowed to ``topic`` in the language's usual form."""
    pattern = _QUALIFIERS.get(_base(language), "{x} ({y})")
    return pattern.format(x=phrase, y=topic)


def guess_language(words: Iterable[str], minimum: int = 20) -> str | None:
    """The listed language whose stopwords cover most of ``words`` (lower-cased), if clear."""
    counts = dict.fromkeys(_LISTS, 0)
    total = 0
    for word in words:
        total += 1
        for lang in _LISTS:
            if word in stopwords(lang):
                counts[lang] += 1
    if total < minimum:
        return None
    best = max(sorted(counts), key=lambda lang: counts[lang])
    return best if counts[best] >= 0.15 * total else None


def _base(language: str | None) -> str:
    return (language or "").split("-")[0].split("_")[0].lower()
