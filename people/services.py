"""First passwords for the people the clerk adds: a one-time link by e-mail."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm


class _OnePersonPasswordForm(PasswordResetForm):
    """Django's reset e-mail, sent for one named person (not everyone sharing the address)."""

    def __init__(self, person):
        super().__init__({"email": person.email})
        self.person = person

    def get_users(self, email):
        return [self.person] if self.person.is_active and self.person.email else []


def send_password_link(person, request):
    """E-mail `person` a one-time link to set their password. False if they have no e-mail."""
    form = _OnePersonPasswordForm(person)
    if not person.email or not form.is_valid():
        return False
    form.save(
        request=request,
        use_https=request.is_secure(),
        subject_template_name="people/emails/password_set_subject.txt",
        email_template_name="people/emails/password_set_email.txt",
        extra_email_context={"site_url": settings.SITE_URL.rstrip("/"), "person": person},
    )
    return True
