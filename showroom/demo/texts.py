"""The showroom demo's texts: one listing per labelled demo product, in plain Finnish, with
what a professional needs to recommend it. Data, not logic."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    product: str  # the label's product (``labs.demo``)
    version: str
    name: str
    categories: tuple[str, ...]
    audience: tuple[str, ...]
    summary: str
    description: str
    languages: tuple[str, ...]
    platforms: tuple[str, ...]
    price_model: str
    cost_to_person: str
    how_to_get: str
    in_use_at: str = ""
    accessibility_notes: str = ""
    video_url: str = ""
    image_alt: str = ""
    colour: tuple[int, int, int] = (30, 90, 140)


HOW_TO_GET_HOME_CARE = (
    "Kysy kotihoidon hoitajaltasi tai soita hyvinvointialueen asiakasohjaukseen. "
    "Kotihoito arvioi tarpeen ja tuo laitteen kotiin."
)

ENTRIES = [
    Entry(
        "Lääkemuistuttaja",
        "2.0",
        "Lääkemuistuttaja",
        ("health", "everyday_life"),
        ("residents", "professionals"),
        "Muistuttaa kotona asuvaa lääkkeen ottamisesta puheella ja valolla ja kertoo hoitajalle, "
        "jos annos jää väliin.",
        "Lääkemuistuttaja on pieni pöytälaite, joka puhuu selkeällä äänellä ja vilkuttaa valoa, "
        "kun on lääkkeen aika. Jos annos jää ottamatta, kotihoidon hoitaja saa tiedon. "
        "Kehitetty yhdessä kotihoidon hoitajien ja asukkaiden kanssa.",
        ("fi", "sv"),
        ("device", "web"),
        "county_pays",
        "Maksuton kotihoidon asiakkaille.",
        HOW_TO_GET_HOME_CARE,
        "Oulun ja Kempeleen kotihoito.",
        "Iso painike, selkeä puhe, säädettävä äänenvoimakkuus. Ei vaadi näytön lukemista.",
        "https://video.example.fi/laakemuistuttaja",
        "Valkoinen pöytälaite, jonka keskellä on iso vihreä painike.",
        (20, 110, 60),
    ),
    Entry(
        "Lääkemuistuttaja",
        "1.4",
        "Lääkemuistuttaja 1",
        ("health",),
        ("residents",),
        "Muistuttaa lääkkeen ottamisesta puheella ja valolla.",
        "Lääkemuistuttajan ensimmäinen versio. Korvattu uudemmalla versiolla.",
        ("fi",),
        ("device",),
        "county_pays",
        "Maksuton kotihoidon asiakkaille.",
        HOW_TO_GET_HOME_CARE,
    ),
    Entry(
        "Etäkäynti",
        "3.2",
        "Etäkäynti",
        ("social", "professional"),
        ("residents", "professionals"),
        "Kuvapuhelu kotihoidon asiakkaan ja hoitajan välille: osa kotikäynneistä tehdään videolla.",
        "Etäkäynnillä hoitaja soittaa kuvapuhelun tabletille sovittuun aikaan. Asiakkaan ei "
        "tarvitse painaa mitään: puhelu aukeaa itsestään. Sopii lääkkeenoton ohjaukseen, "
        "vointikyselyihin ja juttuseuraksi.",
        ("fi", "sv", "en"),
        ("device", "android"),
        "county_pays",
        "Maksuton, kun kotihoito on myöntänyt etäkäynnit.",
        HOW_TO_GET_HOME_CARE,
        "Kotihoito koko hyvinvointialueella.",
        "Puhelu aukeaa ilman kosketusta; tekstitys ruudulla.",
        "",
        "Tabletti telineessä keittiön pöydällä, ruudulla hoitajan kasvot.",
        (40, 70, 150),
    ),
    Entry(
        "Uniseuranta",
        "2.2",
        "Uniseuranta",
        ("health",),
        ("residents",),
        "Patjan alle asetettava anturi seuraa unta ja kertoo levottomista öistä.",
        "Anturi mittaa liikettä ja hengitystä ilman kameraa. Aamulla näet, miten yö meni.",
        ("fi",),
        ("device", "ios", "android"),
        "subscription",
        "12 € kuukaudessa.",
        "Tilaa valmistajan verkkosivuilta.",
    ),
    Entry(
        "Kaatumisvahti",
        "1.0",
        "Kaatumisvahti",
        ("safety",),
        ("residents", "professionals"),
        "Tunnistaa kaatumisen liiketunnistimella ja hälyttää apua.",
        "Kattoon asennettava tunnistin huomaa kaatumisen ilman ranneketta ja soittaa "
        "turvapuhelinpalveluun.",
        ("fi", "sv"),
        ("device",),
        "county_pays",
        "Osa turvapuhelinpalvelua.",
        "Kysy turvapuhelinpalvelusta.",
    ),
    Entry(
        "Kuntoutuspeli",
        "1.1",
        "Kuntoutuspeli",
        ("rehabilitation",),
        ("residents", "professionals"),
        "Tekee kotikuntoutuksesta pelin: liikkeet tehdään television edessä.",
        "Kamera tunnistaa liikkeet ja peli kertoo, miten meni. Fysioterapeutti näkee "
        "edistymisen ja säätää ohjelmaa.",
        ("fi", "en"),
        ("device", "web"),
        "county_pays",
        "Maksuton kotikuntoutuksen aikana.",
        "Kotikuntoutuksen fysioterapeutti ottaa pelin käyttöön.",
        "Oulun kotikuntoutus.",
        "Ohjeet sekä puheena että tekstinä; liikkeet voi tehdä istuen.",
    ),
    Entry(
        "Ruokamuistio",
        "1.2",
        "Ruokamuistio",
        ("everyday_life", "health"),
        ("residents",),
        "Muistuttaa syömisestä ja juomisesta ja kertoo omaiselle, jos ateria jää väliin.",
        "Jääkaapin oveen kiinnitettävä näyttö muistuttaa ateriasta ja juomisesta. Omainen "
        "näkee puhelimestaan, onko ruoka syöty.",
        ("fi", "sv"),
        ("device", "ios", "android"),
        "one_off",
        "89 €, ei kuukausimaksua.",
        "Osta valmistajalta tai kysy kotihoidosta kokeilulaitetta.",
        "",
        "Suuri teksti ja kuvat; toimii ilman nettiyhteyttä.",
        "",
        "Jääkaapin oveen kiinnitetty näyttö, jossa lukee 'Lounasaika'.",
        (160, 90, 20),
    ),
    Entry(
        "Yhteyspuhelin",
        "2.1",
        "Yhteyspuhelin",
        ("social",),
        ("residents",),
        "Helppo kuvapuhelin ikäihmiselle: yksi painallus ja puhelu läheiselle aukeaa.",
        "Yhteyspuhelimessa on kuvat läheisistä; kuvaa painamalla puhelu alkaa. Läheiset "
        "soittavat tavallisella puhelimella.",
        ("fi", "sv", "se"),
        ("device", "android"),
        "subscription",
        "9,90 € kuukaudessa, ensimmäinen kuukausi maksuton.",
        "Tilaa valmistajalta; kotihoito auttaa käyttöönotossa.",
        "Kuusamon ja Taivalkosken kotihoito.",
        "Toimii ilman lukutaitoa; kuulolaitteen induktiosilmukka.",
    ),
    Entry(
        "Ovivahti",
        "1.3",
        "Ovivahti",
        ("safety",),
        ("residents", "professionals"),
        "Kertoo omaiselle tai hoitajalle, jos ulko-ovi jää yöllä auki tai asukas lähtee ulos.",
        "Oveen kiinnitettävä anturi tunnistaa oven avautumisen yöaikaan. Muistisairaan "
        "omainen tai kotihoito saa viestin.",
        ("fi",),
        ("device", "ios", "android"),
        "county_pays",
        "Maksuton, kun kotihoito on arvioinut tarpeen.",
        HOW_TO_GET_HOME_CARE,
    ),
    Entry(
        "Kirjausapu",
        "3.0",
        "Kirjausapu",
        ("professional",),
        ("professionals",),
        "Hoitaja sanelee käynnin kirjauksen ja sovellus kirjoittaa sen potilastietoon.",
        "Kirjausapu muuttaa puheen tekstiksi ja jäsentää sen kirjauksen otsikoiden alle. "
        "Hoitaja tarkistaa tekstin ennen tallennusta.",
        ("fi", "sv"),
        ("ios", "android"),
        "county_pays",
        "Hyvinvointialue maksaa; ei kustannuksia hoitajalle.",
        "Pyydä käyttöoikeus esihenkilöltäsi.",
        "Kotihoito ja vastaanotot Oulussa.",
    ),
    Entry(
        "Reittikaveri",
        "1.0",
        "Reittikaveri",
        ("mobility",),
        ("residents",),
        "Opastaa esteettömiä kävelyreittejä rollaattorin tai pyörätuolin kanssa.",
        "Reittikaveri näyttää reitit, joilla ei ole portaita eikä jyrkkiä mäkiä, ja kertoo "
        "penkkien ja vessojen paikat.",
        ("fi", "sv", "en"),
        ("web", "ios", "android"),
        "free",
        "Maksuton.",
        "Lataa sovelluskaupasta tai käytä selaimella.",
        "",
        "Toimii ruudunlukijalla; suuri teksti; puheopastus.",
    ),
    Entry(
        "Lihaskuntokoutsi",
        "2.0",
        "Lihaskuntokoutsi",
        ("rehabilitation", "everyday_life"),
        ("residents", "professionals"),
        "Kotikuntoutuksen liikeohjelmat tabletilla: lihaskuntoa ja tasapainoa kotona.",
        "Lihaskuntokoutsi näyttää liikkeet videolla ja muistuttaa harjoittelusta. "
        "Fysioterapeutti laatii ohjelman.",
        ("fi",),
        ("web", "android"),
        "county_pays",
        "Maksuton kotikuntoutuksen asiakkaille.",
        "Kotikuntoutuksen fysioterapeutti antaa tunnukset.",
    ),
]

# The listings that leave the catalogue because of their label (see ``labs.demo``).
SUPERSEDED_NAME = "Lääkemuistuttaja 1"
# A published listing with a change waiting for the editors.
CHANGED_PRODUCT = "Lihaskuntokoutsi"
CHANGE = {
    "summary": "Kotikuntoutuksen liikeohjelmat tabletilla ja puhelimella: lihaskuntoa ja "
    "tasapainoa kotona.",
    "platforms": ["web", "android", "ios"],
}

FEEDBACK = [
    ("Kuntoutuspeli", "resident", "Äiti innostui jumppaamaan, kun peli kehuu.", "relative"),
    (
        "Etäkäynti",
        "staff",
        "Säästää ajoa haja-asutusalueella; asiakkaat pitävät kuvapuhelusta.",
        "professional",
    ),
    ("Lääkemuistuttaja", "resident", "Ääni on selkeä ja painike iso.", "resident"),
    ("Reittikaveri", "resident", "Löysin uuden lenkkireitin ilman portaita.", "resident"),
    ("Ovivahti", "handler", "Omaiset ovat rauhallisempia öisin.", "professional"),
]
HIDDEN_FEEDBACK = (
    "Reittikaveri",
    "handler",
    "Osta meidän kilpaileva sovellus halvemmalla!",
    "resident",
    "Mainos, ei kokemus ratkaisusta.",
)
RETURN_MESSAGE = "Kertokaa vielä, mitä palvelu maksaa asiakkaalle kotihoidon jälkeen."
