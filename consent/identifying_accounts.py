"""Ways to reach a person online: e-mail, UPI payment IDs, social media and chat links.

E-mail addresses in any script, spelled out ("radha at gmail dot com") or spaced ("meena @ gmail
. com"); UPI IDs (``name@okaxis``: the suffix must be a known NPCI payment handle); profile
links of Instagram, Facebook, X/Twitter and Telegram, ``@handles`` written next to the name of
the network; WhatsApp chat links (``wa.me/<number>``, ``api.whatsapp.com/send?phone=``).
"""

from __future__ import annotations

import re

from .identifying_text import CHAT_LINK, EMAIL, SOCIAL, UPI, Detector, Verdict

# E-mail: unicode local parts and domains (letters plus Indic vowel signs, which are not \w).
_MAIL_CH = r"[\w\u0900-\u0963\u0966-\u0dff]"
_LOCAL_CH = r"[\w.+%'\-\u0900-\u0963\u0966-\u0dff]"
_EMAIL_RE = re.compile(
    rf"(?<![\w.+\-\u0900-\u0963\u0966-\u0dff])"
    rf"{_MAIL_CH}{_LOCAL_CH}{{0,63}}+@"
    rf"(?:[\w\-\u0900-\u0963\u0966-\u0dff]{{1,63}}+\.){{1,8}}"
    rf"(?P<tld>{_MAIL_CH}{{2,63}}+)"
    rf"(?![\w\-\u0900-\u0963\u0966-\u0dff])"
)
# Spelled-out addresses: "radha [at] gmail [dot] com", "radha at the rate gmail dot com",
# "meena @ gmail . com".
_WORD_SP = r"[ \t\u00a0]"
_OBFUSCATED_EMAIL_RE = re.compile(
    rf"(?<![\w.+\-])[\w][\w.+\-]{{0,63}}+"
    rf"(?P<at>{_WORD_SP}{{0,3}}[\[({{]{_WORD_SP}{{0,2}}(?:at|@){_WORD_SP}{{0,2}}[\])}}]"
    rf"{_WORD_SP}{{0,3}}"
    rf"|{_WORD_SP}{{1,3}}at{_WORD_SP}{{1,3}}the{_WORD_SP}{{1,3}}rate(?:{_WORD_SP}{{1,3}}of)?"
    rf"{_WORD_SP}{{1,3}}"
    rf"|{_WORD_SP}{{0,3}}@{_WORD_SP}{{0,3}}|{_WORD_SP}{{1,3}}at{_WORD_SP}{{1,3}})"
    rf"(?P<domain>[\w\-]{{1,63}}+)"
    rf"(?P<rest>(?:(?:{_WORD_SP}{{0,3}}[\[({{]{_WORD_SP}{{0,2}}dot{_WORD_SP}{{0,2}}[\])}}]"
    rf"{_WORD_SP}{{0,3}}|{_WORD_SP}{{1,3}}dot{_WORD_SP}{{1,3}}|{_WORD_SP}{{0,3}}\.{_WORD_SP}{{0,3}})"
    rf"[\w\-]{{1,63}}+){{1,4}})"
    rf"(?![\w\-])",
    re.IGNORECASE,
)
# With a bare "at" or a spaced "@", only well-known mail providers count ("us at samvedna dot
# org" is a web site, "radha at gmail dot com" is a person).
_WEBMAIL = {
    *("gmail", "googlemail", "yahoo", "ymail", "rediffmail", "hotmail", "outlook", "live"),
    *("icloud", "protonmail", "proton", "zoho", "aol"),
}
# A dot written with spaces around it ("gmail . com") ends a sentence as often as it splits an
# address, so the part after it must be a common top-level domain.
_SPACED_DOT_TLDS = {"com", "in", "org", "net", "co", "info"}

# UPI payment handles of NPCI's payment service providers (the part after the "@").
_UPI_HANDLES = (
    *("ybl", "ibl", "axl", "okaxis", "okhdfcbank", "okicici", "oksbi", "okbizaxis", "paytm"),
    *("ptyes", "ptaxis", "pthdfc", "ptsbi", "upi", "apl", "yapl", "rapl", "abfspay", "axisbank"),
    *("axisb", "icici", "sbi", "hdfcbank", "hdfcbankjd", "kotak", "kbl", "pnb", "barodampay"),
    *("boi", "cnrb", "unionbank", "unionbankofindia", "idbi", "idbibank", "indus", "federal"),
    *("fbl", "kmbl", "jupiteraxis", "freecharge", "ikwik", "timecosmos", "airtel", "jio"),
    *("postbank", "dbs", "rbl", "yesbank", "yesbankltd", "aubank", "citi", "hsbc", "sc"),
    *("indianbank", "allbank", "mahb", "cbin", "centralbank", "ucobank", "uco", "psb", "iob"),
    *("kvb", "lvb", "tjsb", "equitas", "utbi", "idfcbank", "idfcfirst", "fam", "naviaxis"),
    *("waicici", "wahdfcbank", "wasbi", "waaxis", "superyes", "tapicici", "goaxb", "slice"),
    *("amazonpay", "apay", "pingpay", "yesg", "ezeepay", "dlb", "bandhan", "csbpay", "dcb"),
    *("aubank", "jkb", "karurvysyabank", "rajgovhdfcbank", "nsdl", "mbk", "sib", "ujjivan"),
)
_UPI_RE = re.compile(
    r"(?<![\w.\-])[\w][\w.\-]{1,63}+@(?i:"
    + "|".join(sorted(set(_UPI_HANDLES), key=len, reverse=True))
    + r")(?![\w\-]|\.[\w])"
)

# Profile and chat links, with or without https:// and www.
_PROFILE_RE = re.compile(
    r"(?<![\w.\-])(?:https?://)?(?:www\.|m\.|mobile\.)?"
    r"(?:instagram\.com|instagr\.am|facebook\.com|fb\.com|fb\.me|x\.com|twitter\.com"
    r"|t\.me|telegram\.me|telegram\.dog|threads\.net|snapchat\.com/add|sharechat\.com)"
    r"/(?:#!/)?(?:profile\.php\?id=[0-9]{1,20}|@?[\w.\-]{1,60}+)",
    re.IGNORECASE,
)
_CHAT_RE = re.compile(
    r"(?<![\w.\-])(?:(?:https?://)?(?:www\.)?wa\.me/[+0-9]{6,16}"
    r"|(?:https?://)?(?:api|web)\.whatsapp\.com/send/?\?(?:[\w%=&]{0,40}&)?phone=[+0-9]{6,16}"
    r"|whatsapp://send\?(?:[\w%=&]{0,40}&)?phone=[+0-9]{6,16})",
    re.IGNORECASE,
)
# "@handle" next to the name of the network it is on.
_NETWORK_WORDS = (
    r"(?i:insta(?:gram)?|ig|fb|facebook|twitter|x|threads|snap(?:chat)?|telegram|sharechat"
    r"|moj|josh|tiktok)|ઇન્સ્ટા(?:ગ્રામ)?|ઈન્સ્ટા(?:ગ્રામ)?|ફેસબુક|ટ્વિટર|इंस्टा(?:ग्राम)?"
    r"|फेसबुक|फ़ेसबुक|ट्विटर"
)
_HANDLE_RE = re.compile(
    rf"(?<![\w])(?:{_NETWORK_WORDS})(?![\w])[^\S\n]{{0,3}}(?:[:\-–]|id|handle|par|પર|पर)?"
    rf"[^\S\n]{{0,3}}(?P<handle>@[A-Za-z0-9_][A-Za-z0-9_.]{{1,29}}+)"
    rf"|(?P<handle2>@[A-Za-z0-9_][A-Za-z0-9_.]{{1,29}}+)[^\S\n]{{0,3}}(?:\(|on|પર|पर)?[^\S\n]{{0,3}}"
    rf"(?:{_NETWORK_WORDS})(?![\w])"
)


def _accept_email(match: re.Match[str]) -> Verdict:
    tld = match["tld"]
    if any(c.isdigit() for c in tld) and not tld.lower().startswith("xn--"):
        return None
    return EMAIL, 1


def _accept_obfuscated_email(match: re.Match[str]) -> Verdict:
    at = match["at"]
    strong = at == "@" or any(c in at for c in "[({") or "rate" in at.lower()
    if not strong and match["domain"].lower() not in _WEBMAIL:
        return None
    rest = match["rest"]
    if re.search(r"\s\.|\.\s", rest):
        last = re.split(r"[\s.\[\](){}]+", rest.strip())[-1].lower()
        if last not in _SPACED_DOT_TLDS:
            return None
    return EMAIL, 1


def _accept_upi(match: re.Match[str]) -> Verdict:
    return UPI, 0


def _accept_profile(match: re.Match[str]) -> Verdict:
    return SOCIAL, 1


def _accept_chat(match: re.Match[str]) -> Verdict:
    return CHAT_LINK, 0


def _accept_handle(match: re.Match[str]) -> Verdict:
    return SOCIAL, 1


DETECTORS: tuple[Detector, ...] = (
    (_EMAIL_RE, _accept_email),
    (_OBFUSCATED_EMAIL_RE, _accept_obfuscated_email),
    (_UPI_RE, _accept_upi),
    (_PROFILE_RE, _accept_profile),
    (_CHAT_RE, _accept_chat),
    (_HANDLE_RE, _accept_handle),
)
