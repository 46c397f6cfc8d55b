"""Demo content for the home and standard pages, in English, Gujarati and Hindi.

Facts come from KMVS's public description of the Samvedna programme. Everything else is example
text for the demonstration site, labelled as such on every page; no real person is named.
"""

DEMO_NOTE = {
    "en": "<p><em>Example text for the demonstration site, to be replaced by Samvedna and "
    "KMVS before real use.</em></p>",
    "gu": "<p><em>આ ડેમો સાઇટ માટેનું ઉદાહરણ લખાણ છે. સાચા ઉપયોગ પહેલાં સંવેદના અને KMVS તેને બદલશે.</em></p>",
    "hi": "<p><em>यह डेमो साइट के लिए उदाहरण पाठ है। असली उपयोग से पहले संवेदना और KMVS इसे बदलेंगे।</em></p>",
}

HOME = {
    "en": {
        "title": "We are Samvedna",
        "intro": (
            "We are more than 500 women who do sex work in five blocks of Kutch. Together we are "
            "Samvedna, a collective of, for and by sex workers. We stand for our right to work "
            "without violence, to live with dignity, and to give our children a more secure future."
        ),
        "body": [
            ("heading", "What we do together"),
            (
                "paragraph",
                "<ul><li>We meet in our Drop-In Centres in Bhuj and Gandhidham, safe places to "
                "talk, rest and support each other.</li>"
                "<li>We help each other get a ration card, an Aadhaar card and a voter ID card "
                "with matching details.</li>"
                "<li>We go together for health check-ups, HIV testing and treatment.</li>"
                "<li>We claim widow and old-age pensions, livelihood schemes and loan subsidies."
                "</li><li>We get our children into school and keep them there.</li></ul>",
            ),
            (
                "quote",
                {
                    "quote": "If sex work bothers you and manual labour does not, your idea of "
                    "work is clouded by what you think is right or wrong about sex.",
                    "attribution": "From “Sex workers speak”, KMVS",
                },
            ),
        ],
    },
    "gu": {
        "title": "અમે સંવેદના છીએ",
        "intro": (
            "અમે કચ્છના પાંચ તાલુકાની 500 થી વધુ મહિલાઓ છીએ જે સેક્સ વર્ક કરે છે. સાથે મળીને "
            "અમે સંવેદના છીએ – સેક્સ વર્કરોનું, સેક્સ વર્કરો માટેનું અને સેક્સ વર્કરો દ્વારા ચાલતું "
            "સંગઠન. અમે હિંસા વગર કામ કરવાના, ગૌરવથી જીવવાના અને અમારાં બાળકો માટે વધુ "
            "સુરક્ષિત ભવિષ્યના અધિકાર માટે ઊભાં છીએ."
        ),
        "body": [
            ("heading", "અમે સાથે મળીને શું કરીએ છીએ"),
            (
                "paragraph",
                "<ul><li>અમે ભુજ અને ગાંધીધામના ડ્રોપ-ઇન સેન્ટરમાં મળીએ છીએ – વાત કરવા, આરામ "
                "કરવા અને એકબીજાને સાથ આપવા માટેની સલામત જગ્યાઓ.</li>"
                "<li>અમે એકબીજાને એકસરખી વિગતોવાળાં રેશન કાર્ડ, આધાર કાર્ડ અને મતદાર ઓળખપત્ર "
                "મેળવવામાં મદદ કરીએ છીએ.</li>"
                "<li>અમે સાથે મળીને આરોગ્ય તપાસ, HIV તપાસ અને સારવાર માટે જઈએ છીએ.</li>"
                "<li>અમે વિધવા અને વૃદ્ધાવસ્થા પેન્શન, આજીવિકા યોજનાઓ અને લોન સહાય મેળવીએ છીએ."
                "</li><li>અમે અમારાં બાળકોને શાળામાં દાખલ કરાવીએ છીએ અને ભણતાં રાખીએ છીએ.</li></ul>",
            ),
            (
                "quote",
                {
                    "quote": "જો તમને મજૂરી સામે વાંધો નથી પણ સેક્સ વર્ક સામે વાંધો છે, તો કામ વિશેની "
                    "તમારી સમજ પર સેક્સ વિશેના તમારા સારા-ખરાબના ખ્યાલનો પડદો પડેલો છે.",
                    "attribution": "KMVSના “સેક્સ વર્કરો બોલે છે” માંથી",
                },
            ),
        ],
    },
    "hi": {
        "title": "हम संवेदना हैं",
        "intro": (
            "हम कच्छ के पाँच ब्लॉकों की 500 से ज़्यादा महिलाएँ हैं जो सेक्स वर्क करती हैं। साथ मिलकर "
            "हम संवेदना हैं – सेक्स वर्करों का, सेक्स वर्करों के लिए और सेक्स वर्करों द्वारा चलाया "
            "जाने वाला संगठन। हम बिना हिंसा के काम करने, सम्मान से जीने और अपने बच्चों के लिए "
            "ज़्यादा सुरक्षित भविष्य के अधिकार के लिए खड़ी हैं।"
        ),
        "body": [
            ("heading", "हम मिलकर क्या करती हैं"),
            (
                "paragraph",
                "<ul><li>हम भुज और गांधीधाम के ड्रॉप-इन सेंटर में मिलती हैं – बात करने, आराम "
                "करने और एक-दूसरे का साथ देने की सुरक्षित जगहें।</li>"
                "<li>हम एक-दूसरे को मेल खाते विवरण वाले राशन कार्ड, आधार कार्ड और मतदाता पहचान "
                "पत्र बनवाने में मदद करती हैं।</li>"
                "<li>हम साथ मिलकर स्वास्थ्य जाँच, HIV जाँच और इलाज के लिए जाती हैं।</li>"
                "<li>हम विधवा और वृद्धावस्था पेंशन, आजीविका योजनाएँ और ऋण सब्सिडी हासिल करती हैं।"
                "</li><li>हम अपने बच्चों का स्कूल में दाखिला करवाती हैं और उनकी पढ़ाई जारी रखती हैं।"
                "</li></ul>",
            ),
            (
                "quote",
                {
                    "quote": "अगर आपको मज़दूरी से दिक़्क़त नहीं पर सेक्स वर्क से है, तो काम के बारे "
                    "में आपकी सोच पर सेक्स को लेकर आपकी अच्छे-बुरे वाली सोच का पर्दा पड़ा है।",
                    "attribution": "KMVS के “सेक्स वर्कर बोलती हैं” से",
                },
            ),
        ],
    },
}

STANDARD_PAGES = [
    {
        "slug": "about",
        "en": {
            "title": "About Samvedna and KMVS",
            "intro": "Samvedna is our collective. KMVS is the organisation that walks with us.",
            "body": [
                ("heading", "Samvedna"),
                (
                    "paragraph",
                    "<p>More than 500 female sex workers from five blocks of Kutch have come "
                    "together in Samvedna, a collective of, for and by sex workers. A core group "
                    "of nine or ten leaders guides it. Samvedna is a member of the National "
                    "Network of Sex Workers, and its leaders learn from trainings across India."
                    "</p>",
                ),
                ("heading", "KMVS"),
                (
                    "paragraph",
                    "<p>KMVS has worked with female sex workers in Kutch since 2016. It provides "
                    "resources, management support, facilitation and support, and runs "
                    "regular trainings at district and block level on leadership, legal rights, "
                    "gender and the realities of sex work.</p>",
                ),
                ("heading", "Our Drop-In Centres"),
                (
                    "paragraph",
                    "<p>Samvedna's core team runs two Drop-In Centres, in Bhuj and Gandhidham. "
                    "They are safe community spaces where women meet in privacy, talk about "
                    "health and exploitation, seek support, or simply rest and enjoy each "
                    "other's company. A third centre and counselling are planned.</p>"
                    "<p>We do not publish the centres' addresses. Members know the way; anyone "
                    "else can reach us through KMVS.</p>",
                ),
            ],
        },
        "gu": {
            "title": "સંવેદના અને KMVS વિશે",
            "intro": "સંવેદના અમારું સંગઠન છે. KMVS એ સંસ્થા છે જે અમને સાથ આપે છે.",
            "body": [
                ("heading", "સંવેદના"),
                (
                    "paragraph",
                    "<p>કચ્છના પાંચ તાલુકાની 500 થી વધુ મહિલા સેક્સ વર્કરો સંવેદનામાં જોડાઈ છે – "
                    "સેક્સ વર્કરોનું, સેક્સ વર્કરો માટેનું અને સેક્સ વર્કરો દ્વારા ચાલતું સંગઠન. "
                    "નવ-દસ આગેવાન બહેનોનું મુખ્ય જૂથ તેને દિશા આપે છે. સંવેદના નેશનલ નેટવર્ક "
                    "ઓફ સેક્સ વર્કર્સની સભ્ય છે, અને તેની આગેવાનો દેશભરની તાલીમોમાંથી શીખે છે."
                    "</p>",
                ),
                ("heading", "KMVS"),
                (
                    "paragraph",
                    "<p>KMVS 2016 થી કચ્છની મહિલા સેક્સ વર્કરો સાથે કામ કરે છે. તે સંસાધનો, "
                    "વ્યવસ્થાપનમાં સહયોગ અને માર્ગદર્શન આપે છે, અને જિલ્લા તથા તાલુકા સ્તરે "
                    "આગેવાની, કાનૂની અધિકારો, સ્ત્રી-પુરુષ સમાનતા અને સેક્સ વર્કની વાસ્તવિકતાઓ પર "
                    "નિયમિત તાલીમો યોજે છે.</p>",
                ),
                ("heading", "અમારાં ડ્રોપ-ઇન સેન્ટર"),
                (
                    "paragraph",
                    "<p>સંવેદનાની મુખ્ય ટીમ ભુજ અને ગાંધીધામમાં બે ડ્રોપ-ઇન સેન્ટર ચલાવે છે. "
                    "આ સલામત જગ્યાઓ છે જ્યાં બહેનો ખાનગીમાં મળે છે, આરોગ્ય અને શોષણ વિશે વાત કરે "
                    "છે, મદદ મેળવે છે અથવા ફક્ત આરામ કરે છે અને એકબીજાની સંગતનો આનંદ લે છે. "
                    "ત્રીજું સેન્ટર અને કાઉન્સેલિંગ શરૂ કરવાનું આયોજન છે.</p>"
                    "<p>અમે સેન્ટરોનાં સરનામાં પ્રકાશિત કરતાં નથી. સભ્યોને રસ્તો ખબર છે; બીજા "
                    "કોઈ પણ KMVS દ્વારા અમારો સંપર્ક કરી શકે છે.</p>",
                ),
            ],
        },
        "hi": {
            "title": "संवेदना और KMVS के बारे में",
            "intro": "संवेदना हमारा संगठन है। KMVS वह संस्था है जो हमारा साथ देती है।",
            "body": [
                ("heading", "संवेदना"),
                (
                    "paragraph",
                    "<p>कच्छ के पाँच ब्लॉकों की 500 से ज़्यादा महिला सेक्स वर्कर संवेदना में एक "
                    "साथ आई हैं – सेक्स वर्करों का, सेक्स वर्करों के लिए और सेक्स वर्करों द्वारा "
                    "चलाया जाने वाला संगठन। नौ-दस लीडरों का मुख्य दल इसे दिशा देता है। संवेदना "
                    "नेशनल नेटवर्क ऑफ़ सेक्स वर्कर्स की सदस्य है, और इसकी लीडर देश भर के "
                    "प्रशिक्षणों से सीखती हैं।</p>",
                ),
                ("heading", "KMVS"),
                (
                    "paragraph",
                    "<p>KMVS 2016 से कच्छ की महिला सेक्स वर्करों के साथ काम कर रहा है। यह "
                    "संसाधन, प्रबंधन में सहयोग और मार्गदर्शन देता है, और ज़िला व ब्लॉक स्तर पर "
                    "नेतृत्व, कानूनी अधिकारों, जेंडर और सेक्स वर्क की सच्चाइयों पर नियमित "
                    "प्रशिक्षण करता है।</p>",
                ),
                ("heading", "हमारे ड्रॉप-इन सेंटर"),
                (
                    "paragraph",
                    "<p>संवेदना की मुख्य टीम भुज और गांधीधाम में दो ड्रॉप-इन सेंटर चलाती है। ये "
                    "सुरक्षित जगहें हैं जहाँ महिलाएँ निजी तौर पर मिलती हैं, स्वास्थ्य और शोषण के बारे "
                    "में बात करती हैं, मदद लेती हैं या बस आराम करती हैं और एक-दूसरे के साथ का "
                    "आनंद लेती हैं। तीसरा सेंटर और परामर्श शुरू करने की योजना है।</p>"
                    "<p>हम सेंटरों के पते प्रकाशित नहीं करते। सदस्यों को रास्ता पता है; कोई और "
                    "KMVS के ज़रिए हमसे संपर्क कर सकता है।</p>",
                ),
            ],
        },
    },
    {
        "slug": "online-safety",
        # Every sentence here about what the site does is tested: tests/demo/test_online_safety.py
        # lists them with the test that proves each. Change both together.
        "en": {
            "title": "Staying safe online",
            "intro": (
                "Reading this site should never put you in danger. This is how to leave as few "
                "traces as possible on your phone."
            ),
            "body": [
                ("heading", "Quick exit"),
                (
                    "paragraph",
                    "<p>Every page has a <strong>Quick exit</strong> button at the top. Tap it, or "
                    "press the Esc key three times on a keyboard, and this site is replaced at "
                    "once by a neutral page, such as the weather.</p>"
                    "<p>Back will not open any page of this site again: the site keeps only one "
                    "entry in the Back list for the whole visit, and quick exit replaces it. Back "
                    "shows the page you were on before this site, for example your search.</p>"
                    "<p>This needs JavaScript, which is on in your browser unless someone turned "
                    "it off. Without JavaScript, the button still opens a neutral page, but Back "
                    "brings this site back and Esc does nothing. The site then says so at the top "
                    "of every page.</p>"
                    "<p>If you did not use a private tab, the pages you read stay in your phone’s "
                    "History: delete them as shown below.</p>",
                ),
                ("heading", "Browse privately"),
                (
                    "paragraph",
                    "<ul><li>Use a private tab: in Chrome, the ⋮ menu, then “New Incognito tab”. "
                    "The pages you read in it are not kept in History and do not go to a Google "
                    "account. Close the private tab when you finish: until you close it, anyone "
                    "who picks up the phone can open it.</li>"
                    "<li>If you did not use a private tab, delete only this site’s pages from "
                    "History, not everything: a phone with all its history wiped can itself make "
                    "someone who checks it suspicious. In Chrome: the ⋮ menu, then “History”, then "
                    "press and hold this site’s entry and choose “Remove”. Delete your search for "
                    "this site the same way.</li>"
                    "<li>To delete more at once: the ⋮ menu, then “Settings”, then “Privacy and "
                    "security”, then “Delete browsing data”.</li>"
                    "<li>A guide you download (a PDF) stays on the phone, in Downloads or in "
                    "WhatsApp, even if you downloaded it in a private tab. Delete it after "
                    "reading, or read the guide on its page instead.</li>"
                    "<li>If Chrome on this phone is signed in to a Google account that someone "
                    "else also uses, the pages you read can show up in History on their phone or "
                    "computer too. A private tab avoids this.</li>"
                    "<li>The phone’s keyboard may remember words you type, even in a private tab."
                    "</li>"
                    "<li>Do not save this site as a bookmark on a phone that others use.</li>"
                    "<li>Lock your phone with a PIN that only you know.</li></ul>",
                ),
                ("heading", "What this site does for you"),
                (
                    "paragraph",
                    "<p>This site sets no cookies, loads nothing from other websites and uses no "
                    "tracking or analytics.</p>",
                ),
            ],
        },
        "gu": {
            "title": "ઓનલાઇન સલામત રહો",
            "intro": (
                "આ સાઇટ વાંચવાથી તમને ક્યારેય જોખમ ન થવું જોઈએ. તમારા ફોન પર ઓછામાં ઓછાં નિશાન "
                "રહે તે માટે આ રીતે કરો."
            ),
            "body": [
                ("heading", "તરત બહાર નીકળો"),
                (
                    "paragraph",
                    "<p>દરેક પાનાની ઉપર <strong>તરત બહાર નીકળો</strong> બટન છે. તેને દબાવો, અથવા "
                    "કીબોર્ડ પર Esc કી ત્રણ વાર દબાવો, એટલે આ સાઇટની જગ્યાએ તરત બીજું સાદું પાનું "
                    "ખૂલી જશે, જેમ કે હવામાનનું પાનું.</p>"
                    "<p>પાછળ (Back) દબાવવાથી આ સાઇટનું કોઈ પાનું ફરી નહીં ખૂલે: આખી મુલાકાતમાં આ "
                    "સાઇટ Back ની યાદીમાં એક જ જગ્યા રાખે છે, અને તરત બહાર નીકળો એ જગ્યા બદલી "
                    "નાખે છે. Back દબાવવાથી આ સાઇટ પહેલાં તમે જે પાનું જોતાં હતાં તે ખૂલશે, જેમ કે "
                    "તમારી શોધ (search).</p>"
                    "<p>આ માટે બ્રાઉઝરમાં JavaScript ચાલુ હોવી જોઈએ; કોઈએ બંધ ન કરી હોય તો તે ચાલુ "
                    "જ હોય છે. JavaScript વગર બટન બીજું સાદું પાનું તો ખોલે છે, પણ Back દબાવવાથી "
                    "આ સાઇટ પાછી દેખાય છે અને Esc દબાવવાથી કંઈ થતું નથી. ત્યારે સાઇટ દરેક પાનાની "
                    "ઉપર આ વાત લખીને બતાવે છે.</p>"
                    "<p>તમે ખાનગી ટૅબ ન વાપરી હોય, તો તમે વાંચેલાં પાનાં ફોનની હિસ્ટરી (History) "
                    "માં રહે છે: નીચે બતાવ્યું છે તેમ કાઢી નાખો.</p>",
                ),
                ("heading", "ખાનગી રીતે બ્રાઉઝ કરો"),
                (
                    "paragraph",
                    "<ul><li>ખાનગી (છૂપી) ટૅબ વાપરો: Chrome માં ⋮ મેનૂ, પછી “નવી છૂપી ટૅબ” "
                    "(New Incognito tab). તેમાં વાંચેલાં પાનાં હિસ્ટરીમાં રહેતાં નથી અને Google "
                    "એકાઉન્ટમાં જતાં નથી. કામ પૂરું થાય એટલે ખાનગી ટૅબ બંધ કરો: બંધ ન કરો ત્યાં "
                    "સુધી ફોન હાથમાં લેનાર કોઈ પણ તે ખોલી શકે.</li>"
                    "<li>જો ખાનગી ટૅબ ન વાપરી હોય, તો હિસ્ટરીમાંથી ફક્ત આ સાઇટનાં પાનાં કાઢો, બધું "
                    "નહીં: આખી હિસ્ટરી ખાલી જોઈને ફોન તપાસનારને જ શંકા થઈ શકે. Chrome માં: ⋮ મેનૂ, "
                    "પછી ઇતિહાસ (History), પછી આ સાઇટની લાઇન પર આંગળી દબાવી રાખો અને કાઢો "
                    "(Remove) દબાવો. આ સાઇટ માટે કરેલી શોધ પણ એ જ રીતે કાઢો.</li>"
                    "<li>એકસાથે વધુ કાઢવું હોય તો: ⋮ મેનૂ, પછી સેટિંગ્સ (Settings), પછી ગોપનીયતા "
                    "અને સુરક્ષા (Privacy and security), પછી બ્રાઉઝિંગ ડેટા કાઢો (Delete browsing "
                    "data).</li>"
                    "<li>તમે ડાઉનલોડ કરેલી જાણકારી (PDF) ફોનમાં રહી જાય છે, Downloads માં કે "
                    "WhatsApp માં, ખાનગી ટૅબમાંથી ડાઉનલોડ કરી હોય તો પણ. વાંચ્યા પછી તેને કાઢી "
                    "નાખો, અથવા જાણકારી તેના પાના પર જ વાંચો.</li>"
                    "<li>જો આ ફોનનું Chrome એવા Google એકાઉન્ટથી ચાલતું હોય જે બીજું કોઈ પણ વાપરે "
                    "છે, તો તમે વાંચેલાં પાનાં તેમના ફોન કે કમ્પ્યુટરની હિસ્ટરીમાં પણ દેખાઈ શકે. "
                    "ખાનગી ટૅબમાં આવું થતું નથી.</li>"
                    "<li>ફોનનું કીબોર્ડ તમે લખેલા શબ્દો યાદ રાખી શકે છે, ખાનગી ટૅબમાં પણ.</li>"
                    "<li>બીજા લોકો વાપરતા હોય તેવા ફોનમાં આ સાઇટને બુકમાર્ક તરીકે સાચવશો નહીં.</li>"
                    "<li>ફક્ત તમે જ જાણતા હો તેવા PIN થી ફોન લૉક રાખો.</li></ul>",
                ),
                ("heading", "આ સાઇટ તમારા માટે શું કરે છે"),
                (
                    "paragraph",
                    "<p>આ સાઇટ કોઈ કૂકી રાખતી નથી, બીજી વેબસાઇટ પરથી કશું લોડ કરતી નથી અને કોઈ "
                    "ટ્રેકિંગ કે એનાલિટિક્સ વાપરતી નથી.</p>",
                ),
            ],
        },
        "hi": {
            "title": "ऑनलाइन सुरक्षित रहें",
            "intro": (
                "इस साइट को पढ़ने से आपको कभी ख़तरा नहीं होना चाहिए। अपने फ़ोन पर कम से कम निशान "
                "छोड़ने के लिए ऐसा करें।"
            ),
            "body": [
                ("heading", "तुरंत बाहर निकलें"),
                (
                    "paragraph",
                    "<p>हर पेज के ऊपर <strong>तुरंत बाहर निकलें</strong> बटन है। उसे दबाएँ, या "
                    "कीबोर्ड पर Esc कुंजी तीन बार दबाएँ, तो यह साइट तुरंत किसी दूसरे सादे पेज से बदल "
                    "जाएगी, जैसे मौसम का पेज।</p>"
                    "<p>पीछे (Back) दबाने पर इस साइट का कोई पेज दोबारा नहीं खुलेगा: पूरी विज़िट में "
                    "यह साइट Back की सूची में सिर्फ़ एक जगह रखती है, और तुरंत बाहर निकलें उसी जगह "
                    "को बदल देता है। Back दबाने पर वह पेज खुलेगा जो आप इस साइट से पहले देख रही थीं, "
                    "जैसे आपकी खोज (search)।</p>"
                    "<p>इसके लिए ब्राउज़र में JavaScript चालू होना चाहिए; जब तक किसी ने बंद न किया "
                    "हो, वह चालू ही रहता है। JavaScript के बिना बटन दूसरा सादा पेज तो खोलता है, पर "
                    "Back दबाने पर यह साइट फिर दिखती है और Esc दबाने से कुछ नहीं होता। तब साइट हर "
                    "पेज के ऊपर यह बात लिखकर बताती है।</p>"
                    "<p>अगर आपने निजी टैब इस्तेमाल नहीं किया, तो आपके पढ़े पेज फ़ोन की हिस्ट्री "
                    "(History) में रहते हैं: उन्हें नीचे बताए तरीक़े से हटा दें।</p>",
                ),
                ("heading", "निजी तरीके से ब्राउज़ करें"),
                (
                    "paragraph",
                    "<ul><li>निजी (गुप्त) टैब इस्तेमाल करें: Chrome में ⋮ मेनू, फिर “नया गुप्त "
                    "टैब” (New Incognito tab)। उसमें पढ़े पेज हिस्ट्री में नहीं रहते और Google "
                    "खाते में नहीं जाते। काम ख़त्म होते ही निजी टैब बंद करें: जब तक आप उसे बंद नहीं "
                    "करतीं, फ़ोन उठाने वाला कोई भी उसे खोल सकता है।</li>"
                    "<li>अगर आपने निजी टैब इस्तेमाल नहीं किया, तो हिस्ट्री से सिर्फ़ इस साइट के पेज "
                    "हटाएँ, सब कुछ नहीं: पूरी हिस्ट्री खाली देखकर फ़ोन जाँचने वाले को ही शक हो सकता "
                    "है। Chrome में: ⋮ मेनू, फिर हिस्ट्री (History), फिर इस साइट वाली लाइन पर "
                    "उँगली दबाकर रखें और हटाएँ (Remove) चुनें। इस साइट के लिए की गई खोज भी ऐसे ही "
                    "हटाएँ।</li>"
                    "<li>एक साथ ज़्यादा हटाना हो तो: ⋮ मेनू, फिर सेटिंग्स (Settings), फिर निजता और "
                    "सुरक्षा (Privacy and security), फिर ब्राउज़िंग डेटा मिटाएँ (Delete browsing "
                    "data)।</li>"
                    "<li>आप जो जानकारी (PDF) डाउनलोड करती हैं, वह फ़ोन में रह जाती है, "
                    "Downloads में या WhatsApp में, चाहे आपने उसे निजी टैब से डाउनलोड किया हो। "
                    "पढ़ने के बाद उसे मिटा दें, या जानकारी उसके पेज पर ही पढ़ें।</li>"
                    "<li>अगर इस फ़ोन का Chrome ऐसे Google खाते से चलता है जिसे कोई और भी इस्तेमाल "
                    "करता है, तो आपके पढ़े पेज उनके फ़ोन या कंप्यूटर की हिस्ट्री में भी दिख सकते हैं। "
                    "निजी टैब में ऐसा नहीं होता।</li>"
                    "<li>फ़ोन का कीबोर्ड आपके लिखे शब्द याद रख सकता है, निजी टैब में भी।</li>"
                    "<li>जिस फ़ोन को दूसरे लोग भी इस्तेमाल करते हैं, उसमें इस साइट को बुकमार्क न "
                    "करें।</li><li>अपना फ़ोन ऐसे PIN से लॉक रखें जो सिर्फ़ आप जानती हों।</li></ul>",
                ),
                ("heading", "यह साइट आपके लिए क्या करती है"),
                (
                    "paragraph",
                    "<p>यह साइट कोई कुकी नहीं रखती, दूसरी वेबसाइटों से कुछ लोड नहीं करती और कोई "
                    "ट्रैकिंग या एनालिटिक्स इस्तेमाल नहीं करती।</p>",
                ),
            ],
        },
    },
]

DEMO_SETTINGS = {
    "contact_email": "contact@samvedna.example.org",
    "press_email": "press@samvedna.example.org",
}
