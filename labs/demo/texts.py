"""The Labs demo's content: test environments in each of the county's six areas, three
companies and their products, and what the labs staff and evaluators wrote about them."""

from __future__ import annotations

import datetime

# slug: (name, organisation, area, service area, description, capabilities, capacity,
# availability, contact name, contact e-mail, contact phone)
ENVIRONMENTS = [
    (
        "oys-kotiutus",
        "OYS:n kotiutustiimi",
        "Pohjois-Pohjanmaan hyvinvointialue, Oulun yliopistollinen sairaala",
        "oulu",
        "hospital",
        "Moniammatillinen tiimi, joka kotiuttaa iäkkäitä potilaita sairaalasta kotiin.",
        "Kotiutuksen etäseuranta\nLääkehoidon siirtyminen kotiin\nOmaisten viestintä",
        2,
        "Arkisin, tammi–toukokuu ja syys–joulukuu",
        "Tiina Testivastaava",
        "kotiutus.labs@demo.popsote.fi",
        "08 123 4567",
    ),
    (
        "kuusamo-terveysasema",
        "Kuusamon terveysasema",
        "Pohjois-Pohjanmaan hyvinvointialue, Koillismaa",
        "koillismaa",
        "health-medical",
        "Pitkien etäisyyksien terveysasema, jossa etävastaanotot ovat arkea.",
        "Etävastaanotto\nAjanvaraus ja muistutukset\nMittauslaitteet kotona",
        1,
        "Syksyisin; kesäaikaan ei testejä",
        "Juha Järvinen",
        "kuusamo.labs@demo.popsote.fi",
        "",
    ),
    (
        "pudasjarvi-kotihoito",
        "Pudasjärven kotihoito",
        "Pohjois-Pohjanmaan hyvinvointialue, Oulunkaari",
        "oulunkaari",
        "older-people",
        "Kotihoidon tiimi, jonka asiakkaista moni asuu haja-asutusalueella.",
        "Lääkemuistutus\nTurvapuhelin ja kaatumisen tunnistus\nKäyntien suunnittelu",
        3,
        "Ympäri vuoden",
        "Merja Mattila",
        "pudasjarvi.labs@demo.popsote.fi",
        "08 765 4321",
    ),
    (
        "kempele-perhekeskus",
        "Kempeleen perhekeskus",
        "Pohjois-Pohjanmaan hyvinvointialue, Lakeus",
        "lakeus",
        "family-social",
        "Neuvola- ja perhepalvelut saman katon alla.",
        "Digitaalinen neuvola\nPerheiden chat-palvelu",
        2,
        "Arkisin",
        "Anu Aaltonen",
        "kempele.labs@demo.popsote.fi",
        "",
    ),
    (
        "nivala-kuntoutus",
        "Nivalan kuntoutusyksikkö",
        "Pohjois-Pohjanmaan hyvinvointialue, Oulun eteläinen",
        "oulun-etelainen",
        "rehabilitation",
        "Fysio- ja toimintaterapian yksikkö, jossa on kuntoutussali ja asunto harjoitteluun.",
        "Kuntoutuspelit\nLiikkeen mittaus\nEtäkuntoutus",
        2,
        "Arkisin klo 8–15",
        "Pekka Peltola",
        "nivala.labs@demo.popsote.fi",
        "",
    ),
    (
        "raahe-paivystys",
        "Raahen sairaalan päivystys",
        "Pohjois-Pohjanmaan hyvinvointialue, Rannikkoseutu",
        "rannikkoseutu",
        "emergency-medical",
        "Ympärivuorokautinen päivystys, jossa on testattu jonotilanteen viestintää.",
        "Jonotilanne ja ajanvaraus\nPotilaan ohjaus",
        1,
        "Sopimuksen mukaan",
        "Riikka Rantala",
        "raahe.labs@demo.popsote.fi",
        "",
    ),
    (
        "digipalvelut-oulu",
        "Digitaalisten palvelujen testiympäristö",
        "Pohjois-Pohjanmaan hyvinvointialue, digitaaliset palvelut",
        "whole-county",
        "digital",
        "Testiympäristö sähköisten palvelujen integraatioille ja saavutettavuuden arvioinnille.",
        "FHIR-rajapinnat\nSaavutettavuusarvio\nTietoturvatestaus",
        4,
        "Ympäri vuoden",
        "Lauri Labs",
        "labs@demo.popsote.fi",
        "",
    ),
]

# The company of the demo sign-in company@ (its organisation in popsote.accounts.demo) first.
# Business IDs from a range not yet given to any company (they are given in order).
COMPANIES = [
    ("Hyvinvointiteknologia Oy", "9260001-0", "https://hyvinvointiteknologia.example.fi"),
    ("Kotiapu Digital Oy", "9260002-9", "https://kotiapu.example.fi"),
    ("Pohjoisen Kuntoutus Oy", "9260003-7", "https://kuntoutus.example.fi"),
]
# The other companies' representatives: demo people who cannot sign in.
REPRESENTATIVES = {
    "9260002-9": ("edustaja-kotiapu@demo.popsote.fi", "Kirsi Kotiapu"),
    "9260003-7": ("edustaja-kuntoutus@demo.popsote.fi", "Ville Kuntoutus"),
}
EVALUATOR = ("arvioija@demo.popsote.fi", "Elina Arvioija")


def answers(product: str, version: str, summary: str, **overrides) -> dict:
    """Every required question answered, as a company would."""
    data = {
        "product_name": product,
        "product_version": version,
        "summary": summary,
        "intended_use": "Kotona asuvat asiakkaat ja heitä hoitava henkilöstö.",
        "target_users": "Asiakkaat, omaiset ja hoitajat",
        "claimed_benefit": "Vähemmän turhia käyntejä ja parempi turvallisuuden tunne kotona.",
        "existing_evidence": "Pilotti kahdessa kunnassa, 40 käyttäjää, kuuden kuukauden ajan.",
        "trl": 7,
        "regulatory_status": "mdr_i",
        "ce_certificate": "CE-merkintä, valmistajan vaatimustenmukaisuusvakuutus 2025",
        "personal_data": "health",
        "data_storage": "Palvelimet Suomessa (Helsinki), varmuuskopiot Tampereella",
        "dpia": "Vaikutustenarviointi tehty 3/2026, liitteenä",
        "security_assessment": "Kyberturvallisuuden itsearvio ja ulkoinen murtotestaus 2026",
        "accessibility_conformance": "WCAG 2.1 AA, saavutettavuusseloste julkaistu",
        "interoperability": "HL7 FHIR R4, Kanta-rajapinnat suunnitteilla",
        "test_goal": "Toimiiko tuote hoitajien ja asiakkaiden arjessa oikeassa yksikössä.",
        "success_measures": "Asiakkaiden kokemus paranee ja hoitajien aikaa säästyy.",
        "timeline_start": datetime.date(2026, 9, 1),
        "timeline_end": datetime.date(2027, 2, 28),
        "not_applicable": {},
    }
    data.update(overrides)
    return data


SCREENING = {
    "fit_with_practice": "Vastaa kotihoidon arjen tarpeeseen; hoitajat ovat toivoneet vastaavaa.",
    "fit_with_strategy": "Tukee strategian teemaa Rohkeasti uutta.",
    "staff_available": "Kaksi hoitajaa ja esihenkilö sitoutuvat testiin.",
    "space_available": "Testi tehdään asiakkaiden kotona ja tiimin toimistolla.",
    "permits": "Tutkimuslupaa ei tarvita: kyse on palvelun kehittämisestä.",
    "summary": "Testaustarve on selvä, ja yksiköllä on resurssit testiin.",
}
PLAN = {
    "methods": "Käyttö arjessa kahdeksan viikkoa, haastattelut ja käyttölokien analyysi.",
    "participants": [{"role": "Sairaanhoitaja", "count": 4}, {"role": "Asiakas", "count": 12}],
    "permits": "Yksikön esihenkilön lupa",
}
CRITERIA = [
    {"description": "Asiakkaat kokevat tuotteen helppokäyttöiseksi", "measure": "≥ 4/5"},
    {"description": "Hoitajien aikaa säästyy", "measure": "≥ 10 min/päivä"},
]
REPORT = {
    "what_was_done": "Kahdeksan viikon testi, johon osallistui neljä hoitajaa ja 12 asiakasta.",
    "unit_contact": "Yksikön esihenkilö",
}
SUMMARIES = [
    "Tuote toimi testissä luvatusti: asiakkaat oppivat käytön nopeasti ja hoitajien aikaa "
    "säästyi. Tietosuojan dokumentaatio on kattava.",
    "Käytettävyys ja saavutettavuus ovat hyvällä tasolla. Yhteentoimivuus potilastietojärjestelmän "
    "kanssa vaatii vielä työtä.",
]
REPLY = "Kiitos arviosta. Yhteentoimivuuden kehitystyö on jo aikataulutettu seuraavaan versioon."
REJECTED = (
    "Kiitos hakemuksesta. Tuotteelle ei tällä hetkellä löydy testiympäristöä, jossa sen hyödyt "
    "voitaisiin osoittaa; tervetuloa hakemaan uudelleen, kun tuote on kypsempi."
)
NO_LABEL = (
    "Testi ei osoittanut tuotteen hyötyä asetettujen mittarien mukaan, joten merkkiä ei "
    "myönnetä. Arviointiraportti kertoo, mitä tuotteessa kannattaa kehittää."
)
WITHDRAWN_LABEL = (
    "Tuotteesta löytyi käytön aikana tietoturvapuute, jota ei ole korjattu sovitussa ajassa. "
    "Leima on peruttu, kunnes korjattu versio on arvioitu."
)
CALL = {
    "title": "Lääkehoidon tuki kotona asuville ikäihmisille",
    "description": "Etsimme tuotteita, jotka auttavat kotona asuvaa ikäihmistä ottamaan "
    "lääkkeensä oikein ja oikeaan aikaan, ja kertovat hoitajalle, jos annos jää väliin. Tuote "
    "testataan kotihoidossa oikeiden asiakkaiden kanssa.",
}
