"""Relative times in the words of each BBC site ("منذ ساعتين", "2 часа назад", "hace 3 horas").

Simorgh shows an article's time relative to now for its first hours, formatted by
moment.js in the site's ``datetime_locale``. These are those locales' words for the past
("{} ago") and its units, as data, read from moment.js's locale files and the ones BBC
overrides or defines in Simorgh (psammead-locales); Chinese and English are read by the
toolkit's ``parse_relative``. Digits may be in any script Unicode counts as decimal
(Arabic-Indic, Persian, Devanagari, Bengali, Gujarati, Gurmukhi, Tamil, Myanmar...).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from functools import lru_cache

import attrs

__all__ = ["WORDS", "RelativeWords", "relative_offset", "words_for"]

_MINUTE, _HOUR, _DAY = 60, 3600, 86400


@attrs.frozen
class RelativeWords:
    """One locale's relative past: where the amount sits, unit words and words for "a"."""

    #: A regular expression whose first group that takes part is the amount and unit
    #: ("منذ (.+)", "(.+) назад", "tokea (.+)|(.+) zilizopita" where a locale has two forms).
    past: str
    #: (unit word pattern, seconds): a word may carry an amount of its own (Arabic duals).
    #: Patterns are lower case (the amount is lowered before they are tried).
    units: tuple[tuple[str, int], ...]
    #: Words standing for one or "a few" of a unit ("un", "una", "یک", "несколько").
    one: tuple[str, ...] = ()
    #: The amount may also follow the unit word ("saa 3", "nkeji 5", "Daqiiqaa 5").
    amount_after: bool = False


#: moment.js ``relativeTime`` of the locales Simorgh's sites use, keyed by the locale where its
#: script differs from the language's default (``sr-cyrl``, ``uz-latn``), else by the
#: language subtag (``pt-br`` reads ``pt``). Where BBC's own locale leaves a unit out,
#: moment.js shows its English default ("a few seconds", "a day"): those words are listed too.
WORDS: dict[str, RelativeWords] = {
    "ar": RelativeWords(
        r"منذ\s+(.+)",
        (
            (r"ثانيتان|ثانيتين", 2), (r"دقيقتان|دقيقتين", 2 * _MINUTE), (r"ساعتان|ساعتين", 2 * _HOUR),
            (r"يومان|يومين", 2 * _DAY), (r"ثوان|ثانية", 1), (r"دقائق|دقيقة", _MINUTE),
            (r"ساعات|ساعة", _HOUR), (r"أيام|يومًا|يوما|يوم", _DAY),
        ),
        ("واحدة", "واحد", "أقل من"),
    ),
    "fa": RelativeWords(
        r"(.+?)\s*پیش",
        ((r"ثانیه", 1), (r"دقیقه", _MINUTE), (r"ساعت", _HOUR), (r"روز", _DAY)),
        ("یک", "چند"),
    ),
    "ps": RelativeWords(
        r"(.+?)\s*مخکې",
        ((r"ثانیې|ثانیه", 1), (r"دقیقې|دقیقه", _MINUTE), (r"ساعته|ساعت", _HOUR), (r"ورځې|ورځ", _DAY)),
        ("یو", "څو"),
    ),
    "ur": RelativeWords(
        r"(.+?)\s*قبل",
        ((r"سیکنڈ", 1), (r"منٹ", _MINUTE), (r"گھنٹے|گھنٹہ", _HOUR), (r"دن", _DAY)),
        ("ایک", "چند"),
    ),
    "ru": RelativeWords(
        r"(.+?)\s+назад",
        ((r"секунд", 1), (r"минут", _MINUTE), (r"час", _HOUR), (r"день|дня|дней", _DAY)),
        ("несколько",),
    ),
    "uk": RelativeWords(
        r"(.+?)\s+тому",
        ((r"секунд", 1), (r"хвилин", _MINUTE), (r"годин", _HOUR), (r"день|дні|днів", _DAY)),
        ("кілька",),
    ),
    "hi": RelativeWords(
        r"(.+?)\s*पहले",
        ((r"क्षण|सेकंड", 1), (r"मिनट", _MINUTE), (r"घंट", _HOUR), (r"दिन", _DAY)),
        ("एक", "कुछ ही", "कुछ"),
    ),
    "es": RelativeWords(
        r"hace\s+(.+)",
        ((r"segundo", 1), (r"minuto", _MINUTE), (r"hora", _HOUR), (r"día|dia", _DAY)),
        ("un", "una", "unos"),
    ),
    "pt": RelativeWords(
        r"há\s+(.+)",
        ((r"segundo", 1), (r"minuto", _MINUTE), (r"hora", _HOUR), (r"dia", _DAY)),
        ("um", "uma", "alguns", "poucos"),
    ),
    "fr": RelativeWords(
        r"il y a\s+(.+)",
        ((r"seconde", 1), (r"minute", _MINUTE), (r"heure", _HOUR), (r"jour", _DAY)),
        ("un", "une", "quelques"),
    ),
    "tr": RelativeWords(
        r"(.+?)\s+önce",
        ((r"saniye", 1), (r"dakika", _MINUTE), (r"saat", _HOUR), (r"gün", _DAY)),
        ("bir", "birkaç", "birkac"),
    ),
    "id": RelativeWords(
        r"(.+?)\s+(?:yang\s+)?lalu",
        ((r"semenit", _MINUTE), (r"sejam", _HOUR), (r"sehari", _DAY), (r"detik", 1),
         (r"menit", _MINUTE), (r"jam", _HOUR), (r"hari", _DAY)),
        ("beberapa",),
    ),
    # --- the other sites' locales: moment.js, with Simorgh's psammead-locales on top -----------
    "am": RelativeWords(  # BBC's own: "ከ 5 ደቂቃዎች በፊት"
        r"(?:ከ\s*)?(.+?)\s*በፊት",
        ((r"seconds?", 1), (r"ደቂቃ", _MINUTE), (r"ሰአት", _HOUR), (r"days?", _DAY)),
        ("a few", "a"),
    ),
    "az": RelativeWords(
        r"(.+?)\s+əvvəl",
        ((r"saniy", 1), (r"dəqiqə", _MINUTE), (r"saat", _HOUR), (r"gün", _DAY)),
        ("birneçə", "bir neçə", "bir"),
    ),
    "bn": RelativeWords(
        r"(.+?)\s*আগে",
        ((r"সেকেন্ড", 1), (r"মিনিট", _MINUTE), (r"ঘন্টা", _HOUR), (r"দিন", _DAY)),
        ("এক", "কয়েক", "কএক"),
    ),
    "cy": RelativeWords(
        r"(.+?)\s+yn\s+ôl",
        ((r"eiliad", 1), (r"munud", _MINUTE), (r"awr", _HOUR), (r"diwrnod", _DAY)),
        ("ychydig",),
    ),
    "gd": RelativeWords(
        r"bho\s+chionn\s+(.+)",
        ((r"diog", 1), (r"mionaid", _MINUTE), (r"uair", _HOUR), (r"latha", _DAY)),
        ("beagan",),
    ),
    "gu": RelativeWords(
        r"(.+?)\s*પહેલા",
        ((r"પળ|સેકંડ", 1), (r"મિનિટ", _MINUTE), (r"કલાક", _HOUR), (r"દિવસ", _DAY)),
        ("એક", "અમુક"),
    ),
    "ha": RelativeWords(  # BBC's own: "Mintuna 5 da suka wuce", "Sa'a 1 da ta wuce"
        r"(.+?)(?:\s+da\s+(?:suka|ta))?\s+wuce",
        ((r"seconds?", 1), (r"mintuna|minti", _MINUTE), (r"sa'o'i|sa'a", _HOUR), (r"days?", _DAY)),
        ("a few", "a"),
        amount_after=True,
    ),
    "hu": RelativeWords(  # the past is the unit's own ending: "5 perce", "egy órája" ("5 perc" is not)
        r"(.+)",
        ((r"másodperce", 1), (r"perce", _MINUTE), (r"órája", _HOUR), (r"napja", _DAY)),
        ("néhány", "egy"),
    ),
    "ig": RelativeWords(
        r"(.+?)\s+gara\s+aga",
        ((r"ntabịanya", 1), (r"nkeji", _MINUTE), (r"elekere", _HOUR), (r"ụbọchị", _DAY)),
        ("otu", "ole na ole"),
        amount_after=True,
    ),
    "ja": RelativeWords(
        r"(.+?)\s*前",
        ((r"秒", 1), (r"分", _MINUTE), (r"時間", _HOUR), (r"日", _DAY)),
        ("数",),
    ),
    "ko": RelativeWords(  # 일 is "one" in 일분 and "day" in 2일: minutes are tried first
        r"(.+?)\s*전",
        ((r"초", 1), (r"분", _MINUTE), (r"시간", _HOUR), (r"하루", _DAY), (r"일", _DAY)),
        ("몇", "일", "한"),
    ),
    "ky": RelativeWords(
        r"(.+?)\s+(?:мурда|мурун)",
        ((r"секунд", 1), (r"мүнөт", _MINUTE), (r"саат", _HOUR), (r"күн", _DAY)),
        ("бирнече", "бир"),
    ),
    "mr": RelativeWords(  # BBC's: "5 मिनिटांपूर्वी" (no space)
        r"(.+?)\s*पूर्वी",
        ((r"सेकंद", 1), (r"मिनिट", _MINUTE), (r"तास", _HOUR), (r"दिवस", _DAY)),
        ("एक", "काही"),
    ),
    "my": RelativeWords(  # the closing က is also a letter of words: only at the end
        r"လွန်ခဲ့သော\s*(.+?)\s*က$",
        ((r"စက္ကန", 1), (r"မိနစ်", _MINUTE), (r"နာရီ", _HOUR), (r"ရက်", _DAY)),
        ("တစ်",),
    ),
    "ne": RelativeWords(
        r"(.+?)\s*(?:पहिले|अगाडि|अगाडी)",
        ((r"समय|क्षण|सेकेण्ड|सेकेन्ड", 1), (r"मिनेट", _MINUTE), (r"घण्टा", _HOUR), (r"दिन", _DAY)),
        ("एक", "केही"),
    ),
    "om": RelativeWords(  # BBC's own: "Daqiiqaa 5 dura", "Sa'aatii tokko dura"
        r"(.+?)\s+dura",
        ((r"seconds?", 1), (r"daqiiqaa", _MINUTE), (r"sa'aatii", _HOUR), (r"days?", _DAY)),
        ("tokko", "a few", "a"),
        amount_after=True,
    ),
    "pa": RelativeWords(  # pa-in: BBC's past ਪਹਿਲਾਂ, moment's ਪਿਛਲੇ
        r"(.+?)\s*(?:ਪਹਿਲਾਂ|ਪਿਛਲੇ)",
        ((r"ਸਕਿੰਟ", 1), (r"ਮਿੰਟ", _MINUTE), (r"ਘੰਟ", _HOUR), (r"ਦਿਨ", _DAY)),
        ("ਇੱਕ", "ਕੁੱਝ"),
    ),
    "pcm": RelativeWords(  # BBC's own
        r"(.+?)\s+wey\s+don\s+pass",
        ((r"second", 1), (r"minute", _MINUTE), (r"hour", _HOUR), (r"day", _DAY)),
        ("just some", "one", "a few", "a"),
    ),
    "pl": RelativeWords(
        r"(.+?)\s+temu",
        ((r"sekund", 1), (r"minut", _MINUTE), (r"godzin", _HOUR), (r"dzień|dni", _DAY)),
        ("kilka",),
    ),
    "ro": RelativeWords(  # BBC's "acum 5 minute", moment's "5 minute în urmă", "20 de minute"
        r"acum\s+(.+)|(.+?)\s+în\s+urmă",
        ((r"(?:de\s+)?secund", 1), (r"(?:de\s+)?minut", _MINUTE), (r"(?:de\s+)?or[ăe]", _HOUR),
         (r"(?:de\s+)?zi", _DAY)),
        ("câteva", "un", "o"),
    ),
    "rw": RelativeWords(  # BBC's own, with no past word: "Haciye amasaha 3", "Iminota 5 iraheze"
        r"^(?:haciye\s+(.+)|(.+?)\s+iraheze|(a\s+few\s+seconds))$",
        ((r"seconds?", 1), (r"umunota|iminota", _MINUTE), (r"isaha|amasaha", _HOUR)),
        ("a few",),
        amount_after=True,
    ),
    "si": RelativeWords(  # BBC's "පැය 3 කට පෙර", moment's "මිනිත්තු 5කට පෙර"
        r"(.+?)\s*(?:කට\s*)?පෙර",
        ((r"තත්පර", 1), (r"මිනිත්තු", _MINUTE), (r"පැය", _HOUR), (r"දින", _DAY)),
        ("කිහිපය",),
        amount_after=True,
    ),
    "so": RelativeWords(  # BBC's own
        r"(.+?)\s+ka\s+hor",
        ((r"seconds?", 1), (r"daqiiqad", _MINUTE), (r"saacad", _HOUR), (r"days?", _DAY)),
        ("a few", "a"),
    ),
    "sr": RelativeWords(  # Latin script (moment's "sr")
        r"pre\s+(.+)",
        ((r"sekund", 1), (r"minut", _MINUTE), (r"sat", _HOUR), (r"dan", _DAY)),
        ("nekoliko", "jedan", "jedne", "jednog"),
    ),
    "sr-cyrl": RelativeWords(
        r"пре\s+(.+)",
        ((r"секунд", 1), (r"минут", _MINUTE), (r"сат", _HOUR), (r"дан", _DAY)),
        ("неколико", "један", "једне", "једног"),
    ),
    "sw": RelativeWords(  # BBC's "Saa 3 zilizopita", moment's "tokea hivi punde"
        r"tokea\s+(.+)|(.+?)\s+(?:zilizopita|iliyopita)",
        ((r"hivi\s+punde", 1), (r"sekunde", 1), (r"dakika", _MINUTE), (r"saa", _HOUR), (r"siku", _DAY)),
        ("moja", "chache"),
        amount_after=True,
    ),
    "ta": RelativeWords(  # BBC's past முன்னர், moment's முன்
        r"(.+?)\s*முன்(?:னர்)?",
        ((r"விநாடி", 1), (r"நிமிட", _MINUTE), (r"மணி\s*நேர", _HOUR), (r"நாள்|நாட்க", _DAY)),
        ("ஒரு சில", "ஒரு"),
    ),
    "te": RelativeWords(
        r"(.+?)\s*క్రితం",
        ((r"క్షణ", 1), (r"నిమిష", _MINUTE), (r"గంట", _HOUR), (r"రోజు", _DAY)),
        ("ఒక", "కొన్ని"),
    ),
    "th": RelativeWords(  # BBC's "เมื่อ 5 นาทีที่ผ่านมา", moment's "5 นาทีที่แล้ว"
        r"เมื่อ\s*(.+)|(.+?)\s*ที่แล้ว",
        ((r"วินาที", 1), (r"นาที", _MINUTE), (r"ชั่วโมง", _HOUR), (r"วัน", _DAY)),
        ("ไม่กี่",),
    ),
    "ti": RelativeWords(  # BBC's own
        r"ቅድሚ\s*(.+)",
        ((r"seconds?", 1), (r"ደቒቕ|ደቓይቕ", _MINUTE), (r"ሰዓት|ሰዓታት", _HOUR), (r"days?", _DAY)),
        ("ሓደ", "a few", "a"),
    ),
    "uz": RelativeWords(  # Cyrillic script (moment's "uz"); BBC's "1 cоат" has a Latin c
        r"(?:бир\s+неча\s+)?(.+?)\s+(?:аввал|олдин)",
        ((r"фурсат", 1), (r"да[кқ]и[кқ]а", _MINUTE), (r"[сc]оат", _HOUR), (r"кун", _DAY)),
        ("бир",),
    ),
    "uz-latn": RelativeWords(
        r"(?:bir\s+necha\s+)?(.+?)\s+(?:avval|oldin)",
        ((r"soniya", 1), (r"daqiqa", _MINUTE), (r"soat", _HOUR), (r"kun", _DAY)),
        ("bir",),
    ),
    "vi": RelativeWords(
        r"(.+?)\s+trước",
        ((r"giây", 1), (r"phút", _MINUTE), (r"giờ", _HOUR), (r"ngày", _DAY)),
        ("một", "vài"),
    ),
    "yo": RelativeWords(  # BBC's "wákàtí 3 sẹ́yìn", moment's "wákati 3 kọjá"
        r"(.+?)\s+(?:sẹ́yìn|kọjá)",
        ((r"ìṣẹ́jú\s+aayá|ìsẹjú\s+aayá", 1), (r"ìṣẹ́jú|ìsẹjú", _MINUTE), (r"wákàtí|wákati", _HOUR),
         (r"ọjọ́", _DAY)),
        ("kan", "die"),
        amount_after=True,
    ),
}  # fmt: skip

_MAX_TEXT = 200
_FOLD = re.compile("[\u200b-\u200f\u2060\ufeff]")


def words_for(locale: str) -> RelativeWords | None:
    """The words of a moment.js locale (``sr-cyrl``, ``pt-br``): the whole locale's where it
    has its own (a script), else its language's, else None."""
    key = locale.lower()
    return WORDS.get(key) or WORDS.get(key.split("-")[0])


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)  # the text read is NFC too


@lru_cache(maxsize=512)
def _compiled(locale: str) -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], int], ...]] | None:
    words = words_for(locale)
    if words is None:
        return None
    one = "|".join(re.escape(_nfc(w)) for w in sorted(words.one, key=len, reverse=True)) or "(?!)"
    number = r"\d+(?:[.,]\d+)?"
    after = rf"(?P<after>{number})|" if words.amount_after else ""
    units = tuple(
        (
            re.compile(
                rf"^(?:(?P<n>{number})|(?:{one}))?\s*(?:{_nfc(pattern)})\S*(?:\s+(?:{after}(?:{one})))?$"
            ),
            seconds,
        )
        for pattern, seconds in words.units
    )
    return re.compile(_nfc(words.past), re.IGNORECASE), units


def _ascii_digits(text: str) -> str:
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


@lru_cache(maxsize=1024)
def relative_offset(text: str, locale: str) -> timedelta | None:
    """How long before "now" ``text`` says in ``locale`` (a moment.js locale such as
    ``ar``, ``pt-br``), or None when it is not a relative time in that locale's words."""
    compiled = _compiled(locale.lower())
    if compiled is None or not text or len(text) > _MAX_TEXT:
        return None  # (no relative time is this long: the regexes see bounded text)
    past, units = compiled
    cleaned = " ".join(_ascii_digits(_FOLD.sub("", unicodedata.normalize("NFC", text))).split())
    match = past.search(cleaned)
    if match is None:
        return None
    # The first group that took part: a locale with two forms has a group in each.
    amount = next((group for group in match.groups() if group is not None), "").strip().lower()
    for pattern, seconds in units:
        found = pattern.match(amount)
        if found:
            number = found.group("n") or found.groupdict().get("after")
            count = float(number.replace(",", ".")) if number else 1.0
            try:
                return timedelta(seconds=seconds * count)
            except OverflowError:  # more than a datetime can go back: no date
                return None
    return None
