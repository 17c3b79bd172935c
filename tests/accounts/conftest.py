from django.urls import reverse


def sign_in(client, username, password, ip="127.0.0.1", **extra):
    """One sign-in through the login view, as a browser at `ip` would do it."""
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)
