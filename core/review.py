"""The review queue: every entry waiting for a publisher, oldest first, across all content types.

Publishers approve (publish) or send back with a comment from here; both go through
`core.services`, so the rules and the history are the same as everywhere else.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .models import PublicationStatus, PublishableModel

SUGGESTED_SLUG_PREFIX = "suggested-"  # how public.services names a visitor's suggestion


def reviewable_models():
    """Publishable models registered in the admin, in a stable order."""
    models = [m for m in admin.site._registry if issubclass(m, PublishableModel)]
    return sorted(models, key=lambda m: m._meta.label)


class ReviewDecisionForm(forms.Form):
    content_type = forms.ModelChoiceField(queryset=ContentType.objects.all())
    object_id = forms.IntegerField(min_value=1)
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve and publish")), ("send_back", "")]
    )
    comment = forms.CharField(required=False, max_length=2000)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "send_back" and not cleaned.get("comment", "").strip():
            raise ValidationError(_("Say what needs to change when you send an entry back."))
        return cleaned


def _rows(model, queryset, user):
    opts = model._meta
    content_type = ContentType.objects.get_for_model(model)
    return [
        {
            "entry": entry,
            "kind": opts.verbose_name,
            "content_type": content_type.pk,
            "change_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk]
            ),
            "history_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[entry.pk]
            ),
            "can_decide": services.can_publish(user, model),
        }
        for entry in queryset
    ]


class RevisionDecisionForm(forms.Form):
    revision = forms.IntegerField(min_value=1)
    decision = forms.ChoiceField(choices=[("approve", ""), ("send_back", "")])
    comment = forms.CharField(required=False, max_length=2000)


def _decide_revision(request):
    from revisions import services as revisions
    from revisions.models import Revision

    form = RevisionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That decision could not be read."))
        return
    revision = Revision.objects.filter(pk=form.cleaned_data["revision"]).first()
    if revision is None:
        raise Http404
    try:
        if form.cleaned_data["decision"] == "approve":
            entry = revisions.revision_approve(revision=revision, by=request.user)
            messages.success(
                request, _("The change to “%(entry)s” is approved and live.") % {"entry": entry}
            )
        else:
            revisions.revision_send_back(
                revision=revision, by=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("The change was sent back to its editor."))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Only a publisher can decide."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


def _revision_rows(user):
    from revisions.models import Revision
    from revisions.services import revision_diff

    rows = []
    pending = Revision.objects.pending().select_related("content_type", "author")
    for revision in pending.prefetch_related("entry"):
        model = revision.content_type.model_class()
        if model not in reviewable_models() or revision.entry is None:
            continue
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        rows.append(
            {
                "revision": revision,
                "entry": revision.entry,
                "kind": opts.verbose_name,
                "diff": revision_diff(revision),
                "change_url": reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change", args=[revision.object_id]
                ),
                "can_decide": services.can_publish(user, model),
            }
        )
    return rows


def _decide(request):
    if "revision" in request.POST:
        return _decide_revision(request)
    form = ReviewDecisionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("__all__", []) or [_("That decision could not be read.")]:
            messages.error(request, error)
        return
    model = form.cleaned_data["content_type"].model_class()
    if model not in reviewable_models():
        raise Http404
    entry = model._base_manager.filter(pk=form.cleaned_data["object_id"]).first()
    if entry is None:
        raise Http404
    try:
        if form.cleaned_data["decision"] == "approve":
            if entry.status != PublicationStatus.IN_REVIEW:
                raise ValidationError(_("This entry is no longer waiting for review."))
            services.entry_publish(entry=entry, by=request.user)
            messages.success(request, _("“%(entry)s” is published.") % {"entry": entry})
        else:
            services.entry_send_back(
                entry=entry, by=request.user, comment=form.cleaned_data["comment"].strip()
            )
            messages.success(
                request, _("“%(entry)s” was sent back to its editor.") % {"entry": entry}
            )
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Only a publisher can decide."))
    except ValidationError as error:
        messages.error(request, error.messages[0])


def review_queue(request):
    """GET: what waits for review, by whom, since when. POST: a publisher's decision."""
    if request.method == "POST":
        _decide(request)
        return HttpResponseRedirect(request.path)
    waiting, sent_back, suggested = [], [], []
    for model in reviewable_models():
        if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        base = model._base_manager.select_related("submitted_by")
        waiting += _rows(model, base.filter(status=PublicationStatus.IN_REVIEW), request.user)
        drafts = base.filter(status=PublicationStatus.DRAFT)
        # Sent back: submitted once, then returned with a comment. A visitor's suggestion
        # also carries a note but was never submitted: it is new work, not returned work.
        returned = drafts.exclude(review_comment="").filter(submitted_at__isnull=False)
        sent_back += _rows(model, returned, request.user)
        fresh = drafts.filter(submitted_at__isnull=True, slug__startswith=SUGGESTED_SLUG_PREFIX)
        suggested += _rows(model, fresh, request.user)
    waiting.sort(key=lambda row: (row["entry"].submitted_at is None, row["entry"].submitted_at))
    sent_back.sort(key=lambda row: row["entry"].updated, reverse=True)
    suggested.sort(key=lambda row: row["entry"].created, reverse=True)
    context = {
        **admin.site.each_context(request),
        "title": _("Review queue"),
        "waiting": waiting,
        "revisions": _revision_rows(request.user),
        "sent_back": sent_back,
        "suggested": suggested,
    }
    return render(request, "admin/review_queue.html", context)


def waiting_count() -> int:
    from revisions.models import Revision

    return Revision.objects.pending().count() + sum(
        m._base_manager.filter(status=PublicationStatus.IN_REVIEW).count()
        for m in reviewable_models()
    )
