"""The "Staying safe online" page tells the truth: each of its sentences about what the site does
is on the page in the three languages and names the test that proves it; any other sentence that
mentions the site or its quick exit is listed here as advice to the reader, so a new claim cannot
slip onto the page without a test. (The proving tests do not use the demo: they run on the tests'
own site.)"""

import html
import importlib
import re

import pytest

from demo.home import DEMO_NOTE

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "gu", "hi")
QUICK_EXIT_TESTS = "tests.e2e.test_quick_exit"
PRIVACY_TESTS = "tests.cross_cutting.test_reader_privacy"
TRACES_TESTS = "tests.e2e.test_reader_traces"

# What the site does, sentence by sentence, with the tests that prove it.
CLAIMS = [
    {
        "en": "Every page has a Quick exit button at the top.",
        "gu": "દરેક પાનાની ઉપર તરત બહાર નીકળો બટન છે.",
        "hi": "हर पेज के ऊपर तुरंत बाहर निकलें बटन है।",
        "proved_by": [
            f"{QUICK_EXIT_TESTS}::test_quick_exit_stays_visible_and_uncovered_at_the_bottom_of_a_long_page",
            f"{QUICK_EXIT_TESTS}::test_quick_exit_is_labelled_in_the_page_language",
        ],
    },
    {
        "en": "Tap it, or press the Esc key three times on a keyboard, and this site is replaced "
        "at once by a neutral page, such as the weather.",
        "gu": "તેને દબાવો, અથવા કીબોર્ડ પર Esc કી ત્રણ વાર દબાવો, એટલે આ સાઇટની જગ્યાએ તરત "
        "બીજું સાદું પાનું ખૂલી જશે, જેમ કે હવામાનનું પાનું.",
        "hi": "उसे दबाएँ, या कीबोर्ड पर Esc कुंजी तीन बार दबाएँ, तो यह साइट तुरंत किसी दूसरे सादे "
        "पेज से बदल जाएगी, जैसे मौसम का पेज।",
        "proved_by": [
            f"{QUICK_EXIT_TESTS}::test_quick_exit_replaces_the_page_so_back_does_not_return_to_the_site",
            f"{QUICK_EXIT_TESTS}::test_escape_three_times_leaves_the_site",
        ],
    },
    {
        "en": "Back will not open any page of this site again: the site keeps only one entry in "
        "the Back list for the whole visit, and quick exit replaces it.",
        "gu": "પાછળ (Back) દબાવવાથી આ સાઇટનું કોઈ પાનું ફરી નહીં ખૂલે: આખી મુલાકાતમાં આ સાઇટ "
        "Back ની યાદીમાં એક જ જગ્યા રાખે છે, અને તરત બહાર નીકળો એ જગ્યા બદલી નાખે છે.",
        "hi": "पीछे (Back) दबाने पर इस साइट का कोई पेज दोबारा नहीं खुलेगा: पूरी विज़िट में यह "
        "साइट Back की सूची में सिर्फ़ एक जगह रखती है, और तुरंत बाहर निकलें उसी जगह को बदल देता है।",
        "proved_by": [
            f"{QUICK_EXIT_TESTS}::"
            "test_after_a_visit_of_several_pages_quick_exit_leaves_no_site_page_in_back_or_forward",
        ],
    },
    {
        "en": "Back shows the page you were on before this site, for example your search.",
        "gu": "Back દબાવવાથી આ સાઇટ પહેલાં તમે જે પાનું જોતાં હતાં તે ખૂલશે, જેમ કે તમારી શોધ (search).",
        "hi": "Back दबाने पर वह पेज खुलेगा जो आप इस साइट से पहले देख रही थीं, जैसे आपकी खोज (search)।",
        "proved_by": [
            f"{QUICK_EXIT_TESTS}::"
            "test_after_a_visit_of_several_pages_quick_exit_leaves_no_site_page_in_back_or_forward",
        ],
    },
    {
        "en": "This needs JavaScript, which is on in your browser unless someone turned it off.",
        "gu": "આ માટે બ્રાઉઝરમાં JavaScript ચાલુ હોવી જોઈએ; કોઈએ બંધ ન કરી હોય તો તે ચાલુ જ હોય છે.",
        "hi": "इसके लिए ब्राउज़र में JavaScript चालू होना चाहिए; जब तक किसी ने बंद न किया हो, वह "
        "चालू ही रहता है।",
        "proved_by": [
            f"{QUICK_EXIT_TESTS}::test_control_without_the_script_the_same_visit_leaves_site_pages_in_back",
        ],
    },
    {
        "en": "Without JavaScript, the button still opens a neutral page, but Back brings this "
        "site back and Esc does nothing.",
        "gu": "JavaScript વગર બટન બીજું સાદું પાનું તો ખોલે છે, પણ Back દબાવવાથી આ સાઇટ પાછી "
        "દેખાય છે અને Esc દબાવવાથી કંઈ થતું નથી.",
        "hi": "JavaScript के बिना बटन दूसरा सादा पेज तो खोलता है, पर Back दबाने पर यह साइट फिर "
        "दिखती है और Esc दबाने से कुछ नहीं होता।",
        "proved_by": [
            f"{QUICK_EXIT_TESTS}::test_without_javascript_quick_exit_is_a_plain_link_that_leaves",
            f"{QUICK_EXIT_TESTS}::test_without_javascript_the_page_says_what_quick_exit_does_not_do",
        ],
    },
    {
        "en": "The site then says so at the top of every page.",
        "gu": "ત્યારે સાઇટ દરેક પાનાની ઉપર આ વાત લખીને બતાવે છે.",
        "hi": "तब साइट हर पेज के ऊपर यह बात लिखकर बताती है।",
        "proved_by": [
            f"{QUICK_EXIT_TESTS}::test_without_javascript_the_page_says_what_quick_exit_does_not_do",
        ],
    },
    {
        "en": "This site sets no cookies, loads nothing from other websites and uses no tracking "
        "or analytics.",
        "gu": "આ સાઇટ કોઈ કૂકી રાખતી નથી, બીજી વેબસાઇટ પરથી કશું લોડ કરતી નથી અને કોઈ ટ્રેકિંગ કે "
        "એનાલિટિક્સ વાપરતી નથી.",
        "hi": "यह साइट कोई कुकी नहीं रखती, दूसरी वेबसाइटों से कुछ लोड नहीं करती और कोई ट्रैकिंग या "
        "एनालिटिक्स इस्तेमाल नहीं करती।",
        "proved_by": [
            f"{PRIVACY_TESTS}::test_every_public_page_sets_no_cookie_and_does_not_vary_on_cookie",
            f"{PRIVACY_TESTS}::test_no_resource_is_loaded_from_another_host",
            f"{TRACES_TESTS}::test_every_public_page_loads_only_from_this_site_and_stores_nothing",
        ],
    },
]

# Sentences that mention the site or its quick exit but tell the reader what to do (or are
# headings): no claim about the site's behaviour.
ADVICE = {
    "en": [
        "Reading this site should never put you in danger.",
        "Quick exit",
        "What this site does for you",
        "If you did not use a private tab, delete only this site’s pages from History, not "
        "everything: a phone with all its history wiped can itself make someone who checks it "
        "suspicious.",
        "In Chrome: the ⋮ menu, then “History”, then press and hold this site’s entry and choose "
        "“Remove”.",
        "Delete your search for this site the same way.",
        "Do not save this site as a bookmark on a phone that others use.",
    ],
    "gu": [
        "આ સાઇટ વાંચવાથી તમને ક્યારેય જોખમ ન થવું જોઈએ.",
        "તરત બહાર નીકળો",
        "આ સાઇટ તમારા માટે શું કરે છે",
        "જો ખાનગી ટૅબ ન વાપરી હોય, તો હિસ્ટરીમાંથી ફક્ત આ સાઇટનાં પાનાં કાઢો, બધું નહીં: આખી "
        "હિસ્ટરી ખાલી જોઈને ફોન તપાસનારને જ શંકા થઈ શકે.",
        "Chrome માં: ⋮ મેનૂ, પછી ઇતિહાસ (History), પછી આ સાઇટની લાઇન પર આંગળી દબાવી રાખો અને "
        "કાઢો (Remove) દબાવો.",
        "આ સાઇટ માટે કરેલી શોધ પણ એ જ રીતે કાઢો.",
        "બીજા લોકો વાપરતા હોય તેવા ફોનમાં આ સાઇટને બુકમાર્ક તરીકે સાચવશો નહીં.",
    ],
    "hi": [
        "इस साइट को पढ़ने से आपको कभी ख़तरा नहीं होना चाहिए।",
        "तुरंत बाहर निकलें",
        "यह साइट आपके लिए क्या करती है",
        "अगर आपने निजी टैब इस्तेमाल नहीं किया, तो हिस्ट्री से सिर्फ़ इस साइट के पेज हटाएँ, सब "
        "कुछ नहीं: पूरी हिस्ट्री खाली देखकर फ़ोन जाँचने वाले को ही शक हो सकता है।",
        "Chrome में: ⋮ मेनू, फिर हिस्ट्री (History), फिर इस साइट वाली लाइन पर उँगली दबाकर रखें "
        "और हटाएँ (Remove) चुनें।",
        "इस साइट के लिए की गई खोज भी ऐसे ही हटाएँ।",
        "जिस फ़ोन को दूसरे लोग भी इस्तेमाल करते हैं, उसमें इस साइट को बुकमार्क न करें।",
    ],
}

# Words that make a sentence speak about the site or its quick exit.
MENTIONS_THE_SITE = {
    "en": re.compile(r"\bsite\b|quick exit|\bbutton\b|\bBack\b|JavaScript", re.IGNORECASE),
    "gu": re.compile(r"સાઇટ|બહાર નીકળો|બટન|Back|JavaScript"),
    "hi": re.compile(r"साइट|बाहर निकलें|बटन|Back|JavaScript"),
}

# The promise the review found false (G1, H1, E1) must not come back.
FALSE_PROMISE = {
    "en": "The Back button does not bring you back here.",
    "gu": "પાછળ (Back) બટન દબાવવાથી તમે અહીં પાછાં નહીં આવો.",
    "hi": "पीछे (Back) बटन से आप यहाँ वापस नहीं आएँगी।",
}

BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|h[1-6]|div|section|header|footer|nav|br)\b[^>]*>")


def sentences_of_main(client, language: str) -> list[str]:
    """The sentences a reader sees in the page's main content (the demo label left out)."""
    response = client.get(f"/{language}/online-safety/")
    assert response.status_code == 200
    content = response.content.decode()
    main = re.search(r"<main\b.*?</main>", content, re.DOTALL).group(0)
    main = main.replace(DEMO_NOTE[language], "")
    text = html.unescape(re.sub(r"<[^>]+>", "", BLOCK_TAG.sub("\n", main)))
    sentences = []
    for line in text.splitlines():
        line = " ".join(line.split())
        sentences += [s for s in re.split(r"(?<=[.!?।])\s+", line) if s]
    return sentences


def test_the_page_makes_each_tested_claim_and_no_untested_one(client):
    # One test for the three languages: loading the demo takes most of a test's time.
    problems = []
    for language in LANGUAGES:
        sentences = sentences_of_main(client, language)
        known = {claim[language] for claim in CLAIMS} | set(ADVICE[language])
        missing = [claim[language] for claim in CLAIMS if claim[language] not in sentences]
        if missing:
            problems.append(
                f"{language}: claims not on the page (or worded differently): {missing}"
            )
        unlisted = [
            sentence
            for sentence in sentences
            if MENTIONS_THE_SITE[language].search(sentence) and sentence not in known
        ]
        if unlisted:
            problems.append(
                f"{language}: sentences about the site with no test; add each to CLAIMS with the "
                f"test that proves it (or to ADVICE if it only tells the reader what to do): "
                f"{unlisted}"
            )
        if FALSE_PROMISE[language] in " ".join(sentences):
            problems.append(f"{language}: the false promise about Back is back")
    assert not problems, "\n".join(problems)


def test_each_claim_names_tests_that_exist():
    for claim in CLAIMS:
        assert claim["proved_by"], claim["en"]
        for reference in claim["proved_by"]:
            module, name = reference.split("::")
            assert callable(getattr(importlib.import_module(module), name, None)), reference
