from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import User

from .models import SecurityEvent


class ContactForm(forms.ModelForm):
    """What a person keeps current about themselves (not what grants access)."""

    class Meta:
        model = User
        fields = ["full_name", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(
        label=_("New e-mail address"),
        help_text=_("We send a link to this address; the change takes effect when you open it while signed in."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    current_password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_new_email(self):
        email = self.cleaned_data["new_email"].strip()
        if email.lower() == (self.user.email or "").lower():
            raise forms.ValidationError(_("This is already your address."))
        return email

    def clean_current_password(self):
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class SecurityEventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("All events")), *SecurityEvent.Kind.choices]
    )
    q = forms.CharField(label=_("Person"), required=False, max_length=100)
