"""Each person who uses the platform, on the demo data, at desktop and phone widths: their
main pages load, look finished (full-page screenshots are saved in
test-results/personas/), and axe-core finds no serious or critical accessibility
violation on them."""

import pytest
from django.core.management import call_command

from tests.e2e.conftest import RESULTS_DIR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = "/static/vendor/axe-core/axe.min.js"
WIDTHS = {"desktop": 1280, "phone": 390}
SHOTS = RESULTS_DIR / "personas"

LEADER = "amina.wanjiru@mount-elgon.example.org"
MEL_OFFICER = "peter.wekesa@mount-elgon.example.org"
FINANCE_OFFICER = "ruth.nasimiyu@mount-elgon.example.org"
TRAINER = "daniel.kiprop@demo.landscapehub.org"
HUB_STAFF = "hub.coordinator@demo.landscapehub.org"


def _funder_email() -> str:
    from finance.models import FunderStaff

    return FunderStaff.objects.select_related("user").order_by("pk").first().user.email


PERSONAS = {
    "anonymous": (
        None,
        ["/", "/landscapes/", "/p/mount-elgon/", "/scorecard/", "/stories/", "/library/"],
    ),
    "leader": (
        LEADER,
        [
            "/p/mount-elgon/",
            "/p/mount-elgon/landscapes/",
            "/p/mount-elgon/members/",
            "/p/mount-elgon/governance/",
        ],
    ),
    "mel_officer": (MEL_OFFICER, ["/p/mount-elgon/mel/"]),
    "finance_officer": (FINANCE_OFFICER, ["/p/mount-elgon/finance/"]),
    "funder": (_funder_email, ["/funders/"]),
    "trainer": (TRAINER, ["/capacity/"]),
    "hub_staff": (HUB_STAFF, ["/coordination/", "/organizations/"]),
}


@pytest.fixture
def demo_data(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _sign_in(page, email: str) -> None:
    from django.conf import settings

    page.goto("/accounts/login/")
    page.fill("[name=login]", email)
    page.fill("[name=password]", settings.HUB_DEMO_PASSWORD)
    page.locator("form:has([name=login]) button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _serious_violations(page) -> list[str]:
    page.add_script_tag(url=AXE)  # from our own origin, so the CSP allows it
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"
    )
    return result


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_persona_pages_load_and_pass_the_accessibility_check(
    browser, live_server, demo_data, persona
):
    who, paths = PERSONAS[persona]
    email = who() if callable(who) else who
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for label, width in WIDTHS.items():
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", viewport={"width": width, "height": 900}
        )
        context.set_default_timeout(30_000)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.on(
            "console",
            lambda message, errors=errors: (
                errors.append(message.text)
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        if email:
            _sign_in(page, email)
        for path in paths:
            response = page.goto(path)
            page.wait_for_load_state("networkidle")
            assert response.status == 200, f"{persona} {path}: {response.status}"
            page.screenshot(
                path=str(SHOTS / f"{persona}{path.replace('/', '_')}{label}.png"), full_page=True
            )
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 1:
                problems.append(f"{label} {path}: the page is {overflow}px wider than the screen")
            problems += [f"{label} {path}: {v}" for v in _serious_violations(page)]
        problems += [f"{label}: script error {e}" for e in errors]
        context.close()

    assert problems == [], "\n".join(problems)
