"""The words of the demo's group work (Finnish, like the demo suggestions): questions, answers,
decisions, notes and comments that ``handling`` draws from."""

from __future__ import annotations

QUESTIONS = [
    "Kiitos ehdotuksesta! Voisitteko kertoa, missä yksikössä tai millä paikkakunnalla tilanne "
    "on tullut vastaan?",
    "Tarvitsemme vähän lisätietoa: kuinka usein tilanne toistuu, ja koskeeko se tiettyjä "
    "kellonaikoja tai viikonpäiviä?",
    "Onko ehdotuksessa kuvattua mallia kokeiltu jo jossain? Kertoisitteko, mistä olette "
    "kuulleet siitä?",
    "Keitä muutos koskisi eniten? Kertokaa vielä, millaista apua olisitte itse kaivanneet.",
]
ANSWERS = [
    "Tilanne on toistunut useita kertoja viimeisen puolen vuoden aikana, ja samaa ovat "
    "kertoneet muutkin samassa tilanteessa olevat.",
    "Kyse on lähimmästä sote-keskuksestamme. Ongelma on pahin arki-iltaisin ja viikonloppuisin.",
    "Naapurikunnassa on kokeiltu vastaavaa, ja kokemukset ovat olleet hyviä.",
    "Muutos auttaisi erityisesti ikääntyneitä ja niitä, joilla ei ole omaa autoa.",
]
ACCEPTED = [
    "Ryhmä päätti viedä ehdotuksen kehittämiseen. Ensimmäinen kokeilu alkaa kahden yksikön "
    "kanssa, ja kerromme tuloksista tällä sivulla.",
    "Ehdotus vastaa tarpeeseen, josta olemme saaneet palautetta muualtakin. Viemme sen "
    "kehittämiseen, ja vastuuhenkilö kokoaa työryhmän henkilöstöstä ja asiakkaista.",
    "Kiitos hyvästä ehdotuksesta! Otamme sen kehittämiseen osana alueen toimintasuunnitelmaa; "
    "ensimmäiset muutokset näkyvät tämän vuoden aikana.",
]
STARTED = [
    "Toteutus on alkanut. Kokeilu käynnistyy ensin kahdessa yksikössä, ja kokemuksia kerätään "
    "asiakkailta ja henkilöstöltä.",
    "Työryhmä on aloittanut toteutuksen. Kerromme etenemisestä tällä sivulla.",
]
DEPLOYED = [
    "Uusi toimintatapa on otettu käyttöön koko alueella. Vaikutuksia arvioidaan puolen vuoden "
    "kuluttua.",
    "Kokeilu onnistui, ja käytäntö on nyt vakiintunut. Kiitos kaikille, jotka osallistuivat "
    "kehittämiseen!",
]
NOT_ADVANCED = {
    "already-planned": "Kiitos ehdotuksesta. Sama kehittämistyö on jo käynnissä osana "
    "hyvinvointialueen palveluverkkosuunnitelmaa, joten emme aloita erillistä hanketta. "
    "Välitämme ehdotuksen työryhmälle taustatiedoksi.",
    "not-feasible": "Ehdotus on hyvä, mutta sen toteuttaminen vaatisi lisähenkilöstöä, johon "
    "nykyisessä taloustilanteessa ei ole mahdollisuutta. Palaamme asiaan, jos tilanne muuttuu.",
    "legislation": "Ehdotettu muutos ei ole mahdollinen voimassa olevan lainsäädännön vuoksi. "
    "Selvitimme asian lakimiestemme kanssa, ja ryhmä seuraa lainsäädännön valmistelua.",
    "low-benefit": "Arvioimme ehdotuksen hyödyt ja kustannukset. Hyöty jäisi tässä vaiheessa "
    "pieneksi kustannuksiin nähden, joten ehdotus ei etene. Kiitos, että toit asian esiin.",
    "outside-county": "Asia kuuluu kunnan eikä hyvinvointialueen tehtäviin. Olemme välittäneet "
    "ehdotuksen kunnan hyvinvointikoordinaattorille.",
}
MERGED = (
    "Sama tarve on esitetty jo aiemmin ehdotuksessa {reference}. Yhdistimme ehdotukset, jotta "
    "asia käsitellään yhdessä paikassa; tuet ja seuraajat siirtyivät sinne."
)
# Services that already answer a need, by service area (national services that exist).
SOLUTIONS = {
    "mental-health-substance": (
        "https://www.mielenterveystalo.fi/",
        "Tähän on jo ratkaisu: Mielenterveystalo.fi tarjoaa maksuttomia nettiterapioita ja "
        "omahoito-ohjelmia. Lisäämme tiedon palvelusta sote-keskusten sivuille.",
    ),
    "digital": (
        "https://www.omaolo.fi/",
        "Tähän on jo ratkaisu: Omaolo-palvelussa voi tehdä oirearvion ja asioida sähköisesti "
        "ympäri vuorokauden. Kerromme palvelusta jatkossa paremmin.",
    ),
    "health-medical": (
        "https://www.omaolo.fi/",
        "Omaolo-palvelussa voi jo tehdä oirearvion ja hoitaa monet asiat ilman jonottamista. "
        "Lisäämme ohjeet palvelun käyttöön ajanvarauksen yhteyteen.",
    ),
}
SOLUTION = (
    "https://www.terveyskyla.fi/",
    "Terveyskylä.fi:n taloissa on jo tietoa ja omahoitoa tähän aiheeseen. Henkilöstö ohjaa "
    "asiakkaita palveluun entistä aktiivisemmin.",
)
WITHDRAWN = [
    "Asia ratkesi toista kautta, joten peruin ehdotuksen.",
    "Huomasin, että asiasta on jo tehty toinen ehdotus.",
    "",
]
NOTES = [
    "Otetaan esille seuraavassa ryhmän kokouksessa.",
    "Kysytty palveluesimieheltä arviota kustannuksista ja henkilöstötarpeesta.",
    "Liittyy alueella jo käynnissä olevaan kehittämistyöhön; tarkistetaan päällekkäisyys.",
    "Sama asia on noussut esiin asiakaspalautteessa; kannattaa selvittää laajemmin.",
]
GOOD_COMMENTS = [
    "Selvä hyöty asiakkaille, ja toteutus onnistuu nykyisin resurssein.",
    "Kannatan. Kokeilu kannattaa aloittaa yhdessä yksikössä ja laajentaa kokemusten mukaan.",
    "Hyvä ehdotus; kustannukset pitää vielä tarkistaa talousyksiköstä.",
    "",
]
WEAK_COMMENTS = [
    "Hyöty jää epäselväksi, ja toteutus vaatisi lisähenkilöstöä.",
    "Sama asia on jo työn alla toisessa hankkeessa.",
    "",
]
TRANSFERRED = "Siirretty ryhmälle, jonka vastuulle asia kuuluu."
HIDDEN = "Sisältää tunnistettavia tietoja."
