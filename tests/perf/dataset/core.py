"""Part ``core``: users, partnerships and memberships, plus the benchmark's principals.

Principals: ``BENCH_EMAIL`` leads ``MAIN_SLUG`` (a large public partnership whose
workspace, members page and API are measured) and the two probe partnerships, which
hold ``PROBE_N`` and ``2 * PROBE_N`` members and landscapes for the "queries constant
in the number of rows" check.
"""

from __future__ import annotations

import random
import uuid

from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from hub.models import User
from partnerships.models import Membership, Partnership
from partnerships.roles import Role

NAME = "core"
VERSION = "1"

USERS = 20_000
PARTNERSHIPS = 1_000
MAIN_MEMBERS = 200
PROBE_N = 10

BENCH_EMAIL = "bench.leader@bench.invalid"
BENCH_PASSWORD = "bench-password-not-secret"
MAIN_SLUG = "bench-main"
PROBE_N_SLUG = "bench-probe-n"
PROBE_2N_SLUG = "bench-probe-2n"

COUNTRIES = ["KE", "UG", "TZ", "ET", "RW", "GH", "CI", "NG", "SN", "CM", "CD", "MZ", "MW", "ZM",
             "MG", "BR", "PE", "CO", "EC", "BO", "GT", "HN", "MX", "IN", "NP", "ID", "PH", "VN",
             "LA", "KH", "ES", "PT", "FR", "IT", "NL"]  # fmt: skip
PLACES = ["Elgon", "Kilombero", "Rift", "Volta", "Sahel", "Congo", "Atlantic", "Andes",
          "Amazon", "Cerrado", "Mekong", "Terai", "Borneo", "Luzon", "Sierra", "Douro",
          "Ruvuma", "Shire", "Tana", "Omo", "Nile", "Niger", "Chaco", "Yungas", "Mindanao"]  # fmt: skip
KINDS = ["Watershed", "Highlands", "Valley", "Coast", "Forest", "Drylands", "Delta",
         "Corridor", "Basin", "Plateau"]  # fmt: skip
FIRST = ["Amina", "Joseph", "Grace", "Pedro", "Lucía", "Thi", "Ravi", "Fatou", "Marie", "João",
         "Wanjiru", "Kofi", "Ana", "Nguyen", "Priya", "Abebe", "Claire", "Diego", "Esther"]  # fmt: skip
LAST = ["Okello", "Mensah", "Silva", "García", "Tran", "Sharma", "Diallo", "Dubois", "Kamau",
        "Santos", "Bekele", "Moreau", "Rojas", "Achieng", "Nkosi", "Pereira", "Lopez"]  # fmt: skip
TEXT = ("Farmers' groups, NGOs, local government and companies restore degraded land, "
        "protect water sources and grow incomes together. ")  # fmt: skip


def uuid_from(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def principal() -> User:
    return User.objects.get(email=BENCH_EMAIL)


def build(rng: random.Random, *, log=print) -> None:
    password = make_password(BENCH_PASSWORD)
    users = [
        User(
            uuid=uuid_from(rng),
            email=BENCH_EMAIL,
            full_name="Bench Leader",
            password=password,
        )
    ]
    for n in range(1, USERS):
        users.append(
            User(
                uuid=uuid_from(rng),
                email=f"user{n:05d}@bench.invalid",
                full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                password=password,
                preferred_language=rng.choice(["en", "en", "en", "es", "fr", "pt"]),
            )
        )
    User.objects.bulk_create(users, batch_size=2000)
    users = list(User.objects.order_by("pk"))
    log(f"dataset: {len(users)} users")

    special = [
        (MAIN_SLUG, "Bench Main Landscape Partnership"),
        (PROBE_N_SLUG, "Bench Probe N"),
        (PROBE_2N_SLUG, "Bench Probe 2N"),
    ]
    partnerships = []
    for n in range(PARTNERSHIPS):
        if n < len(special):
            slug, name = special[n]
            public, approved = True, True
        else:
            name = f"{rng.choice(PLACES)} {rng.choice(KINDS)} Partnership {n}"
            slug = slugify(name)[:80]
            public, approved = rng.random() < 0.9, rng.random() < 0.95
        partnerships.append(
            Partnership(
                uuid=uuid_from(rng),
                name=name,
                slug=slug,
                short_description=TEXT[:120],
                description=f"<p>{TEXT * rng.randint(1, 6)}</p>",
                status=Partnership.Status.ACTIVE,
                visibility=Partnership.Visibility.PUBLIC
                if public
                else Partnership.Visibility.PRIVATE,
                approval=Partnership.Approval.APPROVED
                if approved
                else Partnership.Approval.PROPOSED,
                join_policy=rng.choice(list(Partnership.JoinPolicy.values)),
                countries=rng.sample(COUNTRIES, rng.randint(1, 3)),
                working_languages=["en"],
                year_established=rng.randint(1995, 2025),
            )
        )
    Partnership.objects.bulk_create(partnerships, batch_size=500)
    partnerships = list(Partnership.objects.order_by("pk"))
    by_slug = {p.slug: p for p in partnerships}
    log(f"dataset: {len(partnerships)} partnerships")

    leader, others = users[0], users[1:]
    memberships = [
        Membership(uuid=uuid_from(rng), partnership=by_slug[slug], user=leader, role=Role.LEADER)
        for slug, _name in special
    ]
    roles = [Role.VIEWER] * 6 + [Role.EDITOR, Role.MEL_OFFICER, Role.FINANCE_OFFICER]
    sizes = {
        MAIN_SLUG: MAIN_MEMBERS - 1,
        PROBE_N_SLUG: PROBE_N - 1,
        PROBE_2N_SLUG: 2 * PROBE_N - 1,
    }
    for partnership in partnerships:
        size = sizes.get(partnership.slug, rng.randint(4, 40))
        chosen = rng.sample(others, size)
        for i, user in enumerate(chosen):
            role = Role.LEADER if i == 0 and partnership.slug not in sizes else rng.choice(roles)
            memberships.append(
                Membership(uuid=uuid_from(rng), partnership=partnership, user=user, role=role)
            )
    Membership.objects.bulk_create(memberships, batch_size=2000)
    log(f"dataset: {len(memberships)} memberships")
