"""The county's taxonomies as the design lists them. Later changes are made in the admin."""

from django.db import migrations

TERMS = {
    "Area": [
        ("koillismaa", "Koillismaa", "Koillismaa", "Koillismaa"),
        ("oulunkaari", "Oulunkaari", "Oulunkaari", "Oulunkaari"),
        ("oulu", "Oulu", "Uleåborg", "Oulu"),
        ("lakeus", "Lakeus", "Lakeus", "Lakeus"),
        ("oulun-etelainen", "Oulun eteläinen", "Oulun eteläinen", "Southern Oulu region"),
        ("rannikkoseutu", "Rannikkoseutu", "Kustregionen", "Coastal region"),
        ("whole-county", "Koko hyvinvointialue", "Hela välfärdsområdet", "Whole county"),
    ],
    "ServiceArea": [
        ("family-social", "Perhe- ja sosiaalipalvelut", "Familje- och socialtjänster",
         "Family and social services"),
        ("mental-health-substance", "Mielenterveys- ja päihdepalvelut",
         "Mentalvårds- och missbrukartjänster", "Mental health and substance abuse services"),
        ("health-medical", "Terveys- ja sairaanhoitopalvelut", "Hälso- och sjukvårdstjänster",
         "Health and medical care"),
        ("older-people", "Ikääntyneiden palvelut", "Tjänster för äldre",
         "Services for older people"),
        ("disability", "Vammaispalvelut", "Funktionshinderservice", "Disability services"),
        ("rehabilitation", "Kuntoutus", "Rehabilitering", "Rehabilitation"),
        ("hospital", "Sairaalapalvelut", "Sjukhustjänster", "Hospital services"),
        ("emergency-medical", "Ensihoito", "Prehospital akutsjukvård",
         "Emergency medical services"),
        ("rescue", "Pelastustoimi", "Räddningsväsendet", "Rescue services"),
        ("wellbeing-promotion", "Hyvinvoinnin ja terveyden edistäminen",
         "Främjande av välfärd och hälsa", "Wellbeing and health promotion"),
        ("digital", "Digitaaliset palvelut", "Digitala tjänster", "Digital services"),
        ("other", "Muu / en osaa sanoa", "Annat / vet inte", "Other / don't know"),
    ],
    "StakeholderGroup": [
        ("resident", "Asukas", "Invånare", "Resident"),
        ("professional", "Ammattilainen (henkilöstö)", "Yrkesperson (personal)",
         "Professional (staff)"),
        ("company", "Yritys", "Företag", "Company"),
        ("ngo", "Järjestö tai yhdistys", "Organisation eller förening", "NGO or association"),
        ("research-education", "Tutkimus ja koulutus", "Forskning och utbildning",
         "Research and education"),
        ("student", "Opiskelija", "Studerande", "Student"),
        ("other", "Muu", "Annan", "Other"),
    ],
    "SuggestionKind": [
        ("need", "Tarve tai ongelma", "Behov eller problem", "Need or problem"),
        ("idea", "Idea tai ratkaisu", "Idé eller lösning", "Idea or solution"),
        ("collaboration", "Yhteistyöpyyntö", "Begäran om samarbete", "Collaboration request"),
        ("invention", "Keksintö", "Uppfinning", "Invention"),
        ("feedback", "Palaute yhteiskehittämisestä", "Respons på samutvecklingen",
         "Feedback on co-development"),
    ],
    "StrategyTheme": [
        ("for-people", "Ihmistä varten", "För människan", "For people"),
        ("effectively-together", "Vaikuttavasti yhdessä", "Effektivt tillsammans",
         "Effectively together"),
        ("best-professionals", "Parhaat osaajat", "De bästa experterna", "Best professionals"),
        ("boldly-new", "Rohkeasti uutta", "Modigt nytt", "Boldly new"),
    ],
}


def create_terms(apps, schema_editor):
    for model_name, rows in TERMS.items():
        model = apps.get_model("taxonomy", model_name)
        for position, (code, fi, sv, en) in enumerate(rows):
            extra = {}
            if model_name == "Area":
                extra["covers_whole_county"] = code == "whole-county"
            if model_name == "SuggestionKind":
                extra["routes_to_coordinators"] = code == "feedback"
            model.objects.update_or_create(
                code=code,
                defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "position": position,
                          **extra},
            )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(create_terms, migrations.RunPython.noop)]
