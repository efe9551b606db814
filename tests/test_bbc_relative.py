"""Relative times in the words of every BBC World Service site (relative.WORDS).

The phrases are the forms moment.js gives in each site's ``datetimeLocale``: moment's own
locale files with BBC's psammead-locales (Simorgh) on top, e.g. Simorgh's sw gives
"Saa 2 zilizopita" where moment's gives "saa 2 zilizopita", and Simorgh's pa-in keeps
moment's units with its own past word ਪਹਿਲਾਂ. Where BBC's own locale leaves a unit out,
moment shows its English default ("a few seconds", "a day") with the locale's past word.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsparse.extractor import Context
from newsparse.extractors.bbc.common import site_of
from newsparse.extractors.bbc.relative import WORDS, relative_offset, words_for
from newsparse.extractors.bbc.service import SERVICES

S, M, H, D = 1, 60, 3600, 86400

#: (locale, phrase, seconds): at least one phrase per unit a page shows within its first hours.
PHRASES = [
    ("am", "ከ 5 ደቂቃዎች በፊት", 5 * M), ("am", "ከ 1 ደቂቃ በፊት", M), ("am", "ከ 1 ሰአት በፊት", H),
    ("am", "ከ 3 ሰአት በፊት", 3 * H), ("am", "a few seconds በፊት", S), ("am", "a day በፊት", D),
    ("az", "birneçə saniyyə əvvəl", S), ("az", "bir neçə saniyə əvvəl", S), ("az", "bir dəqiqə əvvəl", M),
    ("az", "5 dəqiqə əvvəl", 5 * M), ("az", "bir saat əvvəl", H), ("az", "3 saat əvvəl", 3 * H),
    ("az", "2 gün əvvəl", 2 * D),
    ("bn", "কএক সেকেন্ড আগে", S), ("bn", "কয়েক সেকেন্ড আগে", S), ("bn", "এক মিনিট আগে", M),
    ("bn", "৫ মিনিট আগে", 5 * M), ("bn", "এক ঘন্টা আগে", H), ("bn", "৩ ঘন্টা আগে", 3 * H),
    ("bn", "3 ঘন্টা আগে", 3 * H), ("bn", "২ দিন আগে", 2 * D),
    ("cy", "ychydig eiliadau yn ôl", S), ("cy", "munud yn ôl", M), ("cy", "5 munud yn ôl", 5 * M),
    ("cy", "awr yn ôl", H), ("cy", "3 awr yn ôl", 3 * H), ("cy", "2 diwrnod yn ôl", 2 * D),
    ("gd", "bho chionn beagan diogan", S), ("gd", "bho chionn mionaid", M),
    ("gd", "bho chionn 5 mionaidean", 5 * M), ("gd", "bho chionn uair", H),
    ("gd", "bho chionn 3 uairean", 3 * H), ("gd", "bho chionn 2 latha", 2 * D),
    ("gu", "અમુક પળો પહેલા", S), ("gu", "એક મિનિટ પહેલા", M), ("gu", "5 મિનિટ પહેલા", 5 * M),
    ("gu", "૫ મિનિટ પહેલા", 5 * M), ("gu", "એક કલાક પહેલા", H), ("gu", "3 કલાક પહેલા", 3 * H),
    ("gu", "2 દિવસ પહેલા", 2 * D),
    ("ha", "a few seconds wuce", S), ("ha", "Minti 1 da ta wuce", M), ("ha", "Mintuna 5 da suka wuce", 5 * M),
    ("ha", "Sa'a 1 da ta wuce", H), ("ha", "Sa'o'i 3 da suka wuce", 3 * H), ("ha", "2 days wuce", 2 * D),
    ("hu", "néhány másodperce", S), ("hu", "egy perce", M), ("hu", "5 perce", 5 * M),
    ("hu", "egy órája", H), ("hu", "3 órája", 3 * H), ("hu", "2 napja", 2 * D),
    ("ig", "ntabịanya ole na ole gara aga", S), ("ig", "otu nkeji gara aga", M),
    ("ig", "nkeji 5 gara aga", 5 * M), ("ig", "otu elekere gara aga", H),
    ("ig", "elekere 3 gara aga", 3 * H), ("ig", "Ụbọchị 2 gara aga", 2 * D),
    ("ja", "数秒前", S), ("ja", "1分前", M), ("ja", "5分前", 5 * M), ("ja", "1時間前", H),
    ("ja", "3時間前", 3 * H), ("ja", "2日前", 2 * D),
    ("ko", "몇초 전", S), ("ko", "몇 초 전", S), ("ko", "일분 전", M), ("ko", "1분 전", M),
    ("ko", "5분 전", 5 * M),
    ("ko", "한시간 전", H), ("ko", "한 시간 전", H), ("ko", "3시간 전", 3 * H), ("ko", "하루 전", D),
    ("ko", "2일 전", 2 * D),
    ("ky", "бирнече секунд мурун", S), ("ky", "1 мүнөт мурда", M), ("ky", "5 мүнөт мурда", 5 * M),
    ("ky", "1 саат мурда", H), ("ky", "3 саат мурда", 3 * H), ("ky", "2 күн мурун", 2 * D),
    ("mr", "सेकंदपूर्वी", S), ("mr", "काही सेकंदपूर्वी", S), ("mr", "1 मिनिटापूर्वी", M),
    ("mr", "5 मिनिटांपूर्वी", 5 * M), ("mr", "1 तासापूर्वी", H), ("mr", "3 तासांपूर्वी", 3 * H),
    ("mr", "एक दिवसपूर्वी", D), ("mr", "५ मिनिटे पूर्वी", 5 * M),
    ("my", "လွန်ခဲ့သော စက္ကန်.အနည်းငယ် က", S), ("my", "လွန်ခဲ့သော တစ်မိနစ် က", M),
    ("my", "လွန်ခဲ့သော ၅ မိနစ် က", 5 * M), ("my", "လွန်ခဲ့သော တစ်နာရီ က", H),
    ("my", "လွန်ခဲ့သော ၃ နာရီ က", 3 * H), ("my", "လွန်ခဲ့သော ၂ ရက် က", 2 * D),
    ("ne", "केही समय पहिले", S), ("ne", "केही क्षण अगाडि", S), ("ne", "१ मिनेट पहिले", M),
    ("ne", "५ मिनेट पहिले", 5 * M), ("ne", "१ घण्टा पहिले", H), ("ne", "३ घण्टा पहिले", 3 * H),
    ("ne", "२ दिन अगाडी", 2 * D),
    ("om", "a few seconds dura", S), ("om", "Daqiiqaa 1 dura", M), ("om", "Daqiiqaa 5 dura", 5 * M),
    ("om", "Sa'aatii tokko dura", H), ("om", "Sa'aatii 3 dura", 3 * H), ("om", "a day dura", D),
    ("pa-in", "ਕੁੱਝ ਸਕਿੰਟ ਪਹਿਲਾਂ", S), ("pa-in", "ਇੱਕ ਮਿੰਟ ਪਹਿਲਾਂ", M), ("pa-in", "5 ਮਿੰਟ ਪਹਿਲਾਂ", 5 * M),
    ("pa-in", "ਇੱਕ ਘੰਟਾ ਪਹਿਲਾਂ", H), ("pa-in", "3 ਘੰਟੇ ਪਹਿਲਾਂ", 3 * H), ("pa-in", "੩ ਘੰਟੇ ਪਿਛਲੇ", 3 * H),
    ("pa-in", "2 ਦਿਨ ਪਹਿਲਾਂ", 2 * D),
    ("pcm", "just some seconds wey don pass", S), ("pcm", "a few seconds wey don pass", S),
    ("pcm", "one minute wey don pass", M), ("pcm", "2 minutes wey don pass", 2 * M),
    ("pcm", "one hour wey don pass", H), ("pcm", "3 hours wey don pass", 3 * H),
    ("pcm", "2 days wey don pass", 2 * D),
    ("pl-pl", "kilka sekund temu", S), ("pl-pl", "minutę temu", M), ("pl-pl", "3 minuty temu", 3 * M),
    ("pl-pl", "5 minut temu", 5 * M), ("pl-pl", "godzinę temu", H), ("pl-pl", "3 godziny temu", 3 * H),
    ("pl-pl", "5 godzin temu", 5 * H), ("pl-pl", "1 dzień temu", D), ("pl-pl", "2 dni temu", 2 * D),
    ("ro", "acum câteva secunde", S), ("ro", "acum un minut", M), ("ro", "acum 5 minute", 5 * M),
    ("ro", "acum o oră", H), ("ro", "acum 3 ore", 3 * H), ("ro", "acum 2 zile", 2 * D),
    ("ro", "20 de minute în urmă", 20 * M), ("ro", "3 ore în urmă", 3 * H),
    ("rw", "a few seconds", S), ("rw", "Haciye umunota 1", M), ("rw", "Iminota 5 iraheze", 5 * M),
    ("rw", "Haciye isaha 1", H), ("rw", "Haciye amasaha 3", 3 * H),
    ("si", "තත්පර කිහිපය පෙර", S), ("si", "තත්පර කිහිපයකට පෙර", S), ("si", "මිනිත්තු 1 පෙර", M),
    ("si", "මිනිත්තුවකට පෙර", M), ("si", "මිනිත්තු 5 පෙර", 5 * M), ("si", "පැයකට පෙර", H),
    ("si", "පැය 3 කට පෙර", 3 * H), ("si", "පැය 3කට පෙර", 3 * H), ("si", "දින 2 පෙර", 2 * D),
    ("so", "a few seconds ka hor", S), ("so", "Daqiiqad ka hor", M), ("so", "5 Daqiiqadood ka hor", 5 * M),
    ("so", "Saacad ka hor", H), ("so", "3 Saacadood ka hor", 3 * H), ("so", "2 days ka hor", 2 * D),
    ("sr", "pre nekoliko sekundi", S), ("sr", "Pre 1 minuta", M), ("sr", "pre jedne minute", M),
    ("sr", "Pre 5 minuta", 5 * M), ("sr", "Pre 1 sata", H), ("sr", "pre jednog sata", H),
    ("sr", "Pre 3 sata", 3 * H), ("sr", "Pre 5 sati", 5 * H), ("sr", "pre dan", D),
    ("sr", "pre 2 dana", 2 * D),
    ("sr-cyrl", "пре неколико секунди", S), ("sr-cyrl", "Пре 1 минута", M),
    ("sr-cyrl", "Пре 5 минута", 5 * M),
    ("sr-cyrl", "Пре 1 сата", H), ("sr-cyrl", "Пре 3 сата", 3 * H), ("sr-cyrl", "Пре 5 сати", 5 * H),
    ("sr-cyrl", "пре 2 дана", 2 * D),
    ("sw", "sekunde chache zilizopita", S), ("sw", "tokea hivi punde", S), ("sw", "Dakika 1 iliyopita", M),
    ("sw", "dakika moja iliyopita", M), ("sw", "Dakika 5 zilizopita", 5 * M), ("sw", "Saa 1 iliyopita", H),
    ("sw", "2 saa zilizopita", 2 * H), ("sw", "Saa 3 zilizopita", 3 * H), ("sw", "siku 2 zilizopita", 2 * D),
    ("ta", "ஒரு சில விநாடிகள் முன்", S), ("ta", "ஒரு நிமிடத்துக்கு முன்னர்", M),
    ("ta", "5 நிமிடங்களுக்கு முன்னர்", 5 * M), ("ta", "௫ நிமிடங்கள் முன்", 5 * M),
    ("ta", "ஒரு மணி நேரத்துக்கு முன்னர்", H), ("ta", "3 மணி நேரங்களுக்கு முன்னர்", 3 * H),
    ("ta", "2 நாட்கள் முன்", 2 * D),
    ("te-in", "కొన్ని క్షణాలు క్రితం", S), ("te-in", "ఒక నిమిషం క్రితం", M), ("te-in", "5 నిమిషాలు క్రితం", 5 * M),
    ("te-in", "ఒక గంట క్రితం", H), ("te-in", "3 గంటలు క్రితం", 3 * H), ("te-in", "2 రోజులు క్రితం", 2 * D),
    ("th", "เมื่อ ไม่กี่วินาที", S), ("th", "เมื่อ 1 นาทีที่ผ่านมา", M), ("th", "เมื่อ 5 นาทีที่ผ่านมา", 5 * M),
    ("th", "เมื่อ 1 ชั่วโมงที่แล้ว", H), ("th", "เมื่อ 3 ชั่วโมงที่แล้ว", 3 * H), ("th", "3 ชั่วโมงที่แล้ว", 3 * H),
    ("th", "เมื่อ 2 วัน", 2 * D), ("th", "5 นาทีที่แล้ว", 5 * M),
    ("ti", "ቅድሚ a few seconds", S), ("ti", "ቅድሚ ደቒቕ", M), ("ti", "ቅድሚ 5 ደቓይቕ", 5 * M),
    ("ti", "ቅድሚ ሓደ ሰዓት", H), ("ti", "ቅድሚ 3 ሰዓታት", 3 * H), ("ti", "ቅድሚ 2 days", 2 * D),
    ("uz", "фурсат аввал", S), ("uz", "1 дақиқа аввал", M), ("uz", "5 дақиқалар аввал", 5 * M),
    ("uz", "1 cоат аввал", H), ("uz", "1 соат аввал", H), ("uz", "3 соатлар аввал", 3 * H),
    ("uz", "Бир неча 3 соат олдин", 3 * H), ("uz", "2 кун аввал", 2 * D),
    ("uz-latn", "soniya avval", S), ("uz-latn", "1 daqiqa avval", M), ("uz-latn", "5 daqiqalar avval", 5 * M),
    ("uz-latn", "1 soat avval", H), ("uz-latn", "3 soatlar avval", 3 * H),
    ("uz-latn", "Bir necha 3 soat oldin", 3 * H),
    ("uz-latn", "2 kun avval", 2 * D),
    ("vi", "vài giây trước", S), ("vi", "một phút trước", M), ("vi", "5 phút trước", 5 * M),
    ("vi", "một giờ trước", H), ("vi", "3 giờ trước", 3 * H), ("vi", "2 ngày trước", 2 * D),
    ("yo", "ìṣẹ́jú aayá die sẹ́yìn", S), ("yo", "ìsẹjú aayá die kọjá", S), ("yo", "ìṣẹ́jú kan sẹ́yìn", M),
    ("yo", "ìṣẹ́jú 5 sẹ́yìn", 5 * M), ("yo", "wákàtí kan sẹ́yìn", H), ("yo", "wákàtí 3 sẹ́yìn", 3 * H),
    ("yo", "wákati 3 kọjá", 3 * H), ("yo", "ọjọ́ 2 kọjá", 2 * D),
]  # fmt: skip

#: (locale, text) that must not resolve: durations without the past word, dates, other scripts.
NOT_RELATIVE = [
    ("am", "5 ደቂቃዎች"), ("az", "3 saat"), ("bn", "৩ ঘন্টা"), ("cy", "3 awr"), ("gd", "3 uairean"),
    ("gu", "3 કલાક"), ("ha", "Mintuna 5"), ("hu", "5 perc"), ("hu", "2023. május 5."), ("ig", "elekere 3"),
    ("ig", "12 Mee 2023"), ("ja", "2024年3月5日"), ("ja", "3時間"), ("ko", "3시간"), ("ky", "3 саат"),
    ("mr", "5 मिनिटे"), ("my", "၃ နာရီ"), ("ne", "३ घण्टा"), ("om", "Daqiiqaa 5"), ("pa-in", "3 ਘੰਟੇ"),
    ("pcm", "3 hours"), ("pl-pl", "3 godziny"), ("ro", "5 minute"), ("ro", "acum"), ("rw", "amasaha 3"),
    ("rw", "3 days"), ("si", "පැය 3"), ("so", "3 Saacadood"), ("sr", "3 sata"), ("sr", "Pre 3 сата"),
    ("sr-cyrl", "Пре 3 sata"), ("sw", "Saa 2"), ("sw", "dakika 5"), ("ta", "3 மணி நேரம்"),
    ("te-in", "3 గంటలు"), ("th", "เมื่อวานนี้ เวลา 10:00"), ("th", "3 ชั่วโมง"), ("ti", "3 ሰዓታት"),
    ("uz", "3 soat avval"), ("uz-latn", "3 соат аввал"), ("vi", "3 giờ"), ("yo", "wákàtí 3"),
    ("ig", "Gịnị ka ị ma maka 'Aba Women's riot' mere afọ 90 gara aga?"),  # a headline (2021 snapshot)
]  # fmt: skip


@pytest.mark.parametrize(("locale", "text", "seconds"), PHRASES)
def test_each_locales_phrases_resolve(locale: str, text: str, seconds: int) -> None:
    assert relative_offset(text, locale) == timedelta(seconds=seconds)


@pytest.mark.parametrize(("locale", "text"), NOT_RELATIVE)
def test_texts_that_are_not_relative_in_the_locale(locale: str, text: str) -> None:
    assert relative_offset(text, locale) is None


def test_every_new_locale_has_phrases_and_a_counter_example() -> None:
    tested = {words_for(locale) for locale, _, _ in PHRASES}
    refused = {words_for(locale) for locale, _ in NOT_RELATIVE}
    first_twelve = ("ar", "fa", "ps", "ur", "ru", "uk", "hi", "es", "pt", "fr", "tr", "id")
    originals = {WORDS[key] for key in first_twelve}
    assert set(WORDS.values()) - originals <= tested & refused


def test_the_key_is_the_whole_locale_where_it_names_a_script() -> None:
    # sr and uz share a subtag with sr-cyrl and uz-latn but are written in another script.
    assert words_for("sr") is WORDS["sr"] and words_for("sr-cyrl") is WORDS["sr-cyrl"]
    assert words_for("uz") is WORDS["uz"] and words_for("uz-latn") is WORDS["uz-latn"]
    assert words_for("SR-Cyrl") is WORDS["sr-cyrl"]
    # Elsewhere the language's words serve every region: pt-br, pa-in, te-in, pl-pl, tr-tr, fa-af.
    for locale in ("pt-br", "pa-in", "te-in", "pl-pl", "tr-tr", "fa-af"):
        assert words_for(locale) is WORDS[locale.split("-")[0]]
    assert words_for("en-gb") is None and words_for("zh-cn") is None  # the toolkit's


def test_unit_patterns_are_lower_case() -> None:
    # The amount is lowered before the unit patterns (compiled case-sensitively) are tried.
    for words in WORDS.values():
        for pattern, _ in words.units:
            assert pattern == pattern.lower(), pattern


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("bn", "৩ ঘন্টা আগে"), ("gu", "૩ કલાક પહેલા"), ("pa-in", "੩ ਘੰਟੇ ਪਹਿਲਾਂ"), ("mr", "३ तासांपूर्वी"),
        ("ne", "३ घण्टा पहिले"), ("ta", "௩ மணி நேரங்களுக்கு முன்னர்"), ("te-in", "౩ గంటలు క్రితం"),
        ("my", "လွန်ခဲ့သော ၃ နာရီ က"), ("th", "เมื่อ ๓ ชั่วโมงที่แล้ว"), ("si", "පැය ෩ කට පෙර"),
    ],
)  # fmt: skip
def test_digits_in_the_sites_scripts(locale: str, text: str) -> None:
    assert relative_offset(text, locale) == timedelta(hours=3)


def _shows_relative_times_in_its_own_words(locale: str) -> bool:
    # Chinese and English relative times are read by the toolkit's parse_relative.
    return not locale.lower().startswith(("zh", "en"))


def test_every_site_in_the_registry_has_words() -> None:
    locales = {v.datetime_locale for service in SERVICES for v in service.variants}
    missing = sorted(x for x in locales if _shows_relative_times_in_its_own_words(x) and words_for(x) is None)
    assert missing == []


def test_every_datetime_locale_of_simorghs_configs_has_words(corpus: Path) -> None:
    table = corpus / "simorgh" / "services.json"
    if not table.is_file():
        pytest.skip(f"{table} not found (set NEWSPARSE_CORPUS)")
    services = json.loads(table.read_text(encoding="utf-8"))["services"]
    locales = {
        variant["datetimeLocale"]
        for service in services.values()
        for variant in service["variants"].values()
        if variant.get("datetimeLocale")
    }
    assert len(locales) > 40
    missing = sorted(x for x in locales if _shows_relative_times_in_its_own_words(x) and words_for(x) is None)
    assert missing == []


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://www.bbc.com/swahili/habari-1", "Saa 2 zilizopita"),
        ("https://www.bbc.com/bengali/news-1", "২ ঘন্টা আগে"),
        ("https://www.bbc.com/serbian/cyr/svet-1", "Пре 2 сата"),
        ("https://www.bbc.com/serbian/lat/svet-1", "Pre 2 sata"),
        ("https://www.bbc.com/japanese/1", "2時間前"),
    ],
)
def test_a_sites_relative_time_resolves_against_the_crawl(url: str, shown: str) -> None:
    site = site_of([url])
    crawled = datetime(2024, 3, 5, 13, 0, tzinfo=timezone.utc)
    context = Context()
    value = site.resolve_time("2024-03-05", shown, crawled, field="published", context=context)
    assert value == datetime(2024, 3, 5, 11, 0, tzinfo=timezone.utc)
    assert not context.warnings
