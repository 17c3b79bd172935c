"""Signing in and out at /accounts/, in Vietnamese first."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .conftest import sign_in

pytestmark = pytest.mark.django_db


def test_login_page_is_a_vietnamese_page_with_the_sign_in_form(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="viewport"' in html  # laid out for phones
    assert reverse("password_reset") in html


def test_login_page_speaks_english_when_asked(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert '<html lang="en">' in html
    with translation.override("en"):
        assert "Forgot your password?" in html


def test_signing_in_goes_to_the_persons_start_page(client, official):
    response = sign_in(client, "tuphap", "pw-tuphap")

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).url == reverse("tasks:my_tasks")


def test_signing_in_returns_to_the_page_asked_for(client, official):
    wanted = reverse("notifications:notifications")
    assert client.get(wanted).url == f"{reverse('login')}?next={wanted}"

    response = client.post(
        f"{reverse('login')}?next={wanted}", {"username": "tuphap", "password": "pw-tuphap", "next": wanted}
    )

    assert response.url == wanted


def test_a_wrong_password_shows_the_form_again_with_an_error(client, official):
    response = sign_in(client, "tuphap", "wrong", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_a_signed_in_person_visiting_the_login_page_goes_on_to_work(client, official):
    client.force_login(official)

    assert client.get(reverse("login")).url == reverse("home")


def test_signing_out_is_a_post_and_says_so_on_the_sign_in_page(client, official):
    client.force_login(official)
    assert client.get(reverse("logout")).status_code == 405

    response = client.post(reverse("logout"), HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert response.redirect_chain[-1][0] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert "You have signed out." in response.content.decode()


def test_logged_out_template_renders(rf):
    # Only shown if LOGOUT_REDIRECT_URL is ever unset; it must still render.
    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override("en"):
        html = render_to_string("registration/logged_out.html", request=request)
    assert "You have signed out." in html
