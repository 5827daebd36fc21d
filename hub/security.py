def axes_username(request, credentials) -> str:
    """The login name axes counts failures against, whichever form sent it."""
    credentials = credentials or {}
    for key in ("login", "email", "username"):
        value = credentials.get(key) or (request.POST.get(key) if request is not None else None)
        if value:
            return str(value).strip().lower()
    return ""
