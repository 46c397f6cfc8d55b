"""The demo guides' text in English (the source language). General facts only; anything
specific (scheme names, forms, amounts) is to be checked by KMVS before real use."""

from typing import Any

GUIDES: dict[str, dict[str, Any]] = {
    "ration-card": {
        "title": "Getting a ration card",
        "summary": "A ration card lets your family get grain from the fair price shop: free on "
        "priority (NFSA) and Antyodaya cards since January 2023, at a low price on other cards. "
        "It is often asked for as proof of address. You apply at your taluka's "
        "Mamlatdar office or a Jan Seva Kendra. Make sure every name is spelt the same as on "
        "your Aadhaar card.",
        "steps": [
            (
                "Collect your papers",
                "<p>Use the checklist below. Put the papers in one folder with a photocopy of "
                "each.</p>",
            ),
            (
                "Fill in the form",
                "<p>Ask for the ration card form at the Mamlatdar office or the Jan Seva Kendra "
                "of your taluka. The form is free. A Samvedna leader or field worker can help you "
                "fill it in.</p>",
            ),
            (
                "Hand it in and keep the receipt",
                "<p>Give the form with the photocopies. Show the originals if asked, and take "
                "them back. Keep the receipt safe: you need it to ask about your application.</p>",
            ),
            (
                "Collect the card and check it",
                "<p>When the card is ready, check every name, age and the address before you "
                "leave the counter. A mistake is easier to correct at once.</p>",
            ),
        ],
        "documents": [
            "Aadhaar card of each family member (or the enrolment slip)",
            "Proof of address: electricity bill, rent agreement or a letter from the sarpanch "
            "or ward councillor",
            "Two passport-size photos of the head of the family",
            "Income certificate, if the office asks for it. For free grain, ask whether your "
            "family can be put on the priority (NFSA) or Antyodaya list",
            "Your old cancelled ration card or a certificate that your name was removed, if you "
            "were on another card before",
        ],
        "guide": [
            ("heading", "If you have no fixed address"),
            (
                "paragraph",
                "<p>Many women in our collective move often or cannot show a rent agreement. Ask "
                "the office which other proof of address they accept; a letter from the sarpanch "
                "or ward councillor is often enough. Samvedna leaders can go with you.</p>",
            ),
            (
                "tip",
                "<p><strong>Samvedna can help you use the Supreme Court order.</strong> In "
                "Budhadev Karmaskar v. State of West Bengal (orders of 2020 and 2021, including "
                "14 December 2021), the Supreme Court told every state to give dry rations and "
                "ration cards to sex workers identified through NACO lists and community "
                "organisations like ours, even without proof of address. Not every office in "
                "Gujarat follows it yet. You decide whether to use it: a Samvedna leader can "
                "tell you who will see the papers, and go with you.</p>",
            ),
            (
                "tip",
                "<p>The law says the eldest woman of the family (18 or older) should be the head "
                "of the family on a ration card. If you live on your own with your children, "
                "apply in your own name.</p>",
            ),
            (
                "warning",
                "<p>Never pay an agent to get a card faster. If anyone asks for money without a "
                "printed receipt, tell a Samvedna leader.</p>",
            ),
        ],
    },
    "aadhaar": {
        "title": "Getting or correcting your Aadhaar card",
        "summary": "Aadhaar is a 12-digit number that most offices, banks and schemes ask for. "
        "Enrolling is free at an Aadhaar Seva Kendra, or at a bank or post office that does "
        "Aadhaar. You can also correct your name, address or date of birth there, with a "
        "document that shows the right details.",
        "steps": [
            (
                "Find an Aadhaar centre",
                "<p>Ask at a bank, a post office or the taluka office where Aadhaar enrolment "
                "is done. Going early in the morning means a shorter queue.</p>",
            ),
            (
                "Fill in the form and show your papers",
                "<p>The form asks for your name, date of birth and address. Give them exactly as "
                "they are written on your other papers, so that all your documents match.</p>",
            ),
            (
                "Give your photo, fingerprints and a photo of your eyes (iris scan)",
                "<p>This takes a few minutes. The photo of your eyes is taken by a camera: it is "
                "not an eye test. It is how Aadhaar knows that you are you.</p>",
            ),
            (
                "Keep the slip",
                "<p>You get a slip with an enrolment number. Keep it: you need it to check the "
                "status and to collect your Aadhaar.</p>",
            ),
        ],
        "documents": [
            "A proof of identity with your photo, for example a voter ID card, ration card or "
            "PAN card",
            "A proof of address, for example a ration card, bank passbook or electricity bill",
            "A proof of date of birth, if you have one: birth certificate or school leaving "
            "certificate",
            "No papers at all? Ask about enrolment through the head of your family, or use the "
            "Supreme Court order (see below)",
        ],
        "guide": [
            ("heading", "Correcting a mistake"),
            (
                "paragraph",
                "<p>If your name is spelt differently on your Aadhaar and on your other papers, "
                "decide which spelling you want to keep everywhere. Then correct the others to "
                "match. At the Aadhaar centre, a correction needs a document that shows the right "
                "detail. Enrolling is free; a correction costs a small fee (from October 2025: "
                "₹75 for name, address or date of birth, ₹125 for photo, fingerprints or "
                "eyes).</p>",
            ),
            ("heading", "If you have no proof of address"),
            (
                "tip",
                "<p><strong>Samvedna can help you use the Supreme Court order.</strong> Since "
                "the order of 19 May 2022 (Budhadev Karmaskar v. State of West Bengal), a sex "
                "worker without proof of address can get Aadhaar with a certificate from a "
                "gazetted officer of NACO or the State AIDS Control Society, on UIDAI's form. "
                "Your Aadhaar must not carry any code that shows you are a sex worker. Not every "
                "Aadhaar centre knows this yet. You decide whether to use it: a Samvedna leader "
                "can help you get the certificate and go with you.</p>",
            ),
            (
                "tip",
                "<p>Your Aadhaar number is private. Do not write it on forms that do not need "
                "it, and never share a photo of your card on social media.</p>",
            ),
        ],
    },
    "voter-id": {
        "title": "A voter ID card with matching details",
        "summary": "A voter ID card lets you vote and is accepted as proof of identity. Fill in "
        "Form 6 to get on the voter list for the first time, or Form 8 to correct a name, age "
        "or address. The Booth Level Officer (BLO) of your area can help, and the forms can "
        "also be filled in online.",
        "steps": [
            (
                "Decide which details to use",
                "<p>Use the same spelling of your name, the same date of birth and the same "
                "address as on your Aadhaar and ration card. Matching papers make every other "
                "application easier.</p>",
            ),
            (
                "Fill in the right form",
                "<p>Form 6 is for a new voter. Form 8 is to correct details or to move to a new "
                "address. Ask the BLO, the taluka office or a Samvedna leader for the form.</p>",
            ),
            (
                "Hand it in",
                "<p>Give the form to the BLO or at the taluka election office. Keep the "
                "reference number you are given.</p>",
            ),
            (
                "Check the voter list",
                "<p>After a few weeks, ask the BLO whether your name is on the list of your "
                "polling booth. The card comes later.</p>",
            ),
        ],
        "documents": [
            "One passport-size photo",
            "Proof of age: Aadhaar card, birth certificate or school certificate",
            "Proof of address: Aadhaar card, bank or post office passbook, electricity, water "
            "or gas bill, passport, or a registered rent agreement",
            "Your old voter ID card, if you are correcting it",
        ],
        "guide": [
            ("heading", "Why matching details matter"),
            (
                "paragraph",
                "<p>Many of us gave different names or addresses in different places to stay "
                "safe. But when your papers do not match, an office can refuse a pension, a bank "
                "account or a school admission. Putting them in order is slow, but you only have "
                "to do it once, and Samvedna women have done it together.</p>",
            ),
            ("tip", "<p>You do not have to say what work you do to get a voter ID card.</p>"),
            (
                "tip",
                "<p><strong>Samvedna can help you use the Supreme Court order.</strong> In "
                "Budhadev Karmaskar v. State of West Bengal (order of 14 December 2021), the "
                "Supreme Court told states to give voter ID cards to sex workers identified "
                "through NACO lists and community organisations, even without proof of address. "
                "How far this is followed in Gujarat varies. You decide whether to use it: a "
                "Samvedna leader can go with you to the BLO.</p>",
            ),
        ],
    },
    "hiv-testing-and-treatment": {
        "title": "HIV testing and treatment",
        "summary": "HIV testing is free and confidential at the ICTC (Integrated Counselling "
        "and Testing Centre) of government hospitals. If the test is positive, treatment at an "
        "ART centre is free for life and lets you live a long, healthy life. The law says "
        "nobody may tell anyone whether you have HIV without your consent.",
        "steps": [
            (
                "Go to an ICTC",
                "<p>Every district hospital, and many community health centres, have an ICTC. "
                "A Samvedna leader or a Drop-In Centre can tell you the nearest one and go with "
                "you.</p>",
            ),
            (
                "Talk to the counsellor",
                "<p>A counsellor explains the test first. You can ask anything. The test needs "
                "only a few drops of blood.</p>",
            ),
            (
                "Get your result",
                "<p>The result is given to you alone, with the counsellor, often on the same "
                "day.</p>",
            ),
            (
                "If the result is positive, start treatment",
                "<p>You are sent to an ART centre. The medicines are free. Taking them every "
                "day keeps you healthy and protects the people you have sex with.</p>",
            ),
        ],
        "documents": [
            "Nothing is needed for the test itself",
            "For treatment at the ART centre: a proof of identity and address, if you have them "
            "(if not, ask the counsellor)",
            "A list of any medicines you take",
        ],
        "guide": [
            ("heading", "Your rights"),
            (
                "paragraph",
                "<p>The HIV and AIDS (Prevention and Control) Act, 2017 says that nobody may be "
                "tested without their consent, that nobody may tell anyone whether you have HIV "
                "without your consent (except in a few cases the law lists, such as a court "
                "order), and that you may not be refused treatment, a job, a home or a school "
                "place because of HIV.</p>",
            ),
            (
                "tip",
                "<p>Get tested regularly, for example every six months. Condoms are free at the "
                "Drop-In Centres and at government health centres.</p>",
            ),
        ],
    },
    "widow-pension": {
        "title": "Widow pension (Ganga Swarupa)",
        "summary": "A woman whose husband has died can get a monthly pension from the "
        "government. In Gujarat the scheme is called Ganga Swarupa Arthik Sahay Yojana; it "
        "was about ₹1,250 a month in 2025 (check the current amount with KMVS). You apply at "
        "the taluka Mamlatdar office or a Jan Seva Kendra; the money is paid into your own "
        "bank account.",
        "steps": [
            (
                "Open a bank account in your own name",
                "<p>The pension is paid only into your own account. A zero-balance "
                "account can be opened at most banks and post offices.</p>",
            ),
            (
                "Collect your papers",
                "<p>Use the checklist below. Your husband's death certificate is the paper most "
                "often missing: ask a Samvedna leader how to get it.</p>",
            ),
            (
                "Apply",
                "<p>Fill in the form at the Mamlatdar office or a Jan Seva Kendra and keep the "
                "receipt.</p>",
            ),
            (
                "Ask again if nothing comes",
                "<p>If nothing comes within three months, go back with your receipt and ask "
                "what is pending.</p>",
            ),
        ],
        "documents": [
            "Your husband's death certificate",
            "Aadhaar card",
            "Proof of age",
            "Bank passbook of your own account",
            "Income certificate",
            "Two passport-size photos",
            "Once a year, you may be asked for a certificate that you have not remarried: ask "
            "at the office",
        ],
        "guide": [
            ("heading", "Who can apply"),
            (
                "paragraph",
                "<p>Usually a widow aged 18 or more whose family income is below a limit set by "
                "the government. The rules change from time to time. If someone tells you that "
                "you are not eligible, ask for the rule in writing and talk to a Samvedna "
                "leader.</p>",
            ),
            (
                "warning",
                "<p>The form is free. Never pay an agent who promises a faster pension.</p>",
            ),
        ],
    },
    "old-age-pension": {
        "title": "Old-age pension",
        "summary": "People aged 60 or more from poor (BPL) families can get a monthly old-age "
        "pension: the Indira Gandhi National Old Age Pension Scheme, with a top-up from "
        "Gujarat. Ask for it by this name. Apply at the taluka Mamlatdar office or a Jan "
        "Seva Kendra with proof of age and income; the money is paid into your bank account. "
        "Check the current amount with KMVS.",
        "steps": [
            (
                "Check your age on your papers",
                "<p>Your Aadhaar card or another paper must show that you are 60 or more. If it "
                "is wrong, correct it first (see the Aadhaar guide).</p>",
            ),
            (
                "Open or check your bank account",
                "<p>The pension is paid into your own account. Make sure it is active and "
                "linked to your Aadhaar.</p>",
            ),
            (
                "Apply with your papers",
                "<p>Fill in the form at the Mamlatdar office or a Jan Seva Kendra. Keep the "
                "receipt.</p>",
            ),
            (
                "Check the first payment",
                "<p>After a few months, have your passbook updated at the bank to see whether "
                "the pension has started.</p>",
            ),
        ],
        "documents": [
            "Proof of age: Aadhaar card, school certificate or a doctor's certificate of age",
            "BPL card or income certificate",
            "Aadhaar card",
            "Bank passbook",
            "Two passport-size photos",
        ],
        "guide": [
            ("heading", "Helping an older woman apply"),
            (
                "paragraph",
                "<p>Many older members cannot stand in queues or read the forms. A younger "
                "member can go with her and help fill in the form, but the pension must be paid "
                "into the older woman's own account.</p>",
            ),
            (
                "paragraph",
                "<p>In 2025 the pension was about ₹1,000 a month from 60 to 79 years and about "
                "₹1,250 from 80 years. Amounts change: check them with KMVS.</p>",
            ),
            (
                "tip",
                "<p>The Elderline helpline (14567) answers questions about pensions and care "
                "for people over 60.</p>",
            ),
        ],
    },
    "school-admission": {
        "title": "Getting your child into school",
        "summary": "Every child aged 6 to 14 has the right to free education in a government "
        "school near home. A school cannot refuse admission because a birth certificate or a "
        "transfer certificate is missing. Private schools keep 25% of their first-year places "
        "free for children from poor families: in Gujarat you apply online, usually between "
        "February and April.",
        "steps": [
            (
                "Choose a school",
                "<p>Visit the government school nearest your home, or a few schools, and ask "
                "when admissions open. They are usually in the months before the school year "
                "starts in June.</p>",
            ),
            (
                "Fill in the admission form",
                "<p>You can apply as the mother. If the form asks for the father's name and you "
                "do not want to give it, ask a Samvedna leader or the head teacher what to "
                "write.</p>",
            ),
            (
                "Give the papers you have",
                "<p>Give a birth certificate if you have one. If you do not, the school must "
                "still admit the child; you can give a statement of the child's age, written "
                "and signed by you, instead.</p>",
            ),
            (
                "Keep in touch with the teacher",
                "<p>Go to parents' meetings when you can. If your child is treated badly because "
                "of your work, tell a Samvedna leader.</p>",
            ),
        ],
        "documents": [
            "The child's birth certificate, if you have it",
            "The child's Aadhaar card, if you have it",
            "Proof of address",
            "Two passport-size photos of the child",
            "The leaving certificate of the last school, if the child changes school",
        ],
        "guide": [
            ("heading", "Free places in private schools (RTE)"),
            (
                "paragraph",
                "<p>Under the Right to Education Act, private schools keep a quarter of the "
                "places in their entry class for children from poor and disadvantaged families, "
                "free of fees. In Gujarat the application is online, usually between February "
                "and April. Dates and rules change every year, so ask KMVS or a Samvedna leader "
                "early.</p>",
            ),
            ("tip", "<p>You do not have to tell the school what work you do.</p>"),
        ],
    },
    "police-rights": {
        "title": "Know your rights when dealing with the police",
        "summary": "The police must treat you with dignity, like any other citizen: the "
        "Supreme Court said so about sex workers in 2022. If you are arrested, you have the "
        "right to know why, to have someone you trust told, to a lawyer, and to be taken before "
        "a magistrate within 24 hours. Free legal help is available. This is general "
        "information, not legal advice.",
        "steps": [
            (
                "Stay calm and ask why",
                "<p>Ask politely why you are being stopped or taken to the police station. Do "
                "not run, and do not sign anything you have not read or had read to you.</p>",
            ),
            (
                "Tell someone you trust",
                "<p>Call a Samvedna leader or someone close. If you are arrested, you have the "
                "right to have a person you choose told where you are.</p>",
            ),
            (
                "Ask for a woman police officer",
                "<p>Only a woman officer may search a woman. A male officer should not touch a "
                "woman to arrest her unless the situation leaves no other way. Except in special "
                "cases with a magistrate's permission, a woman should not be arrested after "
                "sunset or before sunrise.</p>",
            ),
            (
                "Ask for free legal aid",
                "<p>Women have the right to free legal help from the District Legal Services "
                "Authority (DLSA), whatever their income. Ask for a lawyer at the police station "
                "or in court, or call the legal aid helpline 15100.</p>",
            ),
        ],
        "documents": [
            "A photocopy of an identity card (if you fear losing the original)",
            "A Samvedna leader's phone number, written on paper",
            "A copy of any paper the police gave you (FIR, notice or arrest memo)",
        ],
        "guide": [
            ("heading", "If something goes wrong"),
            (
                "paragraph",
                "<p>Write down what happened as soon as you can: the date, the time, the place "
                "and what was said. Samvedna records every incident, and our leaders raise them "
                "with the authorities. You can also complain to the District Superintendent of "
                "Police or to the State Women's Commission.</p>",
            ),
            (
                "warning",
                "<p>This guide gives general information, not legal advice. For your own case, "
                "talk to a Samvedna leader or a DLSA lawyer.</p>",
            ),
            (
                "tip",
                "<p>In an emergency, call 112, or 108 for an ambulance. For violence or "
                "harassment against a woman, call 181. For free legal help, call 15100.</p>",
            ),
        ],
    },
}
