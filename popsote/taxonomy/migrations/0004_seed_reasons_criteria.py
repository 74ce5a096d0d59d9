"""Reasons for not taking a suggestion forward and the evaluation criteria of the design;
coordinators may view, add and change them in the admin like the other terms."""

from django.db import migrations

TERMS = {
    "DecisionReason": [
        ("already-planned", "Kehitys on jo suunnitteilla tai käynnissä",
         "Utvecklingen är redan planerad eller pågår", "Already planned or under way"),
        ("not-feasible", "Ei toteutettavissa nykyisillä resursseilla",
         "Inte genomförbart med nuvarande resurser", "Not feasible with current resources"),
        ("legislation", "Lainsäädäntö tai määräykset estävät",
         "Lagstiftning eller bestämmelser hindrar", "Prevented by legislation or regulations"),
        ("strategy", "Ei sovi hyvinvointialueen strategiaan",
         "Passar inte välfärdsområdets strategi", "Does not fit the county's strategy"),
        ("low-benefit", "Hyöty jää vähäiseksi kustannuksiin nähden",
         "Nyttan är liten i förhållande till kostnaderna", "Benefit too small for the cost"),
        ("outside-county", "Ei kuulu hyvinvointialueen tehtäviin",
         "Hör inte till välfärdsområdets uppgifter", "Outside the county's responsibilities"),
        ("other", "Muu syy (kerrottu perusteluissa)", "Annan orsak (anges i motiveringen)",
         "Other reason (given in the message)"),
    ],
    "EvaluationCriterion": [
        ("benefit-residents", "Hyöty asukkaille ja asiakkaille",
         "Nytta för invånare och klienter", "Benefit to residents and clients"),
        ("benefit-staff", "Hyöty henkilöstölle", "Nytta för personalen", "Benefit to staff"),
        ("feasibility", "Toteutettavuus", "Genomförbarhet", "Feasibility"),
        ("cost", "Kustannukset (5 = edullinen)", "Kostnader (5 = förmånligt)",
         "Cost (5 = inexpensive)"),
        ("strategic-fit", "Strateginen sopivuus", "Strategisk passform", "Strategic fit"),
        ("novelty", "Uutuusarvo", "Nyhetsvärde", "Novelty"),
    ],
}
ACTIONS = ["view", "add", "change"]


def create_terms(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for model_name, rows in TERMS.items():
        model = apps.get_model("taxonomy", model_name)
        for position, (code, fi, sv, en) in enumerate(rows):
            model.objects.update_or_create(
                code=code,
                defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "position": position},
            )
    app_config = apps.get_app_config("taxonomy")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    coordinator, _ = apps.get_model("auth", "Group").objects.get_or_create(name="coordinator")
    codenames = [f"{action}_{name.lower()}" for name in TERMS for action in ACTIONS]
    coordinator.permissions.add(
        *apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="taxonomy", codename__in=codenames
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("taxonomy", "0003_decision_reasons_evaluation_criteria"),
        ("accounts", "0003_coordinator_taxonomy_permissions"),
    ]

    operations = [migrations.RunPython(create_terms, migrations.RunPython.noop)]
