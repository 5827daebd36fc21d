from django.urls import reverse


def api_url(name: str, **kwargs) -> str:
    return reverse(f"api-v1:{name}", kwargs=kwargs or None)


def assert_error(response, status: int, code: str) -> dict:
    """The one error shape: {"error": {"status", "code", "message", "fields"?}}."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ["error"]
    error = body["error"]
    assert error["status"] == status
    assert error["code"] == code
    assert isinstance(error["message"], str)
    assert error["message"]
    assert ("fields" in error) == (status == 400)
    return error
