"""What the site remembers for its own running, not page content."""

from django.db import models


class MailFailure(models.Model):
    """Notification e-mails the mail server refused or never took (base/mail.py).

    Only the kind of notification, how many and when: no address, name or title, so the row
    can be shown to administrators and kept in backups without holding anyone's details.
    """

    kind = models.CharField(max_length=40)
    count = models.PositiveIntegerField()
    failed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-failed_at"]

    def __str__(self) -> str:
        return f"{self.count} {self.kind}"
