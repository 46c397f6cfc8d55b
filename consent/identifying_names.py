"""Full names: a first name followed by a surname common in Kutch and Gujarat.

A pseudonym alone ("Meena", "Radhaben") is how our stories name people and is never reported;
"Meenaben Parmar" or "રેખા સોલંકી" may be a real name, so it is reported as a warning a leader
can allow. Surnames come from a curated list (Latin, Gujarati and Devanagari script); the word
before must look like a first name (capitalised in Latin script, not a title or a common word).
"""

from __future__ import annotations

import re

from .identifying_text import INDIC_LETTERS, NAME, Detector, Verdict

_LATIN_SURNAMES = (
    *("Parmar", "Solanki", "Chauhan", "Makwana", "Vaghela", "Waghela", "Rathod", "Rathore"),
    *("Jadeja", "Patel", "Shah", "Desai", "Joshi", "Thakkar", "Thakor", "Thakore", "Sodha"),
    *("Ahir", "Rabari", "Bharwad", "Chavda", "Chavada", "Gohil", "Zala", "Jhala", "Jethwa"),
    *("Mehta", "Bhatt", "Trivedi", "Pandya", "Raval", "Rawal", "Dave", "Vyas", "Khatri"),
    *("Memon", "Sumra", "Samma", "Mutwa", "Halepotra", "Kumbhar", "Luhar", "Gadhvi", "Gadhavi"),
    *("Dabhi", "Vankar", "Maheshwari", "Darji", "Rajgor", "Bhanushali", "Chaudhary", "Chaudhari"),
    *("Vasava", "Mistry", "Prajapati", "Barot", "Panchal", "Gajjar", "Sathwara", "Dafda"),
    *("Rana", "Parekh", "Kapadia", "Sheikh", "Shaikh", "Pathan", "Saiyed", "Sayyed", "Qureshi"),
    *("Kureshi", "Mansuri", "Ghanchi", "Hingora", "Juneja", "Bhati", "Vaghri", "Devipujak"),
)
_GUJARATI_SURNAMES = (
    *("પરમાર", "સોલંકી", "ચૌહાણ", "મકવાણા", "વાઘેલા", "રાઠોડ", "જાડેજા", "પટેલ", "શાહ"),
    *("દેસાઈ", "જોશી", "ઠક્કર", "ઠાકોર", "સોઢા", "આહીર", "રબારી", "ભરવાડ", "ચાવડા", "ગોહિલ"),
    *("ઝાલા", "જેઠવા", "મહેતા", "ભટ્ટ", "ત્રિવેદી", "પંડ્યા", "રાવલ", "દવે", "વ્યાસ", "ખત્રી"),
    *("મેમણ", "સુમરા", "મુતવા", "કુંભાર", "લુહાર", "ગઢવી", "ડાભી", "વણકર", "દરજી", "ભાનુશાલી"),
    *("ચૌધરી", "વસાવા", "મિસ્ત્રી", "પ્રજાપતિ", "બારોટ", "પંચાલ", "ગજ્જર", "રાણા", "પારેખ"),
    *("શેખ", "પઠાણ", "સૈયદ", "કુરેશી", "મન્સુરી", "ઘાંચી", "જુણેજા", "ભાટી", "હાલેપોત્રા"),
)
_DEVANAGARI_SURNAMES = (
    *("परमार", "सोलंकी", "चौहान", "मकवाना", "वाघेला", "राठौड़", "राठोड़", "राठोड", "जडेजा"),
    *("जाडेजा", "पटेल", "शाह", "देसाई", "जोशी", "ठक्कर", "ठाकोर", "सोढा", "अहीर", "रबारी"),
    *("भरवाड", "चावड़ा", "गोहिल", "झाला", "जेठवा", "मेहता", "भट्ट", "त्रिवेदी", "पंड्या"),
    *("रावल", "दवे", "व्यास", "खत्री", "मेमन", "सुमरा", "कुम्हार", "लुहार", "गढ़वी", "डाभी"),
    *("वणकर", "दर्जी", "भानुशाली", "चौधरी", "वसावा", "मिस्त्री", "प्रजापति", "बारोट", "पंचाल"),
    *("राणा", "पारेख", "शेख", "पठान", "सैयद", "कुरैशी", "मंसूरी"),
)

# Words that can stand before a surname without being a first name: titles, function words,
# and the names of communities and places ("the Rabari community", "Kutchi Memon").
_NOT_FIRST_NAMES = {
    *("the", "a", "an", "in", "on", "at", "by", "for", "from", "with", "among", "and", "or"),
    *("but", "of", "to", "our", "her", "his", "their", "my", "many", "some", "all", "most"),
    *("few", "several", "other", "young", "old", "dear", "madam", "sir", "mr", "mrs", "ms"),
    *("miss", "dr", "shri", "shree", "smt", "sri", "sardar", "mahatma", "saint", "sant"),
    *("justice", "minister", "collector", "kutchi", "kachchhi", "gujarati", "hindu", "muslim"),
    *("dalit", "adivasi", "sindhi", "marwari", "that", "this", "these", "those", "when", "if"),
    *("ask", "call", "meet", "tell", "like", "as", "is", "was", "are", "were", "no", "not"),
}
_INDIC_NOT_FIRST_NAMES = {
    *("શ્રી", "શ્રીમતી", "શ્રીમાન", "સરદાર", "ડૉ", "ડો", "અને", "કે", "પણ", "તે", "એ", "આ"),
    *("જે", "ના", "ની", "નો", "નું", "ને", "માં", "થી", "સાથે", "માટે", "બધા", "કચ્છી"),
    *("श्री", "श्रीमती", "सरदार", "डॉ", "और", "या", "के", "की", "का", "को", "से", "में"),
    *("ने", "पर", "भी", "यह", "वह", "सभी", "कुछ", "कच्छी"),
}
# Case endings written onto a Gujarati surname ("પરમારને", "પટેલની").
_GUJARATI_ENDINGS = r"(?:ને|નો|ની|નું|ના|એ|થી|માં)?"


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_LATIN_RE = re.compile(
    rf"(?<![\w.])(?P<first>[A-Z][a-z]{{1,20}}+)[ \t\u00a0]{{1,3}}"
    rf"(?:{_alternatives(_LATIN_SURNAMES)})(?![\w])"
)
_INDIC_RE = re.compile(
    rf"(?<!{INDIC_LETTERS})(?P<first>{INDIC_LETTERS}{{2,20}}+)\.?[ \t\u00a0]{{1,3}}"
    rf"(?:{_alternatives(_GUJARATI_SURNAMES)}){_GUJARATI_ENDINGS}(?!{INDIC_LETTERS})"
    rf"|(?<!{INDIC_LETTERS})(?P<first2>{INDIC_LETTERS}{{2,20}}+)\.?[ \t\u00a0]{{1,3}}"
    rf"(?:{_alternatives(_DEVANAGARI_SURNAMES)})(?!{INDIC_LETTERS})"
)


def _accept_latin(match: re.Match[str]) -> Verdict:
    return None if match["first"].lower() in _NOT_FIRST_NAMES else (NAME, 5)


def _accept_indic(match: re.Match[str]) -> Verdict:
    first = match["first"] or match["first2"]
    return None if first in _INDIC_NOT_FIRST_NAMES else (NAME, 5)


DETECTORS: tuple[Detector, ...] = ((_LATIN_RE, _accept_latin), (_INDIC_RE, _accept_indic))
