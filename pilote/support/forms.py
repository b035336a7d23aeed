"""Forms of the « Assistance » module."""

from django import forms

from pilote.core.forms import PiloteForm, SchoolScopedModelForm
from pilote.core.uploads import DOCX, JPEG, PDF, PNG, TEXT, LimitedFileField

from .choices import RequestCategory
from .models import SupportRequest

ATTACHMENT_KINDS = (PDF, PNG, JPEG, DOCX, TEXT)
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024


def attachment_field() -> LimitedFileField:
    return LimitedFileField(
        label="Pièce jointe (capture d'écran, photo, document)",
        kinds=ATTACHMENT_KINDS,
        max_bytes=ATTACHMENT_MAX_BYTES,
        required=False,
    )


class SupportRequestForm(SchoolScopedModelForm):
    attachment = attachment_field()

    class Meta:
        model = SupportRequest
        fields = [
            "category",
            "title",
            "description",
            "equipment",
            "room",
            "school_service",
            "account_kind",
        ]
        labels = {"title": "Objet de la demande"}
        help_texts = {
            "description": "Ce qui se passe, depuis quand, ce que vous avez déjà essayé.",
            "equipment": "L'appareil en cause, s'il est à l'inventaire : il décide du "
            "destinataire.",
            "school_service": "Le service ou l'application en cause.",
            "account_kind": "Pour une demande sur un compte : de quel compte s'agit-il ?",
        }

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, school=school, **kwargs)
        self.fields["equipment"].queryset = self.fields["equipment"].queryset.select_related("room")
        self.fields["school_service"].queryset = self.fields[
            "school_service"
        ].queryset.select_related("service")

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        if category == RequestCategory.COMPTE and not cleaned.get("account_kind"):
            self.add_error("account_kind", "Précisez le type de compte concerné.")
        if category == RequestCategory.SERVICE and not cleaned.get("school_service"):
            self.add_error("school_service", "Choisissez le service concerné.")
        return cleaned


class RequestActionForm(PiloteForm):
    """A message, a file, or both — and, with the button pressed, a change of status."""

    body = forms.CharField(
        label="Message", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    attachment = attachment_field()
    status = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, allowed_statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed_statuses = set(allowed_statuses)

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status and status not in self.allowed_statuses:
            raise forms.ValidationError(
                "Ce changement d'état n'est pas possible pour vous sur cette demande."
            )
        return status

    def clean(self):
        cleaned = super().clean()
        empty = not (cleaned.get("body") or cleaned.get("attachment") or cleaned.get("status"))
        if empty and not self.errors:
            raise forms.ValidationError("Écrivez un message ou joignez un fichier.")
        return cleaned
