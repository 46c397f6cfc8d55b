"""Wagtail's publish_scheduled, refusing scheduled publications that consent does not cover.

The guard would stop them anyway (by raising); checking first lets every other scheduled page
still go live, clears the refused schedule and records why in the audit log.
"""

from django.utils import timezone
from wagtail.log_actions import log
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from consent.guard import PublicationGuardMixin


class Command(WagtailCommand):
    def handle(self, *args, **options):
        if not options.get("dryrun"):
            self._refuse_uncovered()
        return super().handle(*args, **options)

    def _refuse_uncovered(self) -> None:
        due = Revision.objects.filter(approved_go_live_at__lt=timezone.now())
        for revision in due:
            candidate = revision.as_object()
            if not isinstance(candidate, PublicationGuardMixin):
                continue
            problems = candidate.publication_problems()
            if not problems:
                continue
            Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
            log(
                instance=candidate,
                action="samvedna.consent.publish_refused",
                data={"reasons": problems},
                title="Story",
            )
            self.stdout.write(f"Not published (page #{candidate.pk}): " + "; ".join(problems) + ".")
