"""The demo events, in English, Gujarati and Hindi, and their index.

Two are past programme events as KMVS's public description of Samvedna tells them (the date,
the town and what is said about them come from there; the times are examples, and the pages say
so). The third is an invented upcoming event, dated 30 days after the demo is loaded and
labelled "Example event". No photos: the demo shows no one.

``build_demo_events`` is called by ``load_demo`` and is idempotent like it: an index or event
that already exists (found by language and slug) is left exactly as it is.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from wagtail.models import Locale, Page

from events.models import EventIndexPage, EventPage
from events.timezones import INDIA

from .home import DEMO_NOTE
from .sections import SOURCE_LANGUAGE, ensure_demo_index, publish_demo_page

EXAMPLE_DAYS_AHEAD = 30


# First paragraph of a past demo event's recap: where its facts come from.
PROGRAMME_LABEL = {
    "en": "<p><strong>Example content.</strong> The date, the town and what is said here about "
    "the event come from KMVS's public description of the Samvedna programme; the times are "
    "examples.</p>",
    "gu": "<p><strong>ઉદાહરણ સામગ્રી.</strong> તારીખ, શહેર અને અહીં કાર્યક્રમ વિશે જે લખ્યું છે "
    "તે KMVSના સંવેદના કાર્યક્રમના જાહેર વર્ણનમાંથી લીધું છે; સમય ઉદાહરણ છે.</p>",
    "hi": "<p><strong>उदाहरण सामग्री।</strong> तारीख़, शहर और यहाँ कार्यक्रम के बारे में जो लिखा "
    "है, वह KMVS के संवेदना कार्यक्रम के सार्वजनिक विवरण से लिया गया है; समय उदाहरण हैं।</p>",
}
# First paragraph of the invented upcoming event.
EXAMPLE_LABEL = {
    "en": "<p><strong>Example event.</strong> This event was invented for the demonstration "
    "site. It will not take place.</p>",
    "gu": "<p><strong>ઉદાહરણ કાર્યક્રમ.</strong> આ કાર્યક્રમ ડેમો સાઇટ માટે બનાવવામાં આવ્યો છે. "
    "તે યોજાવાનો નથી.</p>",
    "hi": "<p><strong>उदाहरण कार्यक्रम।</strong> यह कार्यक्रम डेमो साइट के लिए बनाया गया है। यह "
    "आयोजित नहीं होगा।</p>",
}

EVENT_INDEX = {
    "slug": "events",
    "en": {
        "title": "Events",
        "intro": (
            "Public events where women of Samvedna take the mike and speak in their own voice "
            "about their lives, struggles and hopes. Each event says when and in which town it "
            "takes place; afterwards, it tells what happened."
        ),
    },
    "gu": {
        "title": "કાર્યક્રમો",
        "intro": (
            "જાહેર કાર્યક્રમો, જ્યાં સંવેદનાની બહેનો માઇક હાથમાં લે છે અને પોતાના અવાજમાં પોતાના "
            "જીવન, સંઘર્ષ અને આશાઓ વિશે બોલે છે. દરેક કાર્યક્રમ ક્યારે અને કયા શહેરમાં છે તે અહીં "
            "લખેલું છે; પછીથી ત્યાં શું થયું તે પણ."
        ),
    },
    "hi": {
        "title": "कार्यक्रम",
        "intro": (
            "सार्वजनिक कार्यक्रम, जहाँ संवेदना की महिलाएँ माइक थामती हैं और अपनी आवाज़ में अपने "
            "जीवन, संघर्षों और उम्मीदों के बारे में बोलती हैं। हर कार्यक्रम कब और किस शहर में है, "
            "यह यहाँ लिखा है; बाद में वहाँ क्या हुआ, वह भी।"
        ),
    },
}


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=INDIA)


def _example_day() -> datetime.date:
    return timezone.localtime(timezone.now(), INDIA).date() + datetime.timedelta(
        days=EXAMPLE_DAYS_AHEAD
    )


# Each event: slug, when (a function, so the example is dated when the demo is loaded), town,
# attendance, the label its recap starts with, then the text in each language.
EVENTS: list[dict[str, Any]] = [
    {
        "slug": "samvedna-saathe-sanvad",
        "when": lambda: (
            _at(datetime.date(2023, 3, 11), 11),
            _at(datetime.date(2023, 3, 11), 14),
        ),
        "town": "bhuj",
        "attendance": None,
        "label": PROGRAMME_LABEL,
        "en": {
            "title": "Samvedna Saathe Sanvad (Dialogue with Samvedna)",
            "announcement": (
                "A celebration of sex workers' right to work with dignity, and a dialogue to "
                "build a wider understanding of sex work and of the lives of sex workers. "
                "Anchored by a sex worker."
            ),
            "recap": [
                (
                    "paragraph",
                    "<p>Samvedna Saathe Sanvad (Dialogue with Samvedna) was held in Bhuj on "
                    "11 March 2023. A sex worker anchored the event, and KMVS programme cadres "
                    "attended. It was a celebration of sex workers' right to work with dignity, "
                    "and a dialogue to build a wider understanding of sex work and of the lives "
                    "of sex workers.</p>",
                ),
            ],
            "guests": "Anchor: a sex worker\nKMVS programme cadres",
            "departments": "",
        },
        "gu": {
            "title": "સંવેદના સાથે સંવાદ",
            "announcement": (
                "સેક્સ વર્કરોના ગૌરવથી કામ કરવાના અધિકારની ઉજવણી, અને સેક્સ વર્ક તથા સેક્સ "
                "વર્કરોના જીવનની વ્યાપક સમજ કેળવવા માટેનો સંવાદ. સંચાલન: એક સેક્સ વર્કર."
            ),
            "recap": [
                (
                    "paragraph",
                    "<p>11 માર્ચ 2023ના રોજ ભુજમાં “સંવેદના સાથે સંવાદ” યોજાયો. કાર્યક્રમનું "
                    "સંચાલન એક સેક્સ વર્કરે કર્યું, અને KMVSના કાર્યક્રમ કાર્યકરો હાજર રહ્યા. તે "
                    "સેક્સ વર્કરોના ગૌરવથી કામ કરવાના અધિકારની ઉજવણી હતી, અને સેક્સ વર્ક તથા "
                    "સેક્સ વર્કરોના જીવનની વ્યાપક સમજ કેળવવા માટેનો સંવાદ હતો.</p>",
                ),
            ],
            "guests": "સંચાલક: એક સેક્સ વર્કર\nKMVSના કાર્યક્રમ કાર્યકરો",
            "departments": "",
        },
        "hi": {
            "title": "संवेदना साथे संवाद (संवेदना के साथ संवाद)",
            "announcement": (
                "सेक्स वर्करों के सम्मान से काम करने के अधिकार का उत्सव, और सेक्स वर्क तथा "
                "सेक्स वर्करों के जीवन की व्यापक समझ बनाने के लिए एक संवाद। संचालन: एक सेक्स "
                "वर्कर।"
            ),
            "recap": [
                (
                    "paragraph",
                    "<p>11 मार्च 2023 को भुज में “संवेदना साथे संवाद” (संवेदना के साथ संवाद) "
                    "आयोजित हुआ। कार्यक्रम का संचालन एक सेक्स वर्कर ने किया, और KMVS के "
                    "कार्यक्रम कार्यकर्ता शामिल हुए। यह सेक्स वर्करों के सम्मान से काम करने के "
                    "अधिकार का उत्सव था, और सेक्स वर्क तथा सेक्स वर्करों के जीवन की व्यापक समझ "
                    "बनाने के लिए एक संवाद था।</p>",
                ),
            ],
            "guests": "संचालक: एक सेक्स वर्कर\nKMVS के कार्यक्रम कार्यकर्ता",
            "departments": "",
        },
    },
    {
        "slug": "international-sex-workers-day-2023",
        "when": lambda: (
            _at(datetime.date(2023, 6, 1), 10),
            _at(datetime.date(2023, 6, 1), 16),
        ),
        "town": "bhuj",
        "attendance": 150,
        "label": PROGRAMME_LABEL,
        "en": {
            "title": "International Sex Workers Day in Bhuj",
            "announcement": (
                "For the first time, KMVS celebrates International Sex Workers Day with the "
                "women of Samvedna. Theme: Right to Work without Violence. Right to Live with "
                "Dignity."
            ),
            "recap": [
                (
                    "paragraph",
                    "<p>On 1 June 2023, for the first time, KMVS celebrated International Sex "
                    "Workers Day with the women of Samvedna in Bhuj. Over 150 women came, and "
                    "representatives of several government departments attended.</p>",
                ),
                (
                    "quote",
                    {
                        "quote": "Right to Work without Violence. Right to Live with Dignity.",
                        "attribution": "The theme of the day",
                    },
                ),
            ],
            "guests": "Representatives of several government departments",
            "departments": "",
        },
        "gu": {
            "title": "ભુજમાં આંતરરાષ્ટ્રીય સેક્સ વર્કર દિવસ",
            "announcement": (
                "પહેલી વાર KMVS સંવેદનાની બહેનો સાથે આંતરરાષ્ટ્રીય સેક્સ વર્કર દિવસ ઉજવે છે. "
                "વિષય: હિંસા વગર કામ કરવાનો અધિકાર. ગૌરવથી જીવવાનો અધિકાર."
            ),
            "recap": [
                (
                    "paragraph",
                    "<p>1 જૂન 2023ના રોજ ભુજમાં KMVSએ પહેલી વાર સંવેદનાની બહેનો સાથે "
                    "આંતરરાષ્ટ્રીય સેક્સ વર્કર દિવસ ઉજવ્યો. 150થી વધુ બહેનો આવી, અને કેટલાક "
                    "સરકારી વિભાગોના પ્રતિનિધિઓ હાજર રહ્યા.</p>",
                ),
                (
                    "quote",
                    {
                        "quote": "હિંસા વગર કામ કરવાનો અધિકાર. ગૌરવથી જીવવાનો અધિકાર.",
                        "attribution": "દિવસનો વિષય",
                    },
                ),
            ],
            "guests": "કેટલાક સરકારી વિભાગોના પ્રતિનિધિઓ",
            "departments": "",
        },
        "hi": {
            "title": "भुज में अंतरराष्ट्रीय सेक्स वर्कर दिवस",
            "announcement": (
                "पहली बार KMVS संवेदना की महिलाओं के साथ अंतरराष्ट्रीय सेक्स वर्कर दिवस मना रहा "
                "है। विषय: हिंसा के बिना काम करने का अधिकार। सम्मान से जीने का अधिकार।"
            ),
            "recap": [
                (
                    "paragraph",
                    "<p>1 जून 2023 को भुज में KMVS ने पहली बार संवेदना की महिलाओं के साथ "
                    "अंतरराष्ट्रीय सेक्स वर्कर दिवस मनाया। 150 से ज़्यादा महिलाएँ आईं, और कई "
                    "सरकारी विभागों के प्रतिनिधि शामिल हुए।</p>",
                ),
                (
                    "quote",
                    {
                        "quote": "हिंसा के बिना काम करने का अधिकार। सम्मान से जीने का अधिकार।",
                        "attribution": "दिन का विषय",
                    },
                ),
            ],
            "guests": "कई सरकारी विभागों के प्रतिनिधि",
            "departments": "",
        },
    },
    {
        "slug": "example-identity-papers-that-match",
        "when": lambda: (_at(_example_day(), 11), _at(_example_day(), 13)),
        "town": "gandhidham",
        "attendance": None,
        "label": EXAMPLE_LABEL,
        "en": {
            "title": "Example event: identity papers that match",
            "announcement": (
                "Example event, invented for the demonstration site. An open session for "
                "Samvedna members on getting a ration card, an Aadhaar card and a voter ID card "
                "whose details match, so that health care, pensions and schemes are within "
                "reach. Bring your questions; you do not need to bring any documents."
            ),
            "recap": [],
            "guests": "A Samvedna leader (example)\nA KMVS field worker (example)",
            "departments": "Taluka civil supplies office (example)\nElection office (example)",
        },
        "gu": {
            "title": "ઉદાહરણ કાર્યક્રમ: એકસરખા ઓળખ દસ્તાવેજ",
            "announcement": (
                "ડેમો સાઇટ માટે બનાવેલો ઉદાહરણ કાર્યક્રમ. સંવેદનાની સભ્યો માટે ખુલ્લું સત્ર: "
                "રેશન કાર્ડ, આધાર કાર્ડ અને મતદાર ઓળખપત્રમાં વિગતો એકસરખી કેવી રીતે કરાવવી, "
                "જેથી આરોગ્ય સેવા, પેન્શન અને યોજનાઓનો લાભ મળી શકે. તમારા પ્રશ્નો લઈને આવજો; "
                "કોઈ દસ્તાવેજ લાવવાની જરૂર નથી."
            ),
            "recap": [],
            "guests": "સંવેદનાની એક આગેવાન (ઉદાહરણ)\nKMVSનાં એક ફિલ્ડ વર્કર (ઉદાહરણ)",
            "departments": "તાલુકા પુરવઠા કચેરી (ઉદાહરણ)\nચૂંટણી કચેરી (ઉદાહરણ)",
        },
        "hi": {
            "title": "उदाहरण कार्यक्रम: मेल खाते पहचान पत्र",
            "announcement": (
                "डेमो साइट के लिए बनाया गया उदाहरण कार्यक्रम। संवेदना की सदस्यों के लिए खुला "
                "सत्र: राशन कार्ड, आधार कार्ड और मतदाता पहचान पत्र में ब्योरे एक जैसे कैसे "
                "करवाएँ, ताकि स्वास्थ्य सेवा, पेंशन और योजनाओं का लाभ मिल सके। अपने सवाल लेकर "
                "आइए; कोई दस्तावेज़ लाने की ज़रूरत नहीं है।"
            ),
            "recap": [],
            "guests": "संवेदना की एक लीडर (उदाहरण)\nKMVS की एक फ़ील्ड वर्कर (उदाहरण)",
            "departments": "तालुका आपूर्ति कार्यालय (उदाहरण)\nचुनाव कार्यालय (उदाहरण)",
        },
    },
]


# --- Building them ------------------------------------------------------------------------------


def _recap(spec: dict[str, Any], content: dict[str, Any], language: str) -> list[dict[str, Any]]:
    blocks = [{"type": "paragraph", "value": spec["label"][language]}]
    blocks += [{"type": kind, "value": value} for kind, value in content["recap"]]
    blocks.append({"type": "paragraph", "value": DEMO_NOTE[language]})
    return blocks


def _apply_event(page, spec: dict[str, Any], language: str) -> None:
    content = spec[language]
    page.title = content["title"]
    page.announcement = content["announcement"]
    page.recap = _recap(spec, content, language)
    page.guests = content["guests"]
    page.departments = content["departments"]


def build_demo_events(home: Page, locales: dict[str, Locale]) -> int:
    """Create the event indexes and demo events that are missing; return how many pages."""
    index, created = ensure_demo_index(home, locales, EventIndexPage, EVENT_INDEX)

    for spec in EVENTS:
        event = index.get_children().filter(slug=spec["slug"]).specific().first()
        start, end = spec["when"]()
        # Announced two weeks before (the feed's publication date), never in the future.
        announced = min(start - datetime.timedelta(days=14), timezone.now())
        if event is None:
            event = EventPage(
                slug=spec["slug"],
                start=start,
                end=end,
                town=spec["town"],
                attendance=spec["attendance"],
            )
            _apply_event(event, spec, SOURCE_LANGUAGE)
            index.add_child(instance=event)
            publish_demo_page(event, announced)
            created += 1
        for code, locale in locales.items():
            if code == SOURCE_LANGUAGE or event.get_translation_or_none(locale) is not None:
                continue
            translation = event.copy_for_translation(locale)
            _apply_event(translation, spec, code)
            publish_demo_page(translation, announced)
            created += 1
    return created
