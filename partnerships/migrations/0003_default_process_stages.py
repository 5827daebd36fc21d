from django.db import migrations

STAGES = [
    ("convene", "Convene the partnership", "Bring the landscape's stakeholders together and agree how to work."),
    ("understand", "Build shared understanding", "Assess the landscape together: its resources, people, risks and trends."),
    ("plan", "Plan together", "Agree a shared vision, goals and an action plan."),
    ("implement", "Implement", "Carry out the plan, including the landscape investment portfolio."),
    ("monitor", "Monitor, learn and adapt", "Track results, learn from them and adjust the plan."),
]


def create_stages(apps, schema_editor):
    ProcessStage = apps.get_model("partnerships", "ProcessStage")
    for order, (key, name, description) in enumerate(STAGES, start=1):
        ProcessStage.objects.get_or_create(
            key=key, defaults={"name": name, "description": description, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0002_governance_process_partners_apikeys")]

    operations = [migrations.RunPython(create_stages, migrations.RunPython.noop)]
