"""Demo content for the press room (issue 18), in English, Gujarati and Hindi.

The facts come from KMVS's public description of the Samvedna programme; the releases are
example text, labelled as such like the rest of the demo, and name no one. The reporting
guidance is the former "For the media" page's text (that page is gone from the demo: one place
for journalists), seeded with its example note for Samvedna to rewrite in its own words.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, Site

from press.models import (
    FactSheetPage,
    MediaKitImage,
    PressIndexPage,
    PressReleasePage,
    QuotableVoicesPage,
    ReportingGuidancePage,
)

from .home import DEMO_NOTE
from .sections import SOURCE_LANGUAGE, ensure_demo_index, publish_demo_page

PRESS_INDEX = {
    "slug": "press",
    "en": {
        "title": "Press room",
        "intro": (
            "News and statements from Samvedna, facts you can quote, and how to write about "
            "sex workers without putting anyone in danger."
        ),
    },
    "gu": {
        "title": "પ્રેસ માટે",
        "intro": (
            "સંવેદનાના સમાચાર અને નિવેદનો, ટાંકી શકાય તેવી હકીકતો, અને કોઈને જોખમમાં મૂક્યા "
            "વિના સેક્સ વર્કરો વિશે કેવી રીતે લખવું."
        ),
    },
    "hi": {
        "title": "प्रेस के लिए",
        "intro": (
            "संवेदना की ख़बरें और बयान, उद्धृत करने लायक तथ्य, और किसी को ख़तरे में डाले बिना "
            "सेक्स वर्करों के बारे में कैसे लिखें।"
        ),
    },
}

RELEASES: list[dict[str, Any]] = [
    {
        "slug": "international-sex-workers-day-2023",
        "kind": PressReleasePage.Kind.RELEASE,
        "date": datetime.date(2023, 6, 1),
        "en": {
            "title": "Samvedna marks International Sex Workers Day in Bhuj for the first time",
            "summary": (
                "Over 150 women and representatives of several government departments met in "
                "Bhuj on 1 June 2023 under the banner “Right to work without violence. Right to "
                "live with dignity.”"
            ),
            "body": (
                "<p>For the first time, KMVS and the women of Samvedna celebrated International "
                "Sex Workers Day in Bhuj. Members spoke about their work, their rights and the "
                "schemes they are entitled to, and officials answered their questions.</p>"
            ),
        },
        "gu": {
            "title": "સંવેદનાએ પહેલી વાર ભુજમાં આંતરરાષ્ટ્રીય સેક્સ વર્કર દિવસ ઉજવ્યો",
            "summary": (
                "૧ જૂન ૨૦૨૩ના રોજ ભુજમાં ૧૫૦થી વધુ બહેનો અને અનેક સરકારી વિભાગોના પ્રતિનિધિઓ "
                "“હિંસા વિના કામ કરવાનો અધિકાર. ગરિમાથી જીવવાનો અધિકાર.” હેઠળ મળ્યાં."
            ),
            "body": (
                "<p>પહેલી વાર KMVS અને સંવેદનાની બહેનોએ ભુજમાં આંતરરાષ્ટ્રીય સેક્સ વર્કર દિવસ "
                "ઉજવ્યો. સભ્યોએ પોતાના કામ, અધિકારો અને મળવાપાત્ર યોજનાઓ વિશે વાત કરી, અને "
                "અધિકારીઓએ તેમના પ્રશ્નોના જવાબ આપ્યા.</p>"
            ),
        },
        "hi": {
            "title": "संवेदना ने पहली बार भुज में अंतर्राष्ट्रीय सेक्स वर्कर दिवस मनाया",
            "summary": (
                "1 जून 2023 को भुज में 150 से ज़्यादा महिलाएँ और कई सरकारी विभागों के प्रतिनिधि "
                "“हिंसा के बिना काम का अधिकार। सम्मान से जीने का अधिकार।” के तहत मिले।"
            ),
            "body": (
                "<p>पहली बार KMVS और संवेदना की महिलाओं ने भुज में अंतर्राष्ट्रीय सेक्स वर्कर दिवस "
                "मनाया। सदस्यों ने अपने काम, अधिकारों और मिलने वाली योजनाओं के बारे में बात की, "
                "और अधिकारियों ने उनके सवालों के जवाब दिए।</p>"
            ),
        },
    },
    {
        "slug": "statement-on-naming-sex-workers",
        "kind": PressReleasePage.Kind.STATEMENT,
        "date": datetime.date(2024, 3, 3),
        "en": {
            "title": "Statement: no news report should identify a sex worker",
            "summary": (
                "A photo, a village or a first name in a news report can cost a woman her home, "
                "her children's school or her safety. We ask every newsroom to follow our "
                "reporting guidance."
            ),
            "body": (
                "<p>Samvedna's leaders ask journalists to use the words we use for ourselves, to "
                "publish no names, places or faces without consent, and to reach us through the "
                "collective, never by looking for a woman at her home or work.</p>"
            ),
        },
        "gu": {
            "title": "નિવેદન: કોઈ પણ સમાચારથી સેક્સ વર્કરની ઓળખ છતી ન થવી જોઈએ",
            "summary": (
                "સમાચારમાં એક ફોટો, ગામનું નામ કે પહેલું નામ કોઈ બહેનનું ઘર, તેનાં બાળકોની શાળા કે "
                "તેની સલામતી છીનવી શકે છે. દરેક સમાચાર સંસ્થાને અમારી માર્ગદર્શિકા અનુસરવા વિનંતી."
            ),
            "body": (
                "<p>સંવેદનાની આગેવાનો પત્રકારોને વિનંતી કરે છે: અમે પોતાના માટે વાપરીએ છીએ તે "
                "શબ્દો વાપરો, સંમતિ વિના નામ, સ્થળ કે ચહેરો પ્રકાશિત ન કરો, અને સંગઠન મારફતે જ "
                "અમારો સંપર્ક કરો, કોઈ બહેનને તેના ઘરે કે કામના સ્થળે ક્યારેય શોધશો નહીં.</p>"
            ),
        },
        "hi": {
            "title": "बयान: किसी भी ख़बर से सेक्स वर्कर की पहचान नहीं होनी चाहिए",
            "summary": (
                "ख़बर में एक फ़ोटो, गाँव का नाम या पहला नाम किसी महिला का घर, उसके बच्चों का "
                "स्कूल या उसकी सुरक्षा छीन सकता है। हर समाचार संस्था से हमारी गाइड मानने का अनुरोध है।"
            ),
            "body": (
                "<p>संवेदना की लीडर पत्रकारों से कहती हैं: वे शब्द इस्तेमाल करें जो हम अपने लिए "
                "करती हैं, सहमति के बिना नाम, जगह या चेहरा न छापें, और संगठन के ज़रिए ही हमसे "
                "संपर्क करें, किसी महिला को उसके घर या काम की जगह पर कभी न ढूँढें।</p>"
            ),
        },
    },
]

QUOTABLE_VOICES = {
    "slug": "quotable-voices",
    "en": {
        "title": "Quotable voices",
        "intro": (
            "Words from our stories that the women agreed the press may quote, with how to "
            "credit them."
        ),
    },
    "gu": {
        "title": "ટાંકી શકાય તેવા અવાજો",
        "intro": (
            "અમારી વાર્તાઓમાંથી એવા શબ્દો જે બહેનોએ પ્રેસને ટાંકવાની સંમતિ આપી છે, શ્રેય કેવી રીતે આપવો તે સાથે."
        ),
    },
    "hi": {
        "title": "उद्धृत करने लायक आवाज़ें",
        "intro": (
            "हमारी कहानियों के वे शब्द जिन्हें प्रेस में उद्धृत करने की महिलाओं ने सहमति दी है, श्रेय देने के तरीके के साथ।"
        ),
    },
}

FACT_SHEET: dict[str, Any] = {
    "slug": "fact-sheet",
    "members": 500,
    "drop_in_centres": 2,
    "working_since": 2016,
    "en": {
        "title": "Samvedna in figures",
        "intro": (
            "Samvedna is a collective of, for and by female sex workers in Kutch, supported by "
            "KMVS. Its core leadership is a group of 9 to 10 women."
        ),
        "blocks_of_kutch": "Five blocks of Kutch, among them Bhuj and Gandhidham",
        "key_events": [
            (2016, "KMVS starts working to collectivise female sex workers in Kutch"),
            (2023, "“Samvedna Saathe Sanvad”, a dialogue with Samvedna, in Bhuj on 11 March"),
            (2023, "First International Sex Workers Day in Bhuj on 1 June: over 150 women"),
        ],
        "body": (
            "<p>Drop-In Centres in Bhuj and Gandhidham, a third planned. Samvedna is a member of "
            "the National Network of Sex Workers.</p>"
        ),
    },
    "gu": {
        "title": "આંકડામાં સંવેદના",
        "intro": (
            "સંવેદના કચ્છની મહિલા સેક્સ વર્કરોનું, તેમના માટેનું અને તેમના દ્વારા ચાલતું સંગઠન છે, "
            "જેને KMVSનો સહયોગ છે. તેની મુખ્ય આગેવાની ૯થી ૧૦ બહેનો સંભાળે છે."
        ),
        "blocks_of_kutch": "કચ્છના પાંચ તાલુકા, જેમાં ભુજ અને ગાંધીધામ સામેલ છે",
        "key_events": [
            (2016, "KMVSએ કચ્છની મહિલા સેક્સ વર્કરોને સંગઠિત કરવાનું કામ શરૂ કર્યું"),
            (2023, "૧૧ માર્ચે ભુજમાં “સંવેદના સાથે સંવાદ”"),
            (2023, "૧ જૂને ભુજમાં પહેલો આંતરરાષ્ટ્રીય સેક્સ વર્કર દિવસ: ૧૫૦થી વધુ બહેનો"),
        ],
        "body": (
            "<p>ભુજ અને ગાંધીધામમાં ડ્રોપ-ઇન સેન્ટર, ત્રીજું આયોજનમાં. સંવેદના નેશનલ નેટવર્ક "
            "ઓફ સેક્સ વર્કર્સની સભ્ય છે.</p>"
        ),
    },
    "hi": {
        "title": "आँकड़ों में संवेदना",
        "intro": (
            "संवेदना कच्छ की महिला सेक्स वर्करों का, उनके लिए और उनके द्वारा चलाया जाने वाला "
            "संगठन है, जिसे KMVS का सहयोग है। इसकी मुख्य लीडरशिप 9 से 10 महिलाएँ संभालती हैं।"
        ),
        "blocks_of_kutch": "कच्छ के पाँच ब्लॉक, जिनमें भुज और गांधीधाम शामिल हैं",
        "key_events": [
            (2016, "KMVS ने कच्छ की महिला सेक्स वर्करों को संगठित करने का काम शुरू किया"),
            (2023, "11 मार्च को भुज में “संवेदना साथे संवाद”"),
            (2023, "1 जून को भुज में पहला अंतर्राष्ट्रीय सेक्स वर्कर दिवस: 150 से ज़्यादा महिलाएँ"),
        ],
        "body": (
            "<p>भुज और गांधीधाम में ड्रॉप-इन सेंटर, तीसरे की योजना है। संवेदना नेशनल नेटवर्क "
            "ऑफ़ सेक्स वर्कर्स की सदस्य है।</p>"
        ),
    },
}

EXAMPLE_NOTE = {
    "en": "Example text for Samvedna to rewrite in its own words.",
    "gu": "સંવેદના પોતાના શબ્દોમાં ફરી લખે તે માટેનું ઉદાહરણ લખાણ.",
    "hi": "संवेदना अपने शब्दों में दोबारा लिखे, इसके लिए उदाहरण पाठ।",
}

REPORTING_GUIDANCE: dict[str, Any] = {
    "slug": "reporting-guidance",
    "en": {
        "title": "How to write about us",
        "intro": (
            "We welcome journalists who report on the lives and rights of sex workers. "
            "Please read this before you write about us or ask for an interview."
        ),
        "body": [
            ("heading", "Report with respect"),
            (
                "paragraph",
                "<ul><li>Say “sex worker”. Avoid words that shame or pity.</li>"
                "<li>Let us speak in our own words, and quote us accurately.</li>"
                "<li>Show our work, our struggles and our organising, not only our suffering."
                "</li><li>Never publish anything that could identify a woman: her face, name, "
                "village, house, vehicle, phone number or her children's school.</li>"
                "<li>Never photograph or film a woman without her consent, and never print her "
                "face unless she agreed to it for the press.</li>"
                "<li>Pseudonyms stay pseudonyms. Do not try to find out who someone is.</li>"
                "<li>Do not film or photograph the Drop-In Centres or their surroundings."
                "</li></ul>",
            ),
            ("heading", "Asking for an interview"),
            (
                "paragraph",
                "<p>Write to the press address at the foot of this page. Tell us who you are, "
                "where the piece will appear, what it is about, your deadline and how you "
                "will protect identities.</p><p>Samvedna's leaders decide who speaks, in "
                "which language and on what terms. A woman may stop an interview at any time "
                "and may withdraw her consent before publication.</p>",
            ),
            ("heading", "Quoting stories from this site"),
            (
                "paragraph",
                "<p>Ask us before you quote a story: only stories whose consent covers media "
                "use may be reproduced. If a story is withdrawn from this site, please take "
                "it down from yours too.</p>",
            ),
        ],
    },
    "gu": {
        "title": "અમારા વિશે કેવી રીતે લખવું",
        "intro": (
            "સેક્સ વર્કરોનાં જીવન અને અધિકારો વિશે લખતા પત્રકારોનું અમે સ્વાગત કરીએ છીએ. "
            "અમારા વિશે લખતાં કે મુલાકાત માગતાં પહેલાં કૃપા કરીને આ વાંચો."
        ),
        "body": [
            ("heading", "આદરથી લખો"),
            (
                "paragraph",
                "<ul><li>“સેક્સ વર્કર” કહો. શરમ કે દયા દર્શાવતા શબ્દો ટાળો.</li>"
                "<li>અમને અમારા પોતાના શબ્દોમાં બોલવા દો અને અમારી વાત સાચી રીતે ટાંકો.</li>"
                "<li>ફક્ત અમારી પીડા નહીં, અમારું કામ, સંઘર્ષ અને સંગઠન પણ બતાવો.</li>"
                "<li>કોઈ બહેન ઓળખાઈ જાય એવું કંઈ પણ ક્યારેય પ્રકાશિત ન કરો: ચહેરો, નામ, ગામ, "
                "ઘર, વાહન, ફોન નંબર કે તેનાં બાળકોની શાળા.</li>"
                "<li>કોઈ બહેનની સંમતિ વિના તેનો ફોટો કે વિડિયો ક્યારેય ન લો, અને તેણે પ્રેસ માટે "
                "સંમતિ આપી ન હોય તો તેનો ચહેરો ક્યારેય ન છાપો.</li>"
                "<li>ઉપનામ ઉપનામ જ રહે. કોઈ કોણ છે તે શોધવાનો પ્રયાસ ન કરો.</li>"
                "<li>ડ્રોપ-ઇન સેન્ટર કે તેની આસપાસનું ફિલ્માંકન કે ફોટોગ્રાફી ન કરો.</li></ul>",
            ),
            ("heading", "મુલાકાત કેવી રીતે માગવી"),
            (
                "paragraph",
                "<p>આ પાનાના અંતે આપેલા પ્રેસ સરનામે લખો. તમે કોણ છો, લેખ ક્યાં પ્રકાશિત થશે, "
                "વિષય શું છે, સમયમર્યાદા શું છે અને ઓળખ કેવી રીતે સુરક્ષિત રાખશો તે જણાવો.</p>"
                "<p>કોણ બોલશે, કઈ ભાષામાં અને કઈ શરતે – તે સંવેદનાની આગેવાનો નક્કી કરે છે. "
                "કોઈ પણ બહેન ગમે ત્યારે મુલાકાત અટકાવી શકે છે અને પ્રકાશન પહેલાં પોતાની "
                "સંમતિ પાછી ખેંચી શકે છે.</p>",
            ),
            ("heading", "આ સાઇટની વાર્તાઓ ટાંકવી"),
            (
                "paragraph",
                "<p>કોઈ વાર્તા ટાંકતાં પહેલાં અમને પૂછો: જે વાર્તાની સંમતિમાં મીડિયા ઉપયોગ "
                "સામેલ હોય તે જ ફરી પ્રકાશિત થઈ શકે. જો કોઈ વાર્તા આ સાઇટ પરથી પાછી ખેંચાય, "
                "તો કૃપા કરીને તમારી જગ્યાએથી પણ હટાવો.</p>",
            ),
        ],
    },
    "hi": {
        "title": "हमारे बारे में कैसे लिखें",
        "intro": (
            "सेक्स वर्करों के जीवन और अधिकारों पर लिखने वाले पत्रकारों का हम स्वागत करती हैं। "
            "हमारे बारे में लिखने या इंटरव्यू माँगने से पहले कृपया इसे पढ़ें।"
        ),
        "body": [
            ("heading", "सम्मान के साथ लिखें"),
            (
                "paragraph",
                "<ul><li>“सेक्स वर्कर” कहें। शर्म या दया जताने वाले शब्दों से बचें।</li>"
                "<li>हमें अपने शब्दों में बोलने दें और हमारी बात सही-सही उद्धृत करें।</li>"
                "<li>सिर्फ़ हमारा दुख नहीं, हमारा काम, संघर्ष और संगठन भी दिखाएँ।</li>"
                "<li>ऐसा कुछ भी कभी प्रकाशित न करें जिससे किसी महिला की पहचान हो सके: चेहरा, "
                "नाम, गाँव, घर, वाहन, फ़ोन नंबर या उसके बच्चों का स्कूल।</li>"
                "<li>किसी महिला की सहमति के बिना उसकी फ़ोटो या वीडियो कभी न लें, और अगर उसने "
                "प्रेस के लिए सहमति नहीं दी है तो उसका चेहरा कभी न छापें।</li>"
                "<li>बदला हुआ नाम बदला हुआ ही रहे। कोई कौन है, यह पता लगाने की कोशिश न करें।</li>"
                "<li>ड्रॉप-इन सेंटर या उनके आसपास की फ़िल्म या फ़ोटो न लें।</li></ul>",
            ),
            ("heading", "इंटरव्यू कैसे माँगें"),
            (
                "paragraph",
                "<p>इस पेज के नीचे दिए प्रेस पते पर लिखें। बताएँ कि आप कौन हैं, लेख कहाँ छपेगा, "
                "विषय क्या है, समय-सीमा क्या है और आप पहचान कैसे सुरक्षित रखेंगे।</p>"
                "<p>कौन बोलेगा, किस भाषा में और किन शर्तों पर – यह संवेदना की लीडर तय करती "
                "हैं। कोई भी महिला कभी भी इंटरव्यू रोक सकती है और प्रकाशन से पहले अपनी "
                "सहमति वापस ले सकती है।</p>",
            ),
            ("heading", "इस साइट की कहानियाँ उद्धृत करना"),
            (
                "paragraph",
                "<p>कोई कहानी उद्धृत करने से पहले हमसे पूछें: सिर्फ़ वही कहानियाँ दोबारा छापी "
                "जा सकती हैं जिनकी सहमति में मीडिया उपयोग शामिल है। अगर कोई कहानी इस साइट "
                "से हटाई जाती है, तो कृपया उसे अपनी जगह से भी हटा दें।</p>",
            ),
        ],
    },
}
# The demo's former standard page for journalists: its address now leads to the guidance.
FORMER_MEDIA_SLUG = "for-the-media"


def _stream(body_html: str, language: str) -> list[dict[str, Any]]:
    return [
        {"type": "paragraph", "value": body_html},
        {"type": "paragraph", "value": DEMO_NOTE[language]},
    ]


def _guidance_stream(body: list[tuple[str, Any]], language: str) -> list[dict[str, Any]]:
    blocks = [{"type": kind, "value": value} for kind, value in body]
    blocks.append({"type": "paragraph", "value": DEMO_NOTE[language]})
    return blocks


def _apply_release(page: PressReleasePage, spec: dict[str, Any], language: str) -> None:
    content = spec[language]
    page.title = content["title"]
    page.summary = content["summary"]
    page.body = _stream(content["body"], language)


def _apply_quotable(page: QuotableVoicesPage, spec: dict[str, Any], language: str) -> None:
    page.title = spec[language]["title"]
    page.intro = spec[language]["intro"]
    page.demo_note = strip_tags(DEMO_NOTE[language])


def _apply_fact_sheet(page: FactSheetPage, spec: dict[str, Any], language: str) -> None:
    content = spec[language]
    page.title = content["title"]
    page.intro = content["intro"]
    page.blocks_of_kutch = content["blocks_of_kutch"]
    page.key_events = [
        {"type": "event", "value": {"year": year, "text": text}}
        for year, text in content["key_events"]
    ]
    page.body = _stream(content["body"], language)


def _apply_guidance(page: ReportingGuidancePage, spec: dict[str, Any], language: str) -> None:
    content = spec[language]
    page.title = content["title"]
    page.intro = content["intro"]
    page.example_note = EXAMPLE_NOTE[language]
    page.body = _guidance_stream(content["body"], language)


def _ensure_child(
    index: Page,
    locales: dict[str, Locale],
    model: type[Page],
    spec: dict[str, Any],
    apply: Any,
    **fields: Any,
) -> tuple[Page, int]:
    """A page under the press room and its translations, made and published where missing."""
    created = 0
    page = index.get_children().filter(slug=spec["slug"]).specific().first()
    if page is None:
        page = model(slug=spec["slug"], **fields)
        apply(page, spec, SOURCE_LANGUAGE)
        index.add_child(instance=page)
        publish_demo_page(page)
        created += 1
    for code, locale in locales.items():
        if code == SOURCE_LANGUAGE or page.get_translation_or_none(locale) is not None:
            continue
        translation = page.copy_for_translation(locale)
        apply(translation, spec, code)
        publish_demo_page(translation)
        created += 1
    return page, created


def _redirect_former_media_page(home: Page, guidance: Page, locales: dict[str, Locale]) -> None:
    """Old links to the demo's "For the media" page lead to the guidance in the same language
    (only where no page took that address back)."""
    site = Site.objects.get(root_page=home)
    for code, locale in locales.items():
        target = guidance.get_translation_or_none(locale)
        language_home = home.get_translation_or_none(locale)
        if target is None or language_home is None:
            continue
        if language_home.get_children().filter(slug=FORMER_MEDIA_SLUG).exists():
            continue
        Redirect.objects.get_or_create(
            old_path=Redirect.normalise_path(f"/{code}/{FORMER_MEDIA_SLUG}/"),
            site=site,
            defaults={"redirect_page": target, "is_permanent": True},
        )


DEMO_LOGO_TITLE = "Samvedna logo (demo)"


def _demo_logo_png() -> bytes:
    """A made-up logo drawn here (no file to ship): three linked circles, the collective's
    members together, on the site's colours."""
    from PIL import Image, ImageDraw

    logo = Image.new("RGBA", (480, 480), (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    for x, colour in (
        (150, (154, 52, 18, 255)),
        (240, (194, 120, 3, 255)),
        (330, (15, 118, 110, 255)),
    ):
        draw.ellipse((x - 95, 145, x + 95, 335), outline=colour, width=26)
    buffer = io.BytesIO()
    logo.save(buffer, "PNG")
    return buffer.getvalue()


def _offer_demo_logo(rooms: list[PressIndexPage]) -> None:
    """The media kit offers a logo in every language's room (each room has its own rows)."""
    from django.core.files.base import ContentFile
    from wagtail.images import get_image_model

    image_model = get_image_model()
    logo = image_model.objects.filter(title=DEMO_LOGO_TITLE).first()
    if logo is None:
        # Nobody in it: the face check is skipped, as an editor would choose for a logo.
        logo = image_model.objects.create(
            title=DEMO_LOGO_TITLE,
            description="Three linked circles in red, yellow and green (demo logo)",
            shows_people=False,
            file=ContentFile(_demo_logo_png(), name="logo.png"),
        )
    for room in rooms:
        if room.media_kit_images.exists():
            continue
        room.media_kit_images.add(
            MediaKitImage(image=logo, is_logo=True, credit="Logo: Samvedna (demo)")
        )
        room.save_revision().publish()


def build_demo_press(home: Page, locales: dict[str, Locale]) -> int:
    """Create the press room and its demo pages that are missing; return how many pages."""
    index, created = ensure_demo_index(home, locales, PressIndexPage, PRESS_INDEX)
    for spec in RELEASES:
        # Published on the release's own date (the feed's date), not when the demo was loaded.
        published = datetime.datetime.combine(spec["date"], datetime.time(9), tzinfo=datetime.UTC)
        release = index.get_children().filter(slug=spec["slug"]).specific().first()
        if release is None:
            release = PressReleasePage(slug=spec["slug"], kind=spec["kind"], date=spec["date"])
            _apply_release(release, spec, SOURCE_LANGUAGE)
            index.add_child(instance=release)
            publish_demo_page(release, min(published, timezone.now()))
            created += 1
        for code, locale in locales.items():
            if code == SOURCE_LANGUAGE or release.get_translation_or_none(locale) is not None:
                continue
            translation = release.copy_for_translation(locale)
            _apply_release(translation, spec, code)
            publish_demo_page(translation, min(published, timezone.now()))
            created += 1
    _page, count = _ensure_child(
        index, locales, QuotableVoicesPage, QUOTABLE_VOICES, _apply_quotable
    )
    created += count
    _page, count = _ensure_child(
        index,
        locales,
        FactSheetPage,
        FACT_SHEET,
        _apply_fact_sheet,
        members=FACT_SHEET["members"],
        drop_in_centres=FACT_SHEET["drop_in_centres"],
        working_since=FACT_SHEET["working_since"],
    )
    created += count
    guidance, count = _ensure_child(
        index, locales, ReportingGuidancePage, REPORTING_GUIDANCE, _apply_guidance
    )
    created += count
    _offer_demo_logo([index, *(index.get_translations().specific())])
    _redirect_former_media_page(home, guidance, locales)
    return created
