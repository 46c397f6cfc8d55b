"""The demo rights guides, their index and the public helplines, in English, Gujarati and Hindi.

The topics come from KMVS's public description of the Samvedna programme (matching ration,
Aadhaar and voter ID cards; HIV testing and treatment; widow and old-age pensions; school
admission; dealing with the police). Facts are kept general; names of schemes, forms and amounts
are marked "to be checked". Each guide says it is an example to be checked by KMVS, at the top
(summary), in a callout and in the demo note. Helplines are real national public numbers; there
is no personal number anywhere. Each guide lists its sources (``SOURCES``): the law, court order,
Cabinet decision or form each fact comes from, dated, linked only to official sites.

``build_demo_resources`` is called by ``load_demo`` and is idempotent like it: a helpline, index
or guide that exists already (by language and number or slug) is left exactly as it is.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from wagtail.models import Locale, Page

from resources.helplines import Helpline
from resources.models import ResourceIndexPage, ResourcePage

from . import guides_en, guides_gu, guides_hi
from .home import DEMO_NOTE
from .sections import SOURCE_LANGUAGE, ensure_demo_index

GUIDE_TEXT: dict[str, dict[str, dict[str, Any]]] = {
    "en": guides_en.GUIDES,
    "gu": guides_gu.GUIDES,
    "hi": guides_hi.GUIDES,
}

# Shown first in every demo guide's summary and guide.
SUMMARY_PREFIX = {
    "en": "Example guide, to be checked by KMVS: ",
    "gu": "ઉદાહરણ જાણકારી, KMVS દ્વારા તપાસવાની બાકી: ",
    "hi": "उदाहरण जानकारी, KMVS द्वारा जाँच बाकी: ",
}
EXAMPLE_CALLOUT = {
    "en": "<p><strong>Example guide.</strong> It was written for the demonstration site. KMVS "
    "must check every detail before it is used for real.</p>",
    "gu": "<p><strong>ઉદાહરણ જાણકારી.</strong> તે ડેમો સાઇટ માટે લખવામાં આવી છે. સાચા "
    "ઉપયોગ પહેલાં KMVS એ તેની દરેક વિગત તપાસવી જરૂરી છે.</p>",
    "hi": "<p><strong>उदाहरण जानकारी।</strong> यह डेमो साइट के लिए लिखी गई है। असली "
    "उपयोग से पहले KMVS को इसकी हर जानकारी जाँचनी होगी।</p>",
}

RESOURCE_INDEX = {
    "slug": "resources",
    "en": {
        "title": "Know your rights",
        "intro": (
            "Plain guides to getting your papers, health care, pensions and schooling, and to "
            "your rights with the police. Each guide says when it was last checked."
        ),
    },
    "gu": {
        "title": "તમારા અધિકારો જાણો",
        "intro": (
            "કાગળો મેળવવા, આરોગ્ય સેવા, પેન્શન અને શાળા પ્રવેશ વિશે, અને પોલીસ સામે તમારા "
            "અધિકારો વિશે સરળ જાણકારીનાં પાનાં. દરેક જાણકારીમાં લખ્યું છે કે તે છેલ્લે ક્યારે "
            "તપાસવામાં આવી હતી."
        ),
    },
    "hi": {
        "title": "अपने अधिकार जानें",
        "intro": (
            "काग़ज़ बनवाने, इलाज, पेंशन और स्कूल दाख़िले के बारे में, और पुलिस के सामने आपके "
            "अधिकारों के बारे में आसान जानकारियाँ। हर जानकारी में लिखा है कि उसे आख़िरी "
            "बार कब जाँचा गया था।"
        ),
    },
}

# National public helplines: the number is the same in every language.
HELPLINES: list[dict[str, Any]] = [
    {
        "number": "112",
        "en": {
            "name": "Emergency (police, fire, ambulance)",
            "hours": "24 hours, every day",
            "helps_with": "When you or someone else is in danger right now.",
        },
        "gu": {
            "name": "કટોકટી (પોલીસ, ફાયર, એમ્બ્યુલન્સ)",
            "hours": "24 કલાક, દરરોજ",
            "helps_with": "જ્યારે તમે કે બીજું કોઈ અત્યારે જોખમમાં હોય.",
        },
        "hi": {
            "name": "आपातकाल (पुलिस, दमकल, एम्बुलेंस)",
            "hours": "24 घंटे, हर दिन",
            "helps_with": "जब आप या कोई और अभी ख़तरे में हो।",
        },
    },
    {
        "number": "181",
        "en": {
            "name": "Women helpline (181 Abhayam in Gujarat)",
            "hours": "24 hours, every day",
            "helps_with": "Advice and help for women facing violence or harassment, at home or "
            "outside.",
        },
        "gu": {
            "name": "મહિલા હેલ્પલાઇન (ગુજરાતમાં 181 અભયમ)",
            "hours": "24 કલાક, દરરોજ",
            "helps_with": "ઘરમાં કે બહાર હિંસા કે હેરાનગતિનો સામનો કરતી મહિલાઓ માટે સલાહ અને મદદ.",
        },
        "hi": {
            "name": "महिला हेल्पलाइन (गुजरात में 181 अभयम)",
            "hours": "24 घंटे, हर दिन",
            "helps_with": "घर में या बाहर हिंसा या उत्पीड़न झेल रही महिलाओं के लिए सलाह और मदद।",
        },
    },
    {
        "number": "108",
        "en": {
            "name": "Ambulance",
            "hours": "24 hours, every day",
            "helps_with": "A medical emergency: a free ambulance comes to you.",
        },
        "gu": {
            "name": "ઍમ્બ્યુલન્સ",
            "hours": "24 કલાક, દરરોજ",
            "helps_with": "તબીબી કટોકટી: મફત ઍમ્બ્યુલન્સ તમારી પાસે આવે છે.",
        },
        "hi": {
            "name": "एम्बुलेंस",
            "hours": "24 घंटे, हर दिन",
            "helps_with": "इलाज की आपात स्थिति: मुफ़्त एम्बुलेंस आपके पास आती है।",
        },
    },
    {
        "number": "15100",
        "en": {
            "name": "Free legal aid helpline (NALSA)",
            "hours": "",
            "helps_with": "Free legal advice, and a free lawyer if you need one, from the legal "
            "services authorities.",
        },
        "gu": {
            "name": "મફત કાનૂની સહાય હેલ્પલાઇન (NALSA)",
            "hours": "",
            "helps_with": "કાનૂની સેવા સત્તામંડળ તરફથી મફત કાનૂની સલાહ, અને જરૂર હોય તો મફત વકીલ.",
        },
        "hi": {
            "name": "मुफ़्त क़ानूनी सहायता हेल्पलाइन (NALSA)",
            "hours": "",
            "helps_with": "विधिक सेवा प्राधिकरण से मुफ़्त क़ानूनी सलाह, और ज़रूरत हो तो मुफ़्त वकील।",
        },
    },
    {
        "number": "1098",
        "en": {
            "name": "Childline",
            "hours": "24 hours, every day",
            "helps_with": "A child in danger, or in need of care or protection.",
        },
        "gu": {
            "name": "ચાઇલ્ડલાઇન",
            "hours": "24 કલાક, દરરોજ",
            "helps_with": "જોખમમાં હોય કે સંભાળ અને રક્ષણની જરૂર હોય એવું બાળક.",
        },
        "hi": {
            "name": "चाइल्डलाइन",
            "hours": "24 घंटे, हर दिन",
            "helps_with": "ख़तरे में या देखभाल और सुरक्षा की ज़रूरत वाला बच्चा।",
        },
    },
    {
        "number": "1097",
        "en": {
            "name": "National AIDS helpline",
            "hours": "",
            "helps_with": "Questions about HIV, testing and treatment, in confidence.",
        },
        "gu": {
            "name": "રાષ્ટ્રીય એઇડ્સ હેલ્પલાઇન",
            "hours": "",
            "helps_with": "HIV, તપાસ અને સારવાર વિશેના પ્રશ્નો, ખાનગી રીતે.",
        },
        "hi": {
            "name": "राष्ट्रीय एड्स हेल्पलाइन",
            "hours": "",
            "helps_with": "HIV, जाँच और इलाज के बारे में सवाल, गोपनीय रूप से।",
        },
    },
    {
        "number": "1947",
        "en": {
            "name": "Aadhaar helpline (UIDAI)",
            "hours": "",
            "helps_with": "Enrolling for Aadhaar, correcting it and checking its status.",
        },
        "gu": {
            "name": "આધાર હેલ્પલાઇન (UIDAI)",
            "hours": "",
            "helps_with": "આધાર નોંધણી, સુધારો અને તેની સ્થિતિ તપાસવા વિશે.",
        },
        "hi": {
            "name": "आधार हेल्पलाइन (UIDAI)",
            "hours": "",
            "helps_with": "आधार नामांकन, सुधार और उसकी स्थिति जाँचने के बारे में।",
        },
    },
    {
        "number": "1950",
        "en": {
            "name": "Voter helpline",
            "hours": "",
            "helps_with": "The voter list and voter ID cards.",
        },
        "gu": {
            "name": "મતદાર હેલ્પલાઇન",
            "hours": "",
            "helps_with": "મતદાર યાદી અને મતદાર ઓળખપત્ર વિશે.",
        },
        "hi": {
            "name": "मतदाता हेल्पलाइन",
            "hours": "",
            "helps_with": "मतदाता सूची और मतदाता पहचान पत्र के बारे में।",
        },
    },
    {
        "number": "14567",
        "en": {
            "name": "Elderline, helpline for older people",
            "hours": "",
            "helps_with": "Pensions, care and protection from abuse for people over 60.",
        },
        "gu": {
            "name": "એલ્ડરલાઇન, વડીલો માટેની હેલ્પલાઇન",
            "hours": "",
            "helps_with": "60 વર્ષથી વધુ ઉંમરના લોકો માટે પેન્શન, સંભાળ અને દુર્વ્યવહારથી રક્ષણ.",
        },
        "hi": {
            "name": "एल्डरलाइन, बुज़ुर्गों के लिए हेल्पलाइन",
            "hours": "",
            "helps_with": "60 साल से ज़्यादा उम्र के लोगों के लिए पेंशन, देखभाल और दुर्व्यवहार से सुरक्षा।",
        },
    },
]

# Each guide: where it is filed, which helplines it shows, and how long ago it was checked.
# The voter ID guide was checked 350 days ago, so the dashboard shows it as due soon.
GUIDES: list[dict[str, Any]] = [
    {
        "slug": "ration-card",
        "category": "identity-documents",
        "needs": ["identity-document"],
        "featured": True,
        "checked_days_ago": 20,
        "helplines": [],
    },
    {
        "slug": "aadhaar",
        "category": "identity-documents",
        "needs": ["identity-document", "bank-or-loan"],
        "featured": False,
        "checked_days_ago": 40,
        "helplines": ["1947"],
    },
    {
        "slug": "voter-id",
        "category": "identity-documents",
        "needs": ["identity-document"],
        "featured": False,
        "checked_days_ago": 350,
        "helplines": ["1950"],
    },
    {
        "slug": "hiv-testing-and-treatment",
        "category": "health-and-hiv",
        "needs": ["tested-or-treated"],
        "featured": True,
        "checked_days_ago": 10,
        "helplines": ["1097", "112"],
    },
    {
        "slug": "widow-pension",
        "category": "pensions-and-benefits",
        "needs": ["pension", "bank-or-loan"],
        "featured": False,
        "checked_days_ago": 60,
        "helplines": [],
    },
    {
        "slug": "old-age-pension",
        "category": "pensions-and-benefits",
        "needs": ["pension", "bank-or-loan"],
        "featured": False,
        "checked_days_ago": 90,
        "helplines": ["14567"],
    },
    {
        "slug": "school-admission",
        "category": "childrens-education",
        "needs": ["school"],
        "featured": True,
        "checked_days_ago": 30,
        "helplines": ["1098"],
    },
    {
        "slug": "police-rights",
        "category": "legal-rights",
        "needs": ["police"],
        "featured": True,
        "checked_days_ago": 15,
        "helplines": ["112", "108", "181", "15100"],
    },
]
REVIEW_AFTER_DAYS = 365

# --- Where each guide's facts come from -----------------------------------------------------
# Official, dated public sources (titles in each language; the date and the link are the same
# everywhere). Links go only to the main pages of official sites; a source without a page we
# are sure of has no link.
SC_SITE = "https://main.sci.gov.in/"
SC_CASE = {
    "en": "Budhadev Karmaskar v. State of West Bengal",
    "gu": "બુધદેવ કર્મસ્કર વિરુદ્ધ પશ્ચિમ બંગાળ રાજ્ય",
    "hi": "बुद्धदेव कर्मस्कर बनाम पश्चिम बंगाल राज्य",
}


def _sc_order(what: dict[str, str], date: datetime.date | None) -> dict[str, Any]:
    titles = {
        "en": f"Supreme Court order, {SC_CASE['en']}: {what['en']}",
        "gu": f"સુપ્રીમ કોર્ટનો હુકમ, {SC_CASE['gu']}: {what['gu']}",
        "hi": f"सुप्रीम कोर्ट का आदेश, {SC_CASE['hi']}: {what['hi']}",
    }
    return {**titles, "date": date, "link": SC_SITE}


SC_DRY_RATIONS = _sc_order(
    {
        "en": "dry rations for sex workers identified through NACO lists and community "
        "organisations (orders of 2020 and 2021)",
        "gu": "NACO ની યાદીઓ અને સમુદાયનાં સંગઠનો દ્વારા ઓળખાયેલી સેક્સ વર્કર બહેનોને સૂકું "
        "અનાજ (2020 અને 2021ના હુકમો)",
        "hi": "NACO की सूचियों और समुदाय के संगठनों के ज़रिए पहचानी गई सेक्स वर्कर महिलाओं को "
        "सूखा राशन (2020 और 2021 के आदेश)",
    },
    None,
)
SC_CARDS = _sc_order(
    {
        "en": "ration cards and voter ID cards for sex workers",
        "gu": "સેક્સ વર્કર બહેનો માટે રેશન કાર્ડ અને મતદાર ઓળખપત્ર",
        "hi": "सेक्स वर्कर महिलाओं के लिए राशन कार्ड और मतदाता पहचान पत्र",
    },
    datetime.date(2021, 12, 14),
)
SC_AADHAAR = _sc_order(
    {
        "en": "Aadhaar on a certificate from a NACO or State AIDS Control Society gazetted "
        "officer, with no code that marks a sex worker",
        "gu": "NACO કે રાજ્ય એઇડ્સ નિયંત્રણ સોસાયટીના ગૅઝેટેડ અધિકારીના પ્રમાણપત્રથી આધાર, "
        "સેક્સ વર્કર બતાવતા કોઈ કોડ વગર",
        "hi": "NACO या राज्य एड्स नियंत्रण सोसाइटी के राजपत्रित अधिकारी के प्रमाण पत्र पर आधार, "
        "सेक्स वर्कर बताने वाले किसी कोड के बिना",
    },
    datetime.date(2022, 5, 19),
)
SC_DIGNITY = _sc_order(
    {
        "en": "the police must treat sex workers with dignity",
        "gu": "પોલીસે સેક્સ વર્કર બહેનો સાથે માનથી વર્તવું જોઈએ",
        "hi": "पुलिस को सेक्स वर्करों के साथ सम्मान से पेश आना चाहिए",
    },
    datetime.date(2022, 5, 19),
)

SOURCES: dict[str, list[dict[str, Any]]] = {
    "ration-card": [
        {
            "en": "National Food Security Act, 2013 (the eldest woman as head of the family: "
            "section 13)",
            "gu": "રાષ્ટ્રીય અન્ન સુરક્ષા કાયદો, 2013 (પરિવારની સૌથી મોટી સ્ત્રી વડા: કલમ 13)",
            "hi": "राष्ट्रीय खाद्य सुरक्षा अधिनियम, 2013 (परिवार की सबसे बड़ी महिला मुखिया: धारा 13)",
            "date": None,
            "link": "https://nfsa.gov.in/",
        },
        {
            "en": "Union Cabinet decision: free grain for NFSA families from 1 January 2023 "
            "(PMGKAY)",
            "gu": "કેન્દ્રીય મંત્રીમંડળનો નિર્ણય: 1 જાન્યુઆરી 2023થી NFSA પરિવારોને મફત અનાજ (PMGKAY)",
            "hi": "केंद्रीय मंत्रिमंडल का फ़ैसला: 1 जनवरी 2023 से NFSA परिवारों को मुफ़्त अनाज (PMGKAY)",
            "date": datetime.date(2022, 12, 23),
            "link": "",
        },
        {
            "en": "Union Cabinet decision: free grain continued for five years from 1 January "
            "2024 (PMGKAY)",
            "gu": "કેન્દ્રીય મંત્રીમંડળનો નિર્ણય: 1 જાન્યુઆરી 2024થી પાંચ વર્ષ મફત અનાજ ચાલુ (PMGKAY)",
            "hi": "केंद्रीय मंत्रिमंडल का फ़ैसला: 1 जनवरी 2024 से पाँच साल तक मुफ़्त अनाज जारी (PMGKAY)",
            "date": datetime.date(2023, 11, 29),
            "link": "",
        },
        SC_DRY_RATIONS,
        SC_CARDS,
    ],
    "aadhaar": [
        SC_AADHAAR,
        {
            "en": "UIDAI: charges for Aadhaar updates (₹75 and ₹125), from 1 October 2025",
            "gu": "UIDAI: આધાર સુધારાની ફી (₹75 અને ₹125), 1 ઑક્ટોબર 2025થી",
            "hi": "UIDAI: आधार सुधार की फ़ीस (₹75 और ₹125), 1 अक्टूबर 2025 से",
            "date": datetime.date(2025, 10, 1),
            "link": "https://uidai.gov.in/",
        },
    ],
    "voter-id": [
        {
            "en": "Election Commission of India: Form 6 and Form 8, as revised in 2022",
            "gu": "ભારતનું ચૂંટણી પંચ: ફોર્મ 6 અને ફોર્મ 8, 2022માં સુધારેલાં",
            "hi": "भारत निर्वाचन आयोग: फ़ॉर्म 6 और फ़ॉर्म 8, 2022 में बदले गए",
            "date": None,
            "link": "https://voters.eci.gov.in/",
        },
        SC_CARDS,
    ],
    "hiv-testing-and-treatment": [
        {
            "en": "HIV and AIDS (Prevention and Control) Act, 2017",
            "gu": "HIV અને એઇડ્સ (નિવારણ અને નિયંત્રણ) કાયદો, 2017",
            "hi": "HIV और एड्स (रोकथाम और नियंत्रण) अधिनियम, 2017",
            "date": None,
            "link": "",
        },
    ],
    "widow-pension": [
        {
            "en": "Government of Gujarat: Ganga Swarupa Arthik Sahay Yojana (ask the Mamlatdar "
            "office for the current rules)",
            "gu": "ગુજરાત સરકાર: ગંગા સ્વરૂપા આર્થિક સહાય યોજના (હાલના નિયમો મામલતદાર કચેરીમાં પૂછો)",
            "hi": "गुजरात सरकार: गंगा स्वरूपा आर्थिक सहाय योजना (अभी के नियम मामलतदार दफ़्तर में पूछें)",
            "date": None,
            "link": "",
        },
    ],
    "old-age-pension": [
        {
            "en": "Indira Gandhi National Old Age Pension Scheme (National Social Assistance "
            "Programme, Government of India)",
            "gu": "ઇન્દિરા ગાંધી રાષ્ટ્રીય વૃદ્ધાવસ્થા પેન્શન યોજના (રાષ્ટ્રીય સામાજિક સહાય "
            "કાર્યક્રમ, ભારત સરકાર)",
            "hi": "इंदिरा गांधी राष्ट्रीय वृद्धावस्था पेंशन योजना (राष्ट्रीय सामाजिक सहायता "
            "कार्यक्रम, भारत सरकार)",
            "date": None,
            "link": "",
        },
    ],
    "school-admission": [
        {
            "en": "Right of Children to Free and Compulsory Education Act, 2009 (sections 3, 5, "
            "12 and 14)",
            "gu": "બાળકોના મફત અને ફરજિયાત શિક્ષણના અધિકારનો કાયદો, 2009 (કલમ 3, 5, 12 અને 14)",
            "hi": "बच्चों के मुफ़्त और अनिवार्य शिक्षा के अधिकार का अधिनियम, 2009 (धारा 3, 5, 12 और 14)",
            "date": None,
            "link": "",
        },
    ],
    "police-rights": [
        SC_DIGNITY,
        {
            "en": "Bharatiya Nagarik Suraksha Sanhita, 2023, in force since 1 July 2024 "
            "(sections 38, 43, 47, 48, 49 and 58)",
            "gu": "ભારતીય નાગરિક સુરક્ષા સંહિતા, 2023, 1 જુલાઈ 2024થી અમલમાં (કલમ 38, 43, 47, 48, "
            "49 અને 58)",
            "hi": "भारतीय नागरिक सुरक्षा संहिता, 2023, 1 जुलाई 2024 से लागू (धारा 38, 43, 47, 48, "
            "49 और 58)",
            "date": None,
            "link": "",
        },
        {
            "en": "Legal Services Authorities Act, 1987 (free legal aid for every woman: "
            "section 12)",
            "gu": "કાનૂની સેવા સત્તામંડળ કાયદો, 1987 (દરેક સ્ત્રીને મફત કાનૂની સહાય: કલમ 12)",
            "hi": "विधिक सेवा प्राधिकरण अधिनियम, 1987 (हर महिला को मुफ़्त क़ानूनी सहायता: धारा 12)",
            "date": None,
            "link": "https://nalsa.gov.in/",
        },
    ],
}


def _sources(slug: str, language: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("source", {"title": source[language], "date": source["date"], "link": source["link"]})
        for source in SOURCES[slug]
    ]


# --- Building them ------------------------------------------------------------------------------


def _helplines(locales: dict[str, Locale]) -> dict[tuple[str, str], Any]:
    """Each demo helpline in each language, created when missing: (language, number) -> row."""
    rows: dict[tuple[str, str], Any] = {}
    for spec in HELPLINES:
        source = Helpline.objects.filter(
            locale=locales[SOURCE_LANGUAGE], number=spec["number"]
        ).first()
        if source is None:
            source = Helpline(locale=locales[SOURCE_LANGUAGE], number=spec["number"])
            _apply_helpline(source, spec[SOURCE_LANGUAGE])
        for code, locale in locales.items():
            row = source if code == SOURCE_LANGUAGE else source.get_translation_or_none(locale)
            if row is None:
                row = source.copy_for_translation(locale)
                _apply_helpline(row, spec[code])
            rows[(code, spec["number"])] = row
    return rows


def _apply_helpline(row, content: dict[str, str]) -> None:
    row.name = content["name"]
    row.hours = content["hours"]
    row.helps_with = content["helps_with"]
    row.full_clean()
    row.save()


def _stream(items: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    return [{"type": block_type, "value": value} for block_type, value in items]


def _guide_blocks(content: dict[str, Any], language: str) -> list[dict[str, Any]]:
    blocks = [("callout", {"kind": "warning", "text": EXAMPLE_CALLOUT[language]})]
    for kind, value in content["guide"]:
        if kind in ("tip", "warning"):
            blocks.append(("callout", {"kind": kind, "text": value}))
        else:
            blocks.append((kind, value))
    blocks.append(("paragraph", DEMO_NOTE[language]))
    return _stream(blocks)


def _apply_guide(page, spec: dict[str, Any], language: str, helplines: dict) -> None:
    content = GUIDE_TEXT[language][spec["slug"]]
    page.title = content["title"]
    page.summary = SUMMARY_PREFIX[language] + content["summary"]
    page.steps = _stream(
        [("step", {"title": title, "text": text}) for title, text in content["steps"]]
    )
    page.documents_needed = _stream([("item", item) for item in content["documents"]])
    page.guide = _guide_blocks(content, language)
    page.helplines = _stream(
        [("helpline", helplines[(language, number)].pk) for number in spec["helplines"]]
    )
    page.sources = _stream(_sources(spec["slug"], language))


def _review_dates(spec: dict[str, Any]) -> tuple[datetime.date, datetime.date]:
    checked = timezone.localdate() - datetime.timedelta(days=spec["checked_days_ago"])
    return checked, checked + datetime.timedelta(days=REVIEW_AFTER_DAYS)


def build_demo_resources(home: Page, locales: dict[str, Locale]) -> int:
    """Create the demo guides under ``home`` and their translations; return how many pages.

    Idempotent: pages that exist already (by language and slug) are left untouched, and so
    are helplines (by language and number).
    """
    helplines = _helplines(locales)
    index, created = ensure_demo_index(home, locales, ResourceIndexPage, RESOURCE_INDEX)

    for spec in GUIDES:
        guide = index.get_children().filter(slug=spec["slug"]).specific().first()
        if guide is None:
            last_reviewed, review_by = _review_dates(spec)
            guide = ResourcePage(
                slug=spec["slug"],
                category=spec["category"],
                needs=spec["needs"],
                featured=spec["featured"],
                last_reviewed=last_reviewed,
                review_by=review_by,
            )
            _apply_guide(guide, spec, SOURCE_LANGUAGE, helplines)
            index.add_child(instance=guide)
            guide.save_revision().publish()
            created += 1
        for code, locale in locales.items():
            if code == SOURCE_LANGUAGE or guide.get_translation_or_none(locale) is not None:
                continue
            translation = guide.copy_for_translation(locale)
            # Text and helplines in this language; category, tasks and dates stay in sync.
            _apply_guide(translation, spec, code, helplines)
            translation.save_revision().publish()
            created += 1
    return created
