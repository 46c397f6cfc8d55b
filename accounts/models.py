"""One-time links with which a person sets her own password and authenticator app."""

from django.conf import settings
from django.db import models


class Invitation(models.Model):
    """A link sent by e-mail: works once, for ACCOUNTS_INVITATION_HOURS after it was sent.

    Only a SHA-256 hash of the link's secret part is stored, so a copy of the database gives
    nobody a usable link. A newer link for the same person marks the older ones replaced.
    """

    class Purpose(models.TextChoices):
        INVITE = "invite", "New account"
        NEW_APP = "new_app", "Two-step sign-in reset"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=16, choices=Purpose.choices, default=Purpose.INVITE)
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    used_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["user", "-sent_at"], name="accounts_invitation_latest")]

    def __str__(self) -> str:
        # Admin log lines and errors: an id, never a name or an address.
        return f"Invitation {self.pk}"
