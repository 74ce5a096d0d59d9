"""Realistic suggestion texts for the demo data and the benchmark.

Finnish inflects, so each service topic carries the forms the sentence templates need (the
search must find ``kotihoito`` in ``kotihoidon`` and ``kotihoidossa``: the demo shows it).
Handwritten suggestions add Swedish and English ones and the kinds the templates do not cover.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    service_area: str
    nom: str  # kotihoito
    gen: str  # kotihoidon
    loc: str  # kotihoidossa / terveysasemalla
    to: str  # kotihoitoon / terveysasemalle
    source: str  # kotihoidosta / terveysasemalta

    def forms(self) -> dict[str, str]:
        forms = {"nom": self.nom, "gen": self.gen, "loc": self.loc, "to": self.to}
        forms["from"] = self.source
        forms.update({name.capitalize(): value.capitalize() for name, value in forms.items()})
        return forms


TOPICS = [
    Topic("older-people", "kotihoito", "kotihoidon", "kotihoidossa", "kotihoitoon", "kotihoidosta"),
    Topic(
        "older-people",
        "omaishoito",
        "omaishoidon",
        "omaishoidossa",
        "omaishoitoon",
        "omaishoidosta",
    ),
    Topic(
        "older-people",
        "palveluasuminen",
        "palveluasumisen",
        "palveluasumisessa",
        "palveluasumiseen",
        "palveluasumisesta",
    ),
    Topic(
        "older-people",
        "muistipoliklinikka",
        "muistipoliklinikan",
        "muistipoliklinikalla",
        "muistipoliklinikalle",
        "muistipoliklinikalta",
    ),
    Topic(
        "health-medical",
        "terveysasema",
        "terveysaseman",
        "terveysasemalla",
        "terveysasemalle",
        "terveysasemalta",
    ),
    Topic(
        "health-medical",
        "hammashoito",
        "hammashoidon",
        "hammashoidossa",
        "hammashoitoon",
        "hammashoidosta",
    ),
    Topic(
        "health-medical",
        "laboratorio",
        "laboratorion",
        "laboratoriossa",
        "laboratorioon",
        "laboratoriosta",
    ),
    Topic("family-social", "neuvola", "neuvolan", "neuvolassa", "neuvolaan", "neuvolasta"),
    Topic(
        "family-social",
        "perhekeskus",
        "perhekeskuksen",
        "perhekeskuksessa",
        "perhekeskukseen",
        "perhekeskuksesta",
    ),
    Topic(
        "family-social",
        "lastensuojelu",
        "lastensuojelun",
        "lastensuojelussa",
        "lastensuojeluun",
        "lastensuojelusta",
    ),
    Topic(
        "family-social",
        "aikuissosiaalityö",
        "aikuissosiaalityön",
        "aikuissosiaalityössä",
        "aikuissosiaalityöhön",
        "aikuissosiaalityöstä",
    ),
    Topic(
        "mental-health-substance",
        "mielenterveyspalvelut",
        "mielenterveyspalveluiden",
        "mielenterveyspalveluissa",
        "mielenterveyspalveluihin",
        "mielenterveyspalveluista",
    ),
    Topic(
        "mental-health-substance",
        "päihdepalvelut",
        "päihdepalveluiden",
        "päihdepalveluissa",
        "päihdepalveluihin",
        "päihdepalveluista",
    ),
    Topic(
        "disability",
        "vammaispalvelut",
        "vammaispalveluiden",
        "vammaispalveluissa",
        "vammaispalveluihin",
        "vammaispalveluista",
    ),
    Topic(
        "disability",
        "kuljetuspalvelu",
        "kuljetuspalvelun",
        "kuljetuspalvelussa",
        "kuljetuspalveluun",
        "kuljetuspalvelusta",
    ),
    Topic(
        "rehabilitation",
        "kuntoutus",
        "kuntoutuksen",
        "kuntoutuksessa",
        "kuntoutukseen",
        "kuntoutuksesta",
    ),
    Topic(
        "rehabilitation",
        "fysioterapia",
        "fysioterapian",
        "fysioterapiassa",
        "fysioterapiaan",
        "fysioterapiasta",
    ),
    Topic(
        "hospital", "päivystys", "päivystyksen", "päivystyksessä", "päivystykseen", "päivystyksestä"
    ),
    Topic(
        "hospital",
        "vuodeosasto",
        "vuodeosaston",
        "vuodeosastolla",
        "vuodeosastolle",
        "vuodeosastolta",
    ),
    Topic(
        "emergency-medical",
        "ensihoito",
        "ensihoidon",
        "ensihoidossa",
        "ensihoitoon",
        "ensihoidosta",
    ),
    Topic(
        "rescue",
        "paloturvallisuusneuvonta",
        "paloturvallisuusneuvonnan",
        "paloturvallisuusneuvonnassa",
        "paloturvallisuusneuvontaan",
        "paloturvallisuusneuvonnasta",
    ),
    Topic(
        "wellbeing-promotion",
        "liikuntaneuvonta",
        "liikuntaneuvonnan",
        "liikuntaneuvonnassa",
        "liikuntaneuvontaan",
        "liikuntaneuvonnasta",
    ),
    Topic(
        "wellbeing-promotion",
        "kouluterveydenhuolto",
        "kouluterveydenhuollon",
        "kouluterveydenhuollossa",
        "kouluterveydenhuoltoon",
        "kouluterveydenhuollosta",
    ),
    Topic(
        "digital",
        "ajanvaraus",
        "ajanvarauksen",
        "ajanvarauksessa",
        "ajanvaraukseen",
        "ajanvarauksesta",
    ),
    Topic(
        "digital",
        "etävastaanotto",
        "etävastaanoton",
        "etävastaanotolla",
        "etävastaanotolle",
        "etävastaanotolta",
    ),
    Topic(
        "digital",
        "verkkoasiointi",
        "verkkoasioinnin",
        "verkkoasioinnissa",
        "verkkoasiointiin",
        "verkkoasioinnista",
    ),
]

# Where: the area's name as "in the area".
AREA_LOCATIVES = {
    "koillismaa": "Koillismaalla",
    "oulunkaari": "Oulunkaaren alueella",
    "oulu": "Oulun reuna-alueilla",
    "lakeus": "Lakeuden alueella",
    "oulun-etelainen": "Oulun eteläisellä alueella",
    "rannikkoseutu": "Rannikkoseudulla",
    "whole-county": "Koko hyvinvointialueella",
}

NEED_TITLES = [
    "{Gen} jonotusajat ovat liian pitkiä",
    "Ajan saaminen {to} kestää viikkoja",
    "Tieto {gen} muutoksista ei tavoita asiakkaita",
    "{Gen} puhelinpalveluun on vaikea päästä läpi",
    "Sama asia pitää kertoa {loc} monta kertaa",
    "{Gen} henkilökunta vaihtuu liian usein",
    "Selkokielistä ohjausta tarvitaan {to}",
    "Ruotsinkielistä palvelua ei aina saa {loc}",
    "{Gen} aukioloajat eivät sovi työssäkäyville",
    "Pitkät matkat {to} harvaan asutuilla alueilla",
    "{Gen} sähköiset palvelut ovat vaikeita ikäihmisille",
    "Palaute {from} ei johda muutoksiin",
    "Omaiset eivät pääse mukaan {loc}",
    "Tulkkausta ei ole saatavilla {loc}",
    "{Gen} tiloissa on esteettömyyden puutteita",
]

IDEA_TITLES = [
    "Tekstiviestimuistutus {gen} ajoista",
    "Takaisinsoittopalvelu {to}",
    "Iltavastaanotto {loc} kerran viikossa",
    "Liikkuva palveluyksikkö {gen} tueksi",
    "Vertaistukiryhmä {gen} asiakkaille",
    "Yksi nimetty yhteyshenkilö {loc}",
    "Videoyhteys {to} kotoa käsin",
    "Selkeät opasteet {gen} odotustiloihin",
    "Kokemusasiantuntijat mukaan {gen} kehittämiseen",
    "Yhteinen asiakassuunnitelma {loc} ja kotona",
]

NEED_SENTENCES = [
    "{Loc} joutuu odottamaan aikaa usein yli kuukauden, vaikka asia olisi kiireellinen.",
    "Asiakkaat kertovat, että {to} on vaikea saada yhteyttä puhelimitse.",
    "{Area} matka lähimpään palvelupisteeseen voi olla yli 80 kilometriä.",
    "Moni ikäihminen ei osaa käyttää sähköisiä palveluja, ja {gen} tiedotteet ovat vain verkossa.",
    "Työntekijät vaihtuvat niin usein, että asiakas kertoo taustansa joka käynnillä uudelleen.",
    "Omaiset eivät saa tietoa {from}, vaikka asiakas on antanut siihen luvan.",
    "Nykyinen käytäntö kuormittaa myös henkilöstöä, kun samoja asioita selvitetään moneen kertaan.",
    "Ohjeet ovat pitkiä ja vaikeaselkoisia, eikä niitä ole selkokielellä.",
    "Ruotsinkielinen asiakas ei aina saa palvelua omalla kielellään.",
    "Vastaanotto on auki vain arkisin virka-aikaan, mikä on hankalaa lapsiperheille.",
    "Asiakas ei tiedä, kenen puoleen kääntyä, kun {gen} käynnit siirtyvät.",
    "Kotiutuksen jälkeen tieto ei kulje {to}, ja hoito katkeaa.",
]

IDEA_SENTENCES = [
    "Ehdotan, että {loc} otetaan käyttöön tekstiviestimuistutukset ja ajan voi perua viestillä.",
    "Takaisinsoittopalvelu vähentäisi jonottamista ja säästäisi sekä asiakkaiden että "
    "henkilöstön aikaa.",
    "Kerran viikossa järjestettävä iltavastaanotto palvelisi työssäkäyviä ja opiskelijoita.",
    "Liikkuva palveluyksikkö voisi kiertää syrjäkylillä sovittuina päivinä.",
    "Jokaiselle asiakkaalle nimettäisiin yksi yhteyshenkilö, joka tuntee hänen tilanteensa.",
    "Kokemusasiantuntijat kannattaisi ottaa mukaan suunnitteluun alusta asti.",
    "Videoyhteys sopisi hyvin kontrollikäynteihin, jotka eivät vaadi tutkimuksia.",
    "Ohjeet kannattaisi kirjoittaa selkokielellä ja tarjota myös ruotsiksi ja englanniksi.",
    "{Area} kokeilu voitaisiin aloittaa yhdessä yksikössä ja laajentaa, jos tulokset ovat hyviä.",
]

BENEFICIARIES = [
    "Ikäihmiset ja heidän omaisensa.",
    "Lapsiperheet.",
    "Työssäkäyvät asiakkaat.",
    "Haja-asutusalueiden asukkaat.",
    "Henkilöstö, jonka aikaa vapautuisi asiakastyöhön.",
    "Ruotsinkieliset asukkaat.",
    "Maahanmuuttajataustaiset asiakkaat.",
    "Vammaiset henkilöt ja heidän avustajansa.",
    "Nuoret ja opiskelijat.",
]


@dataclass(frozen=True)
class Handwritten:
    title: str
    description: str
    service_area: str
    kind: str
    language: str = "fi"
    stakeholder_group: str = "resident"
    proposed_solution: str = ""
    beneficiaries: str = ""


HANDWRITTEN = [
    Handwritten(
        "Kotihoidon iltakäynnit liian aikaisin",
        "Äitini kotihoidon iltakäynti on jo kello 17, jolloin hänet laitetaan valmiiksi yöpuulle. "
        "Ilta on pitkä ja yksinäinen. Kotihoidossa pitäisi voida sopia käyntiajoista "
        "asiakkaan rytmin mukaan.",
        "older-people",
        "need",
        proposed_solution="Käyntiajat sovittaisiin hoitosuunnitelmassa yhdessä asiakkaan ja "
        "omaisten kanssa.",
        beneficiaries="Kotihoidon asiakkaat ja heidän omaisensa.",
    ),
    Handwritten(
        "Hoitajien kirjaamiseen kuluu liikaa aikaa",
        "Vuodeosastolla kirjaamme samat tiedot kolmeen eri järjestelmään. Aika on pois "
        "potilailta, ja virheiden riski kasvaa.",
        "hospital",
        "need",
        stakeholder_group="professional",
        proposed_solution="Puheentunnistus ja yksi kirjausnäkymä, josta tieto siirtyy muihin "
        "järjestelmiin.",
        beneficiaries="Osastojen hoitajat ja potilaat.",
    ),
    Handwritten(
        "Sote-keskuksen aulaan asiointipiste ilman ajanvarausta",
        "Moni tulee terveysasemalle kysymään pieniä asioita, mutta ilman ajanvarausta ei pääse "
        "kenenkään puheille. Aulaan voisi perustaa matalan kynnyksen neuvontapisteen.",
        "health-medical",
        "idea",
        proposed_solution="Neuvontapisteessä olisi vuorotellen sairaanhoitaja ja palveluohjaaja.",
    ),
    Handwritten(
        "Mielenterveysasiakkaan hoitopolku katkeaa nivelvaiheessa",
        "Kun nuori täyttää 18 vuotta, hoito siirtyy nuorisopsykiatriasta aikuisten "
        "mielenterveyspalveluihin. Siirrossa kuluu kuukausia ja nuori jää ilman tukea.",
        "mental-health-substance",
        "need",
        stakeholder_group="ngo",
        beneficiaries="Nuoret aikuiset ja heidän perheensä.",
    ),
    Handwritten(
        "Omaishoitajan vapaapäivien järjestäminen on liian raskasta",
        "Omaishoitajana joudun itse etsimään sijaisen ja täyttämään monta lomaketta, jotta "
        "pääsen pitämään lakisääteiset vapaapäiväni. Moni jättää vapaat pitämättä.",
        "older-people",
        "need",
        proposed_solution="Omaishoitajalle nimetty yhteyshenkilö, joka järjestää sijaisen.",
    ),
    Handwritten(
        "Etävastaanotto diabeteksen seurantakäynteihin",
        "Diabeteksen kontrollikäynnit voisi hoitaa etävastaanotolla, kun laboratorioarvot on "
        "otettu etukäteen. Matka terveysasemalle vie minulta puoli päivää.",
        "digital",
        "idea",
        beneficiaries="Pitkäaikaissairaat haja-asutusalueilla.",
    ),
    Handwritten(
        "Yhteistyöpyyntö: etäkuntoutuksen sovelluksen pilotointi",
        "Olemme oululainen yritys, joka on kehittänyt sovelluksen kotona tehtävän "
        "fysioterapian tueksi. Etsimme kuntoutusyksikköä, jossa voisimme testata sovellusta "
        "yhdessä fysioterapeuttien ja asiakkaiden kanssa.",
        "rehabilitation",
        "collaboration",
        stakeholder_group="company",
    ),
    Handwritten(
        "Yhteistyöpyyntö: tutkimus ikäihmisten yksinäisyydestä",
        "Yliopiston tutkimusryhmä haluaa selvittää, miten kotihoidon asiakkaiden yksinäisyyttä "
        "voitaisiin tunnistaa käyntien aikana. Pyydämme yhteistyötä kotihoidon tiimien kanssa.",
        "older-people",
        "collaboration",
        stakeholder_group="research-education",
    ),
    Handwritten(
        "Liukuesteet ensihoitajien kenkiin talvikeleille",
        "Ensihoidossa liukastumiset pihoilla ovat talvella yleisiä. Kehitimme kenkiin nopeasti "
        "kiinnitettävät liukuesteet, jotka eivät naarmuta lattioita sisällä.",
        "emergency-medical",
        "invention",
        stakeholder_group="professional",
    ),
    Handwritten(
        "Palautteen antaminen yhteiskehittämisen alustalla on vaikeaa",
        "En löytänyt kohtaa, jossa voisin kommentoida itse tätä palvelua. Olisi hyvä, jos "
        "alustan kehittämiseen voisi antaa palautetta suoraan.",
        "other",
        "feedback",
    ),
    Handwritten(
        "Nuorisoasemalle chat-palvelu myös iltaisin",
        "Nuoret ottavat mieluummin yhteyttä kirjoittamalla kuin soittamalla. Päihdepalveluiden "
        "chat on auki vain päivisin, vaikka tarve on suurin iltaisin ja viikonloppuisin.",
        "mental-health-substance",
        "idea",
        stakeholder_group="student",
    ),
    Handwritten(
        "Paloturvallisuuskäynti ikäihmisten koteihin kotihoidon kanssa",
        "Pelastuslaitos ja kotihoito voisivat tehdä yhteisiä kotikäyntejä, joilla tarkistetaan "
        "palovaroittimet ja liesivahdit. Moni tulipalo alkaa liedeltä.",
        "rescue",
        "idea",
        stakeholder_group="professional",
    ),
    Handwritten(
        "Lapsiperheiden kotipalvelun kriteerit selkeämmiksi",
        "Perhekeskuksesta sanottiin, ettemme ole oikeutettuja kotipalveluun, mutta kukaan ei "
        "osannut kertoa, millä perusteella. Kriteerit pitäisi julkaista verkossa selkokielellä.",
        "family-social",
        "need",
    ),
    Handwritten(
        "Vammaispalveluiden hakemukset sähköisiksi",
        "Henkilökohtaisen avun hakemus pitää yhä tulostaa, täyttää käsin ja postittaa. "
        "Sähköinen hakemus nopeuttaisi käsittelyä ja säästäisi paperia.",
        "disability",
        "need",
        stakeholder_group="ngo",
    ),
    Handwritten(
        "Kuljetuspalvelun matkat eivät jousta",
        "Kuljetuspalvelun auto pitää tilata vuorokautta etukäteen, eikä paluuaikaa voi muuttaa. "
        "Lääkärikäynnin venyessä jään odottamaan tuntikausiksi.",
        "disability",
        "need",
    ),
    Handwritten(
        "Liikuntaresepti terveysasemalta suoraan uimahalliin",
        "Lääkäri voisi kirjoittaa liikuntareseptin, jolla pääsee liikuntaneuvontaan ja saa "
        "alennusta kunnan uimahallista. Näin liikkumisen aloittaminen olisi helpompaa.",
        "wellbeing-promotion",
        "idea",
        stakeholder_group="professional",
    ),
    Handwritten(
        "Hemvården borde ha svenskspråkig personal",
        "Min pappa får hemvård i Rannikkoseutu men personalen talar bara finska. Han har "
        "minnessjukdom och förstår inte längre finska. Hemvården borde kunna planera så att "
        "svenskspråkiga vårdare besöker svenskspråkiga klienter.",
        "older-people",
        "need",
        language="sv",
        beneficiaries="Svenskspråkiga äldre och deras anhöriga.",
    ),
    Handwritten(
        "Tidsbokning till hälsocentralen på svenska",
        "Den elektroniska tidsbokningen fungerar bara på finska. Tjänsten borde finnas på "
        "svenska eftersom välfärdsområdet är tvåspråkigt.",
        "digital",
        "need",
        language="sv",
    ),
    Handwritten(
        "Närståendevårdare behöver kamratstöd",
        "Som närståendevårdare känner jag mig ensam. En kamratstödsgrupp för närståendevårdare "
        "på svenska, gärna på kvällstid, skulle hjälpa många.",
        "older-people",
        "idea",
        language="sv",
    ),
    Handwritten(
        "Mödrarådgivningen borde ha kvällsmottagning",
        "Båda föräldrarna arbetar och det är svårt att hinna till rådgivningen under dagen. "
        "En kvällsmottagning en gång i veckan skulle hjälpa barnfamiljer.",
        "family-social",
        "idea",
        language="sv",
    ),
    Handwritten(
        "Hemvårdstjänsterna behöver bättre information",
        "Det är svårt att få veta vilka hemvårdstjänster man har rätt till. Informationen "
        "borde finnas på ett ställe och på klarspråk.",
        "older-people",
        "need",
        language="sv",
        stakeholder_group="ngo",
    ),
    Handwritten(
        "Ambulansens väntetider på landsbygden",
        "I glesbygden kan det ta över en timme innan ambulansen kommer. Första insats-grupper "
        "från frivilliga brandkåren kunde hjälpa till i väntan på prehospital akutsjukvård.",
        "emergency-medical",
        "idea",
        language="sv",
    ),
    Handwritten(
        "Rehabilitering efter stroke fortsätter inte hemma",
        "Efter sjukhusvistelsen fick min man bara några besök av fysioterapeuten. "
        "Rehabiliteringen borde fortsätta hemma tills han klarar vardagen själv.",
        "rehabilitation",
        "need",
        language="sv",
    ),
    Handwritten(
        "Appointment reminders in English",
        "As an international researcher I receive appointment reminders only in Finnish. "
        "The reminders and the booking service should be available in English as well.",
        "digital",
        "need",
        language="en",
        stakeholder_group="research-education",
    ),
    Handwritten(
        "Interpreter services at the maternity clinic",
        "Families who do not speak Finnish or Swedish struggle at the maternity clinic. "
        "Interpreter services should be booked automatically when the language is known.",
        "family-social",
        "need",
        language="en",
    ),
    Handwritten(
        "Collaboration request: sensor-based fall detection for home care",
        "Our company develops sensors that detect falls without cameras. We are looking for "
        "home care teams willing to test the system with their clients for three months.",
        "older-people",
        "collaboration",
        language="en",
        stakeholder_group="company",
    ),
    Handwritten(
        "Mental health services for international students",
        "International students do not know where to turn when they need mental health "
        "services. A single web page in English with the services and how to book would help.",
        "mental-health-substance",
        "idea",
        language="en",
        stakeholder_group="student",
    ),
    Handwritten(
        "Wheelchair accessible entrances at health centres",
        "Several health centres have heavy doors without automatic openers. Wheelchair users "
        "need help just to get inside.",
        "disability",
        "need",
        language="en",
    ),
]

COMMENTS = {
    "fi": [
        "Sama kokemus meillä. Hyvä, että asia nostettiin esiin.",
        "Tämä koskee myös meidän kuntaamme. Kannatan lämpimästi.",
        "Työntekijänä voin vahvistaa, että tähän kuluu paljon aikaa.",
        "Olisiko tätä kokeiltu jo jollain toisella hyvinvointialueella?",
        "Hyvä idea, mutta miten se rahoitettaisiin?",
        "Omaisena toivon, että tähän saadaan pian muutos.",
        "Meillä järjestössä on tästä kokemusta, autamme mielellämme.",
        "Tämä säästäisi varmasti myös kustannuksia pitkällä aikavälillä.",
    ],
    "sv": [
        "Samma erfarenhet här. Bra att frågan lyfts fram.",
        "Jag stöder förslaget helt och hållet.",
        "Det här gäller också vår kommun.",
    ],
    "en": [
        "Same experience here. Thank you for raising this.",
        "This would help many families in our neighbourhood.",
        "I fully support this suggestion.",
    ],
}

# First names and surnames for the demo's participants.
FIRST_NAMES = [
    "Aino",
    "Eino",
    "Helmi",
    "Väinö",
    "Sofia",
    "Onni",
    "Aada",
    "Leevi",
    "Ella",
    "Veeti",
    "Kerttu",
    "Toivo",
    "Linnea",
    "Elias",
    "Iida",
    "Oskari",
    "Maria",
    "Juhani",
    "Emma",
    "Mikael",
]
SURNAMES = [
    "Korhonen",
    "Virtanen",
    "Mäkinen",
    "Nieminen",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Kemppainen",
    "Pesonen",
    "Juntunen",
    "Karjalainen",
]

# How suggestions spread over stakeholder groups and areas (per cent), from the county's
# own figures as far as they are known; the demo data and the benchmark both use them.
STAKEHOLDER_SHARES = {
    "resident": 45,
    "professional": 28,
    "ngo": 9,
    "student": 6,
    "company": 5,
    "research-education": 5,
    "other": 2,
}
AREA_SHARES = {
    "oulu": 34,
    "lakeus": 14,
    "oulun-etelainen": 12,
    "rannikkoseutu": 10,
    "oulunkaari": 9,
    "koillismaa": 8,
    "whole-county": 13,
}
