"""The person's own account, e-mail confirmation, password views that record events, the audit list."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import ContactForm, EmailChangeForm, SecurityEventFilterForm
from .models import SecurityEvent, may_read_security_events

Via = SecurityEvent.Via
EVENTS_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
def my_account(request):
    """Name and phone, the e-mail address (changed only once confirmed), the password link."""
    user = request.user
    which = request.POST.get("form") if request.method == "POST" else None
    contact = ContactForm(request.POST if which == "contact" else None, instance=user, prefix="contact")
    email = EmailChangeForm(request.POST if which == "email" else None, user=user, prefix="email")
    if which == "contact" and contact.is_valid():
        services.change_account(user, user, contact.cleaned_data, via=Via.PORTAL, request=request)
        messages.success(request, _("Your details were saved."))
        return redirect("accounts:my_account")
    if which == "email" and email.is_valid():
        new_email = email.cleaned_data["new_email"]
        services.request_email_change(user, user, new_email, via=Via.PORTAL, request=request)
        messages.info(
            request,
            _("A link was sent to %(email)s: open it while signed in to start using the new address.")
            % {"email": new_email},
        )
        return redirect("accounts:my_account")
    events = SecurityEvent.objects.filter(target=user).select_related("actor")[:10]
    context = {
        "contact_form": contact,
        "email_form": email,
        "pending": services.pending_email(user),
        "events": events,
    }
    return render(request, "accounts/my_account.html", context, status=400 if which else 200)


@login_required
@require_POST
def email_cancel(request):
    services.cancel_email_change(request.user)
    messages.info(request, _("The e-mail change was cancelled."))
    return redirect("accounts:my_account")


@login_required
@require_http_methods(["GET", "POST"])
def email_confirm(request, token):
    """Opened from the link sent to the new address, signed in as the person it is for."""
    change = services.email_change_for(request.user, token)
    if change is None:
        raise Http404
    if request.method == "POST":
        services.confirm_email_change(change, request=request)
        messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": change.new_email})
        return redirect("accounts:my_account")
    return render(request, "accounts/email_confirm.html", {"change": change})


@login_required
def security_log(request):
    """Security events the reader may see, newest first (4 queries whatever the size)."""
    if not may_read_security_events(request.user):
        raise Http404
    form = SecurityEventFilterForm(request.GET or None)
    events = SecurityEvent.objects.for_user(request.user).select_related("unit")
    if form.is_valid():
        if form.cleaned_data["kind"]:
            events = events.filter(kind=form.cleaned_data["kind"])
        if q := form.cleaned_data["q"].strip():
            events = events.filter(Q(target_label__icontains=q) | Q(actor_label__icontains=q) | Q(details__username=q))
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/security_log.html", {"page": page, "form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; recorded, and the person's address told. Other sessions end."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_was_set(self.request.user, self.request.user, via=Via.PORTAL, request=self.request)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset from an e-mailed link; recorded. Every session of the person ends."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_was_reset(form.user, request=self.request)
        return response
