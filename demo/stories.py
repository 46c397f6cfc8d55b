"""Demo stories: six fictional testimonies in English, Gujarati and Hindi, and their index.

The situations come from KMVS's public description of the Samvedna programme (identity papers
with matching details, police harassment, HIV testing, school admission, the Drop-In Centres,
International Sex Workers Day in Bhuj). The people are invented: pseudonyms only, no places
smaller than a town, no numbers of any kind that could point to someone. Every story says it is
a fictional example, in its summary and in its first paragraph, and carries the demo note.
Three of them (``"press": True``) have a consent that covers the press and offer their pull
quotes to journalists (the press room's quotable voices); the others have no press consent.

``build_demo_stories`` is called by ``load_demo`` and is idempotent like it: an index or story
that already exists (found by language and slug) is left exactly as it is.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from wagtail.models import Locale, Page

from consent.models import ConsentRecord
from stories.models import StoryIndexPage, StoryPage, Topic

from .home import DEMO_NOTE
from .sections import SOURCE_LANGUAGE, ensure_demo_index, publish_demo_page

# Shown first in every demo story, so nobody mistakes it for a real woman's account.
FICTION_LABEL = {
    "en": "<p><strong>Fictional example.</strong> This story was written for the demonstration "
    "site. It is not the experience of a real person.</p>",
    "gu": "<p><strong>કાલ્પનિક ઉદાહરણ.</strong> આ વાર્તા ડેમો સાઇટ માટે લખવામાં આવી છે. તે કોઈ "
    "સાચી બહેનનો અનુભવ નથી.</p>",
    "hi": "<p><strong>काल्पनिक उदाहरण।</strong> यह कहानी डेमो साइट के लिए लिखी गई है। यह किसी "
    "असली महिला का अनुभव नहीं है।</p>",
}
SUMMARY_PREFIX = {
    "en": "Fictional example: ",
    "gu": "કાલ્પનિક ઉદાહરણ: ",
    "hi": "काल्पनिक उदाहरण: ",
}


STORY_INDEX = {
    "slug": "stories",
    "en": {
        "title": "Stories",
        "intro": (
            "Women of Samvedna tell what their work and their lives are like, in their own "
            "words. Each story is published under a pseudonym, only with the storyteller's "
            "consent, and she can withdraw it at any time."
        ),
    },
    "gu": {
        "title": "વાર્તાઓ",
        "intro": (
            "સંવેદનાની બહેનો પોતાના શબ્દોમાં કહે છે કે તેમનું કામ અને જીવન કેવું છે. દરેક વાર્તા "
            "ઉપનામથી, ફક્ત વાર્તા કહેનાર બહેનની સંમતિથી પ્રકાશિત થાય છે, અને તે ગમે ત્યારે તેને "
            "પાછી ખેંચી શકે છે."
        ),
    },
    "hi": {
        "title": "कहानियाँ",
        "intro": (
            "संवेदना की महिलाएँ अपने शब्दों में बताती हैं कि उनका काम और जीवन कैसा है। हर कहानी "
            "बदले हुए नाम से, सिर्फ़ कहानी सुनाने वाली महिला की "
            "सहमति से प्रकाशित होती है, और वह कभी भी "
            "इसे वापस ले सकती है।"
        ),
    },
}

# Each story: slug, topics, date told, to whom, then the text in each language.
STORIES: list[dict[str, Any]] = [
    {
        "slug": "papers-that-match",
        "member": "Demo member D-01",
        # Her consent covers the press: her pull quotes are offered to journalists.
        "press": True,
        "topics": ["identity-documents", "collective-and-solidarity"],
        "told_on": datetime.date(2023, 2, 14),
        "as_told_to": "field-worker",
        "en": {
            "title": "Papers that finally match",
            "pseudonym": "Kesar",
            "summary": "For years my ration card, Aadhaar card and voter ID each said something "
            "different. With the other women of Samvedna I put them right.",
            "body": [
                (
                    "paragraph",
                    "<p>For years I lived with three identities. My ration card had one spelling "
                    "of my name, my Aadhaar card another, and my voter ID had my husband's old "
                    "address. When you do this work you learn to give a different name here and a "
                    "different place there. It keeps you safe for a day, but then the papers do "
                    "not agree, and every office sends you back.</p>",
                ),
                (
                    "paragraph",
                    "<p>At a Samvedna meeting I said, almost as a joke, that the government does "
                    "not believe I exist. Three other women said the same thing had happened to "
                    "them. The field worker sat with us and made a list: which paper needs which "
                    "proof, which office, which day.</p>",
                ),
                (
                    "pull_quote",
                    {
                        "quote": (
                            "Alone I was sent back every time. When four of us went, they listened."
                        )
                    },
                ),
                (
                    "paragraph",
                    "<p>We went together, four of us, more than once. The first time the clerk "
                    "asked too many questions, and a leader of our collective answered calmly for "
                    "us. It took months. Now my name is written the same way on all three cards, "
                    "and with them I could open a "
                    "bank account and apply for the widow pension.</p>",
                ),
            ],
        },
        "gu": {
            "title": "આખરે એકસરખા દસ્તાવેજ",
            "pseudonym": "કેસર",
            "summary": "વર્ષો સુધી મારું રેશન કાર્ડ, આધાર કાર્ડ અને મતદાર ઓળખપત્ર ત્રણેય અલગ અલગ "
            "વાત કહેતાં હતાં. સંવેદનાની બહેનો સાથે મળીને મેં તે સુધાર્યાં.",
            "body": [
                (
                    "paragraph",
                    "<p>વર્ષો સુધી હું ત્રણ ઓળખ સાથે જીવી. રેશન કાર્ડમાં મારા નામની એક જોડણી હતી, "
                    "આધાર કાર્ડમાં બીજી, અને મતદાર ઓળખપત્રમાં મારા પતિનું જૂનું સરનામું હતું. આ "
                    "કામ કરીએ ત્યારે અહીં જુદું નામ અને ત્યાં જુદી જગ્યા કહેવાનું શીખી જઈએ. એક "
                    "દિવસ માટે તે સલામતી આપે છે, પણ પછી દસ્તાવેજો મેળ ખાતા નથી અને દરેક કચેરી "
                    "પાછા મોકલી દે છે.</p>",
                ),
                (
                    "paragraph",
                    "<p>સંવેદનાની એક બેઠકમાં મેં લગભગ મજાકમાં કહ્યું કે સરકાર માનતી જ નથી કે હું "
                    "છું. બીજી ત્રણ બહેનોએ કહ્યું કે તેમની સાથે પણ આવું જ થયું છે. ફિલ્ડ વર્કર "
                    "અમારી સાથે બેઠાં અને યાદી બનાવી: કયા દસ્તાવેજ માટે કયો પુરાવો, કઈ કચેરી, "
                    "કયો દિવસ.</p>",
                ),
                (
                    "pull_quote",
                    {"quote": "એકલી હતી ત્યારે દર વખતે પાછી મોકલતા. અમે ચાર સાથે ગયાં ત્યારે સાંભળ્યું."},
                ),
                (
                    "paragraph",
                    "<p>અમે ચાર જણ સાથે, એકથી વધુ વાર ગયાં. પહેલી વાર કારકુને બહુ સવાલો પૂછ્યા, "
                    "અને અમારા સંગઠનની એક આગેવાને શાંતિથી અમારા વતી જવાબ આપ્યા. મહિનાઓ લાગ્યા. "
                    "હવે ત્રણેય કાર્ડ પર મારું નામ એક જ રીતે લખાયેલું છે, અને તેનાથી હું બેન્ક "
                    "ખાતું ખોલાવી શકી અને વિધવા પેન્શન માટે અરજી કરી શકી.</p>",
                ),
            ],
        },
        "hi": {
            "title": "आख़िरकार मेल खाते काग़ज़",
            "pseudonym": "केसर",
            "summary": "बरसों तक मेरा राशन कार्ड, आधार कार्ड और मतदाता पहचान पत्र तीनों अलग-अलग "
            "बात कहते थे। संवेदना की महिलाओं के साथ मिलकर मैंने उन्हें ठीक करवाया।",
            "body": [
                (
                    "paragraph",
                    "<p>बरसों तक मैं तीन पहचानों के साथ जीती रही। राशन कार्ड पर मेरे नाम की एक "
                    "वर्तनी थी, आधार कार्ड पर दूसरी, और मतदाता पहचान पत्र पर मेरे पति का पुराना "
                    "पता था। यह काम करते हुए हम यहाँ अलग नाम और वहाँ अलग जगह बताना सीख जाती हैं। "
                    "एक दिन के लिए इससे हिफ़ाज़त मिलती है, पर फिर काग़ज़ आपस में मेल नहीं खाते और "
                    "हर दफ़्तर वापस भेज देता है।</p>",
                ),
                (
                    "paragraph",
                    "<p>संवेदना की एक बैठक में मैंने लगभग मज़ाक में कहा कि सरकार मानती ही नहीं कि "
                    "मैं हूँ। तीन और महिलाओं ने कहा कि उनके साथ भी यही हुआ है। फ़ील्ड वर्कर हमारे "
                    "साथ बैठीं और एक सूची बनाई: किस काग़ज़ के लिए कौन-सा सबूत, कौन-सा दफ़्तर, "
                    "कौन-सा दिन।</p>",
                ),
                (
                    "pull_quote",
                    {"quote": "अकेली थी तो हर बार लौटा दिया। हम चार साथ गईं, तो सुना गया।"},
                ),
                (
                    "paragraph",
                    "<p>हम चार जनी साथ गईं, एक से ज़्यादा बार। पहली बार क्लर्क ने बहुत सवाल पूछे, "
                    "और हमारे संगठन की एक लीडर ने शांति से हमारी ओर से जवाब दिए। महीनों लगे। अब "
                    "तीनों कार्डों पर मेरा नाम एक ही तरह लिखा है, और इनसे मैं बैंक खाता खुलवा सकी "
                    "और विधवा पेंशन के लिए अर्ज़ी दे सकी।</p>",
                ),
            ],
        },
    },
    {
        "slug": "stopped-on-my-scooter",
        "member": "Demo member D-02",
        "topics": ["violence-and-police", "work-and-dignity"],
        "told_on": datetime.date(2023, 4, 3),
        "as_told_to": "leader",
        "en": {
            "title": "Stopped on my scooter",
            "pseudonym": "Jamna",
            "summary": "A policeman stopped me on my two-wheeler because of what he thought I "
            "was. This time I knew my rights, and I was not alone.",
            "body": [
                (
                    "paragraph",
                    "<p>I bought my two-wheeler with my own earnings. It means I can take my son "
                    "to the doctor and reach work without asking anyone for a lift. One evening a "
                    "policeman waved me down. He did not ask for my licence. He asked where a "
                    "woman like me was going alone, and said he could take the vehicle away if he "
                    "wanted to.</p>",
                ),
                (
                    "paragraph",
                    "<p>Before Samvedna, I would have paid him whatever he asked and cried on the "
                    "way home. But in our training on legal rights we had learned that the Supreme "
                    "Court has said sex workers must be treated with dignity by the police, like "
                    "any other citizen. My papers were in order. I told him so, politely, and I "
                    "called one of our leaders.</p>",
                ),
                (
                    "pull_quote",
                    {
                        "quote": (
                            "He saw a woman on a scooter and decided she was doing something wrong."
                        )
                    },
                ),
                (
                    "paragraph",
                    "<p>She came with another member. They stood next to me and asked him, very "
                    "calmly, what rule I had broken. After a while "
                    "he let me go. It does not always "
                    "end like this, and many women are still afraid. That is why we record every "
                    "incident, and why our leaders raise them with the authorities.</p>",
                ),
            ],
        },
        "gu": {
            "title": "મારા સ્કૂટર પર મને રોકી",
            "pseudonym": "જમના",
            "summary": "એક પોલીસવાળાએ મને ટુ-વ્હીલર પર રોકી, કારણ કે તેણે મારા વિશે મનમાં કંઈક ધારી લીધું હતું. "
            "આ વખતે મને મારા અધિકારો ખબર હતા, અને હું એકલી નહોતી.",
            "body": [
                (
                    "paragraph",
                    "<p>મેં મારી પોતાની કમાણીમાંથી ટુ-વ્હીલર ખરીદ્યું. તેનાથી હું મારા દીકરાને "
                    "ડૉક્ટર પાસે લઈ જઈ શકું છું અને કોઈની પાસે લિફ્ટ માગ્યા વગર કામે પહોંચી શકું "
                    "છું. એક સાંજે એક પોલીસવાળાએ મને હાથ કરીને રોકી. તેણે લાઇસન્સ ન માગ્યું. તેણે "
                    "પૂછ્યું કે મારા જેવી સ્ત્રી એકલી ક્યાં જાય છે, અને કહ્યું કે તે ધારે તો વાહન "
                    "લઈ લઈ શકે.</p>",
                ),
                (
                    "paragraph",
                    "<p>સંવેદના પહેલાં હું તેણે માગ્યા એટલા પૈસા આપી દેત અને રડતી રડતી ઘરે જાત. "
                    "પણ કાનૂની અધિકારોની તાલીમમાં અમે શીખ્યાં હતાં કે સુપ્રીમ કોર્ટે કહ્યું છે કે "
                    "પોલીસે સેક્સ વર્કરો સાથે બીજા કોઈ પણ નાગરિકની જેમ માનથી વર્તવું જોઈએ. મારા "
                    "કાગળો બરાબર હતા. મેં તેને નમ્રતાથી એ કહ્યું, અને અમારી એક આગેવાનને ફોન "
                    "કર્યો.</p>",
                ),
                (
                    "pull_quote",
                    {"quote": "તેણે સ્કૂટર પર એક સ્ત્રી જોઈ અને નક્કી કરી લીધું કે તે કંઈક ખોટું કરે છે."},
                ),
                (
                    "paragraph",
                    "<p>તે બીજી એક સભ્ય સાથે આવી. બંને મારી "
                    "બાજુમાં ઊભી રહી અને ખૂબ શાંતિથી પૂછ્યું "
                    "કે મેં કયો નિયમ તોડ્યો છે. થોડી વાર પછી તેણે મને જવા દીધી. દર વખતે આવું નથી "
                    "થતું, અને ઘણી બહેનો હજી ડરે છે. એટલે જ અમે દરેક બનાવની નોંધ રાખીએ છીએ, અને "
                    "અમારી આગેવાનો તે અધિકારીઓ સમક્ષ રજૂ કરે છે.</p>",
                ),
            ],
        },
        "hi": {
            "title": "मेरे स्कूटर पर मुझे रोका",
            "pseudonym": "जमना",
            "summary": "एक पुलिसवाले ने मुझे दोपहिया पर रोका, क्योंकि उसे लगा कि वह जानता है मैं "
            "कौन हूँ। इस बार मुझे अपने अधिकार पता थे, और मैं अकेली नहीं थी।",
            "body": [
                (
                    "paragraph",
                    "<p>मैंने अपनी कमाई से दोपहिया ख़रीदा। इससे मैं "
                    "अपने बेटे को डॉक्टर के पास ले जा "
                    "सकती हूँ और किसी से लिफ़्ट माँगे बिना काम "
                    "पर पहुँच सकती हूँ। एक शाम एक पुलिसवाले "
                    "ने हाथ देकर मुझे रोका। उसने लाइसेंस नहीं "
                    "माँगा। उसने पूछा कि मेरे जैसी औरत अकेली "
                    "कहाँ जा रही है, और कहा कि वह चाहे तो गाड़ी ज़ब्त कर सकता है।</p>",
                ),
                (
                    "paragraph",
                    "<p>संवेदना से पहले मैं उसे जितने पैसे माँगता, दे देती और रोते हुए घर जाती। "
                    "लेकिन क़ानूनी अधिकारों के प्रशिक्षण में हमने सीखा "
                    "था कि सुप्रीम कोर्ट ने कहा है "
                    "कि पुलिस को सेक्स वर्करों के साथ किसी भी "
                    "दूसरे नागरिक की तरह सम्मान से पेश आना "
                    "चाहिए। मेरे काग़ज़ पूरे थे। मैंने उसे विनम्रता "
                    "से यह बताया, और अपनी एक लीडर को "
                    "फ़ोन किया।</p>",
                ),
                (
                    "pull_quote",
                    {"quote": "उसने स्कूटर पर एक औरत देखी और तय कर लिया कि वह कुछ ग़लत कर रही है।"},
                ),
                (
                    "paragraph",
                    "<p>वह एक और सदस्य के साथ आई। दोनों मेरे "
                    "पास खड़ी रहीं और बहुत शांति से पूछा कि "
                    "मैंने कौन-सा नियम तोड़ा है। कुछ देर बाद उसने मुझे जाने दिया। हर बार ऐसा नहीं "
                    "होता, और बहुत-सी महिलाएँ अब भी डरती हैं। इसीलिए हम हर घटना दर्ज करती हैं, और "
                    "हमारी लीडर उन्हें अधिकारियों के सामने उठाती हैं।</p>",
                ),
            ],
        },
    },
    {
        "slug": "going-for-the-test-together",
        "member": "Demo member D-03",
        "topics": ["health", "collective-and-solidarity"],
        "told_on": datetime.date(2023, 8, 22),
        "as_told_to": "counsellor",
        "en": {
            "title": "Going for the test together",
            "pseudonym": "Heena",
            "summary": "I was too afraid to get an HIV test on my own. We went as a group from the "
            "Drop-In Centre, and now I go every six months.",
            "body": [
                (
                    "paragraph",
                    "<p>I knew I should get tested. Everyone says so. But I was afraid of two "
                    "things: of the result, and of being seen at the hospital by someone who "
                    "would ask what I was doing there.</p>",
                ),
                (
                    "paragraph",
                    "<p>At the Drop-In Centre the women talked about it openly, over tea, as if "
                    "it were an ordinary thing. It is an ordinary thing. A few of us decided to go "
                    "on the same morning. The counsellor explained everything before the test, and "
                    "nobody at the centre made us feel ashamed.</p>",
                ),
                (
                    "pull_quote",
                    {
                        "quote": (
                            "Fear grows when you keep it to "
                            "yourself. Say it out loud and it shrinks."
                        )
                    },
                ),
                (
                    "paragraph",
                    "<p>My result was negative. One of my friends learned that she is positive. "
                    "She takes her medicine every day, she works, she laughs as much as before, "
                    "and we still sit together at the centre. Now "
                    "I go for a test every six months, "
                    "I carry condoms and I ask other women to come along.</p>",
                ),
            ],
        },
        "gu": {
            "title": "તપાસ માટે સાથે જવું",
            "pseudonym": "હિના",
            "summary": "એકલા HIV તપાસ કરાવવા જતાં મને બહુ ડર લાગતો. અમે ડ્રોપ-ઇન સેન્ટરથી જૂથમાં "
            "ગયાં, અને હવે હું દર છ મહિને જાઉં છું.",
            "body": [
                (
                    "paragraph",
                    "<p>મને ખબર હતી કે તપાસ કરાવવી જોઈએ. બધાં એમ જ કહે છે. પણ મને બે વાતનો ડર હતો: "
                    "પરિણામનો, અને હોસ્પિટલમાં કોઈ જોઈ જાય અને પૂછે કે હું ત્યાં શું કરું છું "
                    "તેનો.</p>",
                ),
                (
                    "paragraph",
                    "<p>ડ્રોપ-ઇન સેન્ટરમાં બહેનો ચા પીતાં પીતાં તેના વિશે ખુલ્લેઆમ વાત કરતી, જાણે "
                    "એ સામાન્ય વાત હોય. એ સામાન્ય વાત જ છે. અમારામાંથી થોડી બહેનોએ એક જ સવારે "
                    "જવાનું નક્કી કર્યું. કાઉન્સેલરે તપાસ પહેલાં "
                    "બધું સમજાવ્યું, અને ત્યાં કોઈએ અમને "
                    "નીચું ન જોવડાવ્યું.</p>",
                ),
                (
                    "pull_quote",
                    {"quote": "ડર મનમાં રાખો તો વધે છે. મોટેથી કહી દો તો નાનો થઈ જાય છે."},
                ),
                (
                    "paragraph",
                    "<p>મારું પરિણામ નેગેટિવ આવ્યું. મારી એક સખીને ખબર પડી કે તે પોઝિટિવ છે. તે "
                    "રોજ દવા લે છે, કામ કરે છે, પહેલાં જેટલું જ હસે છે, અને અમે હજી સેન્ટરમાં સાથે "
                    "બેસીએ છીએ. હવે હું દર છ મહિને તપાસ કરાવું છું, કોન્ડોમ સાથે રાખું છું અને "
                    "બીજી બહેનોને પણ સાથે આવવા કહું છું.</p>",
                ),
            ],
        },
        "hi": {
            "title": "जाँच के लिए साथ जाना",
            "pseudonym": "हिना",
            "summary": "अकेले HIV जाँच करवाने में मुझे बहुत डर "
            "लगता था। हम ड्रॉप-इन सेंटर से समूह में "
            "गईं, और अब मैं हर छह महीने जाती हूँ।",
            "body": [
                (
                    "paragraph",
                    "<p>मुझे पता था कि जाँच करवानी चाहिए। सब यही "
                    "कहते हैं। पर मुझे दो बातों का डर था: "
                    "नतीजे का, और इस बात का कि अस्पताल में कोई देख ले और पूछे कि मैं वहाँ क्या कर "
                    "रही हूँ।</p>",
                ),
                (
                    "paragraph",
                    "<p>ड्रॉप-इन सेंटर में महिलाएँ चाय पीते हुए इसके बारे में खुलकर बात करती थीं, "
                    "जैसे यह आम बात हो। यह आम बात ही है। हम "
                    "में से कुछ ने एक ही सुबह जाने का तय किया। "
                    "काउंसलर ने जाँच से पहले सब कुछ समझाया, "
                    "और वहाँ किसी ने हमें शर्मिंदा महसूस नहीं "
                    "कराया।</p>",
                ),
                (
                    "pull_quote",
                    {"quote": "डर मन में रखो तो बढ़ता है। ज़ोर से कह दो तो छोटा हो जाता है।"},
                ),
                (
                    "paragraph",
                    "<p>मेरा नतीजा नेगेटिव आया। मेरी एक सहेली को "
                    "पता चला कि वह पॉज़िटिव है। वह रोज़ "
                    "दवा लेती है, काम करती है, पहले जितना ही हँसती है, और हम अब भी सेंटर में साथ "
                    "बैठती हैं। अब मैं हर छह महीने जाँच करवाती हूँ, कंडोम साथ रखती हूँ और दूसरी "
                    "महिलाओं को भी साथ चलने को कहती हूँ।</p>",
                ),
            ],
        },
    },
    {
        "slug": "my-daughters-first-day-at-school",
        "member": "Demo member D-04",
        "topics": ["children-and-schooling", "identity-documents"],
        "told_on": datetime.date(2023, 7, 5),
        "as_told_to": "programme-staff",
        "en": {
            "title": "My daughter's first day at school",
            "pseudonym": "Lakshmi",
            "summary": "The school wanted papers and a father's name I could not give. With "
            "Samvedna's help my daughter was admitted, and she is still there.",
            "body": [
                (
                    "paragraph",
                    "<p>I never went to school. I wanted my daughter to go, more than I wanted "
                    "anything. The first time I went to ask for admission, they gave me a form "
                    "with a line for the father's name and asked for a birth certificate I did not "
                    "have. I came home and did not try again for a year.</p>",
                ),
                (
                    "paragraph",
                    "<p>When I told the women at a Samvedna meeting, I found out I was not the "
                    "only one. KMVS staff explained that a child has a right to be admitted to "
                    "school, and that a mother's name is enough. They helped me get the birth "
                    "certificate, and a leader came with me to talk to the principal.</p>",
                ),
                (
                    "pull_quote",
                    {"quote": "My daughter will read the papers that I had to sign with my thumb."},
                ),
                (
                    "paragraph",
                    "<p>On her first day she wore a uniform that was a little too big, so that it "
                    "would last. She is in her third year now. When the teacher asks for a parent "
                    "at meetings, I go, and I sit in the front.</p>",
                ),
            ],
        },
        "gu": {
            "title": "મારી દીકરીનો શાળાનો પહેલો દિવસ",
            "pseudonym": "લક્ષ્મી",
            "summary": "શાળાએ એવા કાગળો અને પિતાનું નામ માગ્યું "
            "જે હું આપી શકું તેમ નહોતી. સંવેદનાની "
            "મદદથી મારી દીકરીને પ્રવેશ મળ્યો, અને તે હજી ભણે છે.",
            "body": [
                (
                    "paragraph",
                    "<p>હું ક્યારેય શાળાએ નથી ગઈ. મારી દીકરી જાય, "
                    "એ મારી સૌથી મોટી ઇચ્છા હતી. પહેલી "
                    "વાર પ્રવેશ માગવા ગઈ ત્યારે તેમણે મને એક ફોર્મ આપ્યું જેમાં પિતાના નામની જગ્યા "
                    "હતી, અને જન્મનો દાખલો માગ્યો જે મારી પાસે નહોતો. હું ઘરે પાછી આવી અને એક "
                    "વર્ષ સુધી ફરી પ્રયત્ન ન કર્યો.</p>",
                ),
                (
                    "paragraph",
                    "<p>સંવેદનાની બેઠકમાં બહેનોને વાત કરી ત્યારે ખબર પડી કે હું એકલી નથી. KMVSના "
                    "કાર્યકરોએ સમજાવ્યું કે બાળકને શાળામાં પ્રવેશનો અધિકાર છે, અને માતાનું નામ "
                    "પૂરતું છે. તેમણે જન્મનો દાખલો મેળવવામાં મદદ કરી, અને એક આગેવાન મારી સાથે "
                    "આચાર્ય સાથે વાત કરવા આવી.</p>",
                ),
                (
                    "pull_quote",
                    {"quote": "જે કાગળો પર મારે અંગૂઠો મારવો પડ્યો, તે મારી દીકરી વાંચશે."},
                ),
                (
                    "paragraph",
                    "<p>પહેલા દિવસે તેણે થોડો મોટો ગણવેશ પહેર્યો હતો, જેથી લાંબો ચાલે. હવે તે "
                    "ત્રીજા ધોરણમાં છે. શિક્ષક વાલીઓની બેઠક બોલાવે ત્યારે હું જાઉં છું, અને આગળ "
                    "બેસું છું.</p>",
                ),
            ],
        },
        "hi": {
            "title": "मेरी बेटी का स्कूल में पहला दिन",
            "pseudonym": "लक्ष्मी",
            "summary": "स्कूल ने ऐसे काग़ज़ और पिता का नाम माँगा "
            "जो मैं नहीं दे सकती थी। संवेदना की मदद "
            "से मेरी बेटी का दाख़िला हुआ, और वह अब भी पढ़ रही है।",
            "body": [
                (
                    "paragraph",
                    "<p>मैं कभी स्कूल नहीं गई। मेरी बेटी जाए, यह मेरी सबसे बड़ी इच्छा थी। पहली बार "
                    "दाख़िला माँगने गई तो उन्होंने मुझे एक फ़ॉर्म "
                    "दिया जिसमें पिता के नाम की जगह थी, "
                    "और जन्म प्रमाणपत्र माँगा जो मेरे पास नहीं था। मैं घर लौट आई और एक साल तक फिर "
                    "कोशिश नहीं की।</p>",
                ),
                (
                    "paragraph",
                    "<p>संवेदना की बैठक में महिलाओं को बताया तो "
                    "पता चला कि मैं अकेली नहीं हूँ। KMVS "
                    "के कार्यकर्ताओं ने समझाया कि बच्चे को स्कूल "
                    "में दाख़िले का अधिकार है, और माँ का "
                    "नाम काफ़ी है। उन्होंने जन्म प्रमाणपत्र बनवाने में मदद की, और एक लीडर मेरे साथ "
                    "प्रधानाचार्य से बात करने आई।</p>",
                ),
                (
                    "pull_quote",
                    {"quote": "जिन काग़ज़ों पर मुझे अँगूठा लगाना पड़ा, उन्हें मेरी बेटी पढ़ेगी।"},
                ),
                (
                    "paragraph",
                    "<p>पहले दिन उसने थोड़ी बड़ी वर्दी पहनी थी, ताकि "
                    "लंबे समय तक चले। अब वह तीसरी कक्षा "
                    "में है। जब टीचर अभिभावकों की बैठक बुलाती हैं, तो मैं जाती हूँ, और आगे बैठती "
                    "हूँ।</p>",
                ),
            ],
        },
    },
    {
        "slug": "a-place-where-we-can-sit",
        "member": "Demo member D-05",
        # Her consent covers the press: her pull quotes are offered to journalists.
        "press": True,
        "topics": ["collective-and-solidarity", "work-and-dignity"],
        "told_on": datetime.date(2023, 10, 18),
        "as_told_to": "leader",
        "en": {
            "title": "A place where we can sit",
            "pseudonym": "Salma",
            "summary": "Before the Drop-In Centre there was nowhere to rest, talk or be ourselves. "
            "Now there is a room where nobody asks us to explain.",
            "body": [
                (
                    "paragraph",
                    "<p>Before the Drop-In Centre, there was no place in town where I could simply "
                    "sit. At home I have to be careful about what I say. Outside, people stare. "
                    "Between two clients there was nowhere to drink water, rest my feet or wash "
                    "my face.</p>",
                ),
                (
                    "paragraph",
                    "<p>The centre is a plain room. There are mats, a fan, a kettle. But inside, "
                    "nobody asks me to explain myself. We talk about the client who did not pay, "
                    "about a pain that does not go away, about a daughter's wedding. Sometimes we "
                    "do not talk at all, we just sleep for an hour.</p>",
                ),
                (
                    "pull_quote",
                    {"quote": "Here I am not a problem to be solved. I am a woman among friends."},
                ),
                (
                    "paragraph",
                    "<p>Our own core team runs it, and that is why it feels like ours. When a new "
                    "woman comes for the first time, she usually sits near the door. By the third "
                    "visit she is sitting in the middle, telling jokes.</p>",
                ),
            ],
        },
        "gu": {
            "title": "જ્યાં અમે બેસી શકીએ એવી જગ્યા",
            "pseudonym": "સલમા",
            "summary": "ડ્રોપ-ઇન સેન્ટર પહેલાં આરામ કરવા, વાત કરવા કે જેવાં છીએ તેવાં રહેવા ક્યાંય "
            "જગ્યા નહોતી. હવે એક ઓરડો છે જ્યાં કોઈ ખુલાસો માગતું નથી.",
            "body": [
                (
                    "paragraph",
                    "<p>ડ્રોપ-ઇન સેન્ટર પહેલાં શહેરમાં એવી કોઈ જગ્યા નહોતી જ્યાં હું બસ બેસી શકું. "
                    "ઘરમાં શું બોલું તેનું ધ્યાન રાખવું પડે. બહાર લોકો તાકી તાકીને જુએ. બે ગ્રાહકો "
                    "વચ્ચે પાણી પીવા, પગ વાળીને આરામ કરવા કે મોં ધોવા ક્યાંય જગ્યા નહોતી.</p>",
                ),
                (
                    "paragraph",
                    "<p>સેન્ટર એક સાદો ઓરડો છે. સાદડીઓ છે, પંખો છે, ચાની કીટલી છે. પણ અંદર કોઈ મને "
                    "ખુલાસો નથી પૂછતું. અમે પૈસા ન આપનાર ગ્રાહક વિશે, ન મટતા દુખાવા વિશે, દીકરીનાં "
                    "લગ્ન વિશે વાત કરીએ છીએ. ક્યારેક બિલકુલ વાત નથી કરતાં, બસ એક કલાક ઊંઘી "
                    "જઈએ છીએ.</p>",
                ),
                (
                    "pull_quote",
                    {"quote": "અહીં હું ઉકેલવાની કોઈ સમસ્યા નથી. હું સખીઓ વચ્ચેની એક સ્ત્રી છું."},
                ),
                (
                    "paragraph",
                    "<p>અમારી પોતાની મુખ્ય ટીમ તે ચલાવે છે, એટલે જ તે અમારું લાગે છે. કોઈ નવી બહેન "
                    "પહેલી વાર આવે ત્યારે સામાન્ય રીતે બારણા પાસે "
                    "બેસે છે. ત્રીજી વાર આવે ત્યાં સુધીમાં "
                    "તે વચ્ચે બેસીને મજાક કરતી હોય છે.</p>",
                ),
            ],
        },
        "hi": {
            "title": "एक जगह जहाँ हम बैठ सकें",
            "pseudonym": "सलमा",
            "summary": "ड्रॉप-इन सेंटर से पहले आराम करने, बात करने "
            "या जैसी हैं वैसी रहने की कोई जगह "
            "नहीं थी। अब एक कमरा है जहाँ कोई सफ़ाई नहीं माँगता।",
            "body": [
                (
                    "paragraph",
                    "<p>ड्रॉप-इन सेंटर से पहले शहर में ऐसी कोई जगह "
                    "नहीं थी जहाँ मैं बस बैठ सकूँ। घर "
                    "में ध्यान रखना पड़ता है कि क्या बोलूँ। बाहर "
                    "लोग घूरते हैं। दो ग्राहकों के बीच पानी "
                    "पीने, पैर सीधे करने या मुँह धोने की कोई जगह नहीं थी।</p>",
                ),
                (
                    "paragraph",
                    "<p>सेंटर एक सादा कमरा है। दरियाँ हैं, पंखा है, "
                    "चाय की केतली है। पर अंदर कोई मुझसे "
                    "सफ़ाई नहीं माँगता। हम उस ग्राहक की बात करती "
                    "हैं जिसने पैसे नहीं दिए, उस दर्द की "
                    "जो जाता नहीं, बेटी की शादी की। कभी-कभी बिल्कुल बात नहीं करतीं, बस एक घंटा सो "
                    "जाती हैं।</p>",
                ),
                (
                    "pull_quote",
                    {"quote": "यहाँ मैं सुलझाने वाली कोई समस्या नहीं हूँ। मैं सहेलियों के बीच एक औरत हूँ।"},
                ),
                (
                    "paragraph",
                    "<p>हमारी अपनी मुख्य टीम इसे चलाती है, इसीलिए "
                    "यह हमारा लगता है। कोई नई महिला पहली "
                    "बार आती है तो अक्सर दरवाज़े के पास बैठती है। तीसरी बार तक वह बीच में बैठकर "
                    "मज़ाक कर रही होती है।</p>",
                ),
            ],
        },
    },
    {
        "slug": "i-took-the-mike",
        "member": "Demo member D-06",
        # Her consent covers the press: her pull quotes are offered to journalists.
        "press": True,
        "topics": ["work-and-dignity", "collective-and-solidarity"],
        "told_on": datetime.date(2023, 6, 12),
        "as_told_to": "programme-staff",
        "en": {
            "title": "I took the mike",
            "pseudonym": "Devu",
            "summary": "On International Sex Workers Day in Bhuj, in front of more than 150 women "
            "and government officers, I spoke in my own voice for the first time.",
            "body": [
                (
                    "paragraph",
                    "<p>On the first of June 2023 we celebrated International Sex Workers Day in "
                    "Bhuj, for the first time. More than 150 women came, and people from several "
                    "government departments sat in the front rows. The banner said: Right to work "
                    "without violence. Right to live with dignity.</p>",
                ),
                (
                    "paragraph",
                    "<p>I had agreed to speak, and for a week I could not sleep. Who would want to "
                    "listen to a woman like me? When my turn came my hands were shaking. Then I "
                    "saw the women from my block in the third row, nodding, and I started.</p>",
                ),
                (
                    "pull_quote",
                    {
                        "quote": (
                            "We do not want pity. We want to work without fear, like anyone else."
                        )
                    },
                ),
                (
                    "paragraph",
                    "<p>I talked about the pension I was refused, about the hospital, about my "
                    "son's school. Nobody laughed. An officer came afterwards and asked which "
                    "office had refused me. I have spoken again since then. Every time, "
                    "another woman comes to me afterwards and "
                    "says: next time, I will speak too.</p>",
                ),
            ],
        },
        "gu": {
            "title": "મેં માઇક હાથમાં લીધું",
            "pseudonym": "દેવુ",
            "summary": "ભુજમાં આંતરરાષ્ટ્રીય સેક્સ વર્કર દિવસે, 150 થી વધુ બહેનો અને સરકારી "
            "અધિકારીઓ સામે, હું પહેલી વાર મારા પોતાના અવાજમાં બોલી.",
            "body": [
                (
                    "paragraph",
                    "<p>1 જૂન 2023ના રોજ અમે ભુજમાં પહેલી વાર આંતરરાષ્ટ્રીય સેક્સ વર્કર દિવસ "
                    "ઊજવ્યો. 150 થી વધુ બહેનો આવી, અને અનેક સરકારી વિભાગોના પ્રતિનિધિઓ આગળની "
                    "હરોળમાં બેઠા હતા. બેનર પર લખ્યું હતું: હિંસા વગર કામ કરવાનો અધિકાર. ગૌરવથી "
                    "જીવવાનો અધિકાર.</p>",
                ),
                (
                    "paragraph",
                    "<p>મેં બોલવાની હા પાડી હતી, અને આખું અઠવાડિયું ઊંઘ ન આવી. મારા જેવી સ્ત્રીને "
                    "કોણ સાંભળશે? મારો વારો આવ્યો ત્યારે હાથ ધ્રૂજતા હતા. પછી મેં ત્રીજી હરોળમાં "
                    "મારા તાલુકાની બહેનોને માથું હલાવતી જોઈ, અને હું બોલવા લાગી.</p>",
                ),
                (
                    "pull_quote",
                    {"quote": "અમારે દયા નથી જોઈતી. અમારે બીજા બધાંની જેમ ડર વગર કામ કરવું છે."},
                ),
                (
                    "paragraph",
                    "<p>મેં નકારાયેલા પેન્શન વિશે, હોસ્પિટલ વિશે, દીકરાની શાળા વિશે વાત કરી. કોઈ "
                    "હસ્યું નહીં. પછી એક અધિકારી આવ્યા અને પૂછ્યું કે કઈ કચેરીએ ના પાડી હતી. ત્યાર "
                    "પછી હું ફરી બોલી છું. દર વખતે પછીથી કોઈ બીજી બહેન મારી પાસે આવીને કહે છે: "
                    "આવતી વખતે હું પણ બોલીશ.</p>",
                ),
            ],
        },
        "hi": {
            "title": "मैंने माइक थामा",
            "pseudonym": "देवू",
            "summary": "भुज में अंतरराष्ट्रीय सेक्स वर्कर दिवस "
            "पर, 150 से ज़्यादा महिलाओं और सरकारी "
            "अधिकारियों के सामने, मैं पहली बार अपनी आवाज़ में बोली।",
            "body": [
                (
                    "paragraph",
                    "<p>1 जून 2023 को हमने भुज में पहली "
                    "बार अंतरराष्ट्रीय सेक्स वर्कर दिवस मनाया। 150 "
                    "से ज़्यादा महिलाएँ आईं, और कई सरकारी विभागों "
                    "के प्रतिनिधि आगे की पंक्तियों में बैठे "
                    "थे। बैनर पर लिखा था: हिंसा के बिना काम करने का अधिकार। सम्मान से जीने का "
                    "अधिकार।</p>",
                ),
                (
                    "paragraph",
                    "<p>मैंने बोलने की हामी भरी थी, और पूरे हफ़्ते "
                    "नींद नहीं आई। मेरे जैसी औरत को कौन "
                    "सुनेगा? मेरी बारी आई तो हाथ काँप रहे थे। "
                    "फिर मैंने तीसरी पंक्ति में अपने ब्लॉक की "
                    "महिलाओं को सिर हिलाते देखा, और मैं बोलने लगी।</p>",
                ),
                (
                    "pull_quote",
                    {"quote": "हमें दया नहीं चाहिए। हमें बाक़ी सबकी तरह बिना डर के काम करना है।"},
                ),
                (
                    "paragraph",
                    "<p>मैंने ठुकराई गई पेंशन के बारे में, अस्पताल के "
                    "बारे में, बेटे के स्कूल के बारे में "
                    "बात की। कोई नहीं हँसा। बाद में एक अधिकारी "
                    "आए और पूछा कि किस दफ़्तर ने मना किया "
                    "था। तब से मैं फिर बोल चुकी हूँ। "
                    "हर बार बाद में कोई और महिला मेरे पास आकर "
                    "कहती है: अगली बार मैं भी बोलूँगी।</p>",
                ),
            ],
        },
    },
]


# --- Building them ------------------------------------------------------------------------------


def _story_body(content: dict[str, Any], language: str) -> list[dict[str, Any]]:
    blocks = [{"type": "paragraph", "value": FICTION_LABEL[language]}]
    blocks += [{"type": block_type, "value": value} for block_type, value in content["body"]]
    blocks.append({"type": "paragraph", "value": DEMO_NOTE[language]})
    return blocks


def _quotable_excerpts(spec: dict[str, Any], content: dict[str, Any]) -> list[dict[str, Any]]:
    """The story's own pull quotes, offered to journalists when her consent covers the press."""
    if not spec.get("press"):
        return []
    return [
        {"type": "excerpt", "value": value["quote"]}
        for block_type, value in content["body"]
        if block_type == "pull_quote"
    ]


def _apply_story(page, spec: dict[str, Any], language: str) -> None:
    content = spec[language]
    page.title = content["title"]
    page.pseudonym = content["pseudonym"]
    page.summary = SUMMARY_PREFIX[language] + content["summary"]
    page.body = _story_body(content, language)
    page.press_use = bool(spec.get("press"))
    page.quotable_excerpts = _quotable_excerpts(spec, content)


def _published_at(spec: dict[str, Any]) -> datetime.datetime:
    """A publication time a few days after the story was told, so the demo has an order."""
    day = spec["told_on"] + datetime.timedelta(days=10)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _consent_for(spec: dict[str, Any], locales: dict[str, Locale]):
    given_on = timezone.localdate()
    record = ConsentRecord.objects.create(
        storyteller=spec["member"],
        given_on=given_on,
        method=ConsentRecord.Method.VERBAL,
        covers_text=True,
        covers_photo=False,
        covers_voice=False,
        covers_press=bool(spec.get("press")),
        verified_by=None,
    )
    record.languages.set(locales.values())
    return record


def build_demo_stories(home: Page, locales: dict[str, Locale]) -> int:
    """Create the story indexes and demo stories that are missing; return how many pages."""
    index, created = ensure_demo_index(home, locales, StoryIndexPage, STORY_INDEX)

    topics = {topic.slug: topic for topic in Topic.objects.all()}
    for spec in STORIES:
        story = index.get_children().filter(slug=spec["slug"]).specific().first()
        if story is None:
            story = StoryPage(
                slug=spec["slug"],
                live=False,  # published below, once the consent is linked
                consent=_consent_for(spec, locales),
                told_on=spec["told_on"],
                as_told_to=spec["as_told_to"],
            )
            _apply_story(story, spec, SOURCE_LANGUAGE)
            story.topics = [topics[slug] for slug in spec["topics"]]
            index.add_child(instance=story)
            publish_demo_page(story, _published_at(spec))
            created += 1
        for code, locale in locales.items():
            if code == SOURCE_LANGUAGE or story.get_translation_or_none(locale) is not None:
                continue
            translation = story.copy_for_translation(locale)
            _apply_story(translation, spec, code)
            translation.topics = [topics[slug] for slug in spec["topics"]]
            publish_demo_page(translation, _published_at(spec))
            created += 1
    return created
