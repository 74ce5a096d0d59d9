"""The evaluation protocol and the label rules of the design, as data labs staff may edit in the
admin (view, add and change; retired with ``is_active``, never deleted), and the labs staff's
right to manage the test environments there too."""

from django.db import migrations

DOMAINS = [
    ("effectiveness", "Vaikuttavuus", "Effektivitet", "Effectiveness", [
        ("benefit-shown", "Luvattu hyöty näkyi testissä", "Den utlovade nyttan syntes i testet",
         "The claimed benefit showed in the test"),
        ("evidence-quality", "Näytön laatu ja riittävyys", "Evidensens kvalitet och omfattning",
         "Quality and sufficiency of the evidence"),
    ]),
    ("safety", "Turvallisuus", "Säkerhet", "Safety", [
        ("clinical-safety", "Kliininen turvallisuus ja riskien hallinta",
         "Klinisk säkerhet och riskhantering", "Clinical safety and risk management"),
        ("regulatory", "Sääntelyn vaatimukset (MDR, CE-merkintä)",
         "Regulatoriska krav (MDR, CE-märkning)", "Regulatory requirements (MDR, CE marking)"),
    ]),
    ("data-security", "Tietoturva ja tietosuoja", "Informationssäkerhet och dataskydd",
     "Data security and protection", [
        ("data-protection", "Tietosuoja (GDPR, vaikutustenarviointi)",
         "Dataskydd (GDPR, konsekvensbedömning)", "Data protection (GDPR, impact assessment)"),
        ("information-security", "Tietoturva", "Informationssäkerhet", "Information security"),
    ]),
    ("usability", "Käytettävyys ja saavutettavuus", "Användbarhet och tillgänglighet",
     "Usability and accessibility", [
        ("usability", "Käytettävyys käyttäjien arjessa", "Användbarhet i användarnas vardag",
         "Usability in the users' daily work and life"),
        ("accessibility", "Saavutettavuus (WCAG 2.1 AA)", "Tillgänglighet (WCAG 2.1 AA)",
         "Accessibility (WCAG 2.1 AA)"),
    ]),
    ("interoperability", "Yhteentoimivuus", "Interoperabilitet", "Interoperability", [
        ("standards", "Standardit ja rajapinnat", "Standarder och gränssnitt",
         "Standards and interfaces"),
        ("integration", "Liitettävyys alueen järjestelmiin",
         "Integration med välfärdsområdets system", "Integration with the county's systems"),
    ]),
    ("costs", "Kustannukset", "Kostnader", "Costs", [
        ("cost-effectiveness", "Kustannusvaikuttavuus", "Kostnadseffektivitet",
         "Cost-effectiveness"),
    ]),
    ("care-processes", "Vaikutukset hoitoprosesseihin", "Effekter på vårdprocesserna",
     "Effects on care processes", [
        ("workload", "Vaikutus henkilöstön työhön", "Effekt på personalens arbete",
         "Effect on the staff's work"),
        ("process-fit", "Sopivuus hoito- ja palveluprosessiin",
         "Passform i vård- och serviceprocessen", "Fit with the care and service process"),
    ]),
    ("co-creation", "Yhteiskehittäminen", "Samutveckling", "Co-creation", [
        ("co-developed", "Kehitetty yhdessä henkilöstön tai asukkaiden kanssa",
         "Utvecklad tillsammans med personal eller invånare",
         "Developed together with staff or residents"),
        ("feedback-used", "Testin palaute on otettu käyttöön",
         "Responsen från testet har tagits i bruk", "Feedback from the test has been used"),
    ]),
]

RULES = [
    ("approved", "Hyväksytty", "Godkänd", "Approved", False, False,
     "Dokumentaatio ja asiantuntija-arviointi hyväksytty.",
     "Dokumentationen och expertbedömningen godkända.",
     "Documentation and expert evaluation passed."),
    ("tested", "Testattu", "Testad", "Tested", True, False,
     "Läpäissyt kenttätestin todellisessa toimintaympäristössä.",
     "Har klarat ett fälttest i en verklig miljö.",
     "Passed a field test in a real care environment."),
    ("co_created", "Yhteiskehitetty", "Samutvecklad", "Co-created", True, True,
     "Testattu ja kehitetty yhdessä hyvinvointialueen henkilöstön tai asukkaiden kanssa.",
     "Testad och utvecklad tillsammans med välfärdsområdets personal eller invånare.",
     "Tested, and developed together with the county's staff or residents."),
]

MANAGED_MODELS = ["testenvironment", "evaluationdomain", "evaluationcriterion", "labelrule"]
ACTIONS = ["view", "add", "change"]


def seed(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    domain_model = apps.get_model("labs", "EvaluationDomain")
    criterion_model = apps.get_model("labs", "EvaluationCriterion")
    for position, (code, fi, sv, en, criteria) in enumerate(DOMAINS):
        domain, _ = domain_model.objects.update_or_create(
            code=code,
            defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "position": position},
        )
        for criterion_position, (c_code, c_fi, c_sv, c_en) in enumerate(criteria):
            criterion_model.objects.update_or_create(
                code=c_code,
                defaults={
                    "domain": domain,
                    "name_fi": c_fi,
                    "name_sv": c_sv,
                    "name_en": c_en,
                    "position": criterion_position,
                },
            )
    rule_model = apps.get_model("labs", "LabelRule")
    for position, (code, fi, sv, en, field_test, co_creation, d_fi, d_sv, d_en) in enumerate(
        RULES
    ):
        rule_model.objects.update_or_create(
            code=code,
            defaults={
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "position": position,
                "requires_field_test": field_test,
                "requires_co_creation": co_creation,
                "description_fi": d_fi,
                "description_sv": d_sv,
                "description_en": d_en,
            },
        )

    # Permissions are normally created after all migrations; on a fresh database they do not
    # exist yet, so create the labs app's now (idempotent).
    app_config = apps.get_app_config("labs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    labs_staff, _ = apps.get_model("auth", "Group").objects.get_or_create(name="labs_staff")
    codenames = [f"{action}_{model}" for model in MANAGED_MODELS for action in ACTIONS]
    labs_staff.permissions.add(
        *apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="labs", codename__in=codenames
        )
    )


def unseed(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="labs_staff").first()
    if group is not None:
        group.permissions.remove(*group.permissions.filter(content_type__app_label="labs"))


class Migration(migrations.Migration):
    dependencies = [
        ("labs", "0001_initial"),
        ("accounts", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
