"""Sign a test client in the way the admin requires: password and a second factor.

``force_login`` skips allauth's login stages; this records in the session what allauth
records after a password and a TOTP code (tests/hub/test_admin_mfa.py goes through the
real stages once)."""

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)


def sign_in_with_second_factor(client, user) -> None:
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
