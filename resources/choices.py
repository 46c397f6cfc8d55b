"""The fixed lists a guide is filed under: its category and the tasks it helps with.

Both are short, fixed lists (a reader filters by them with ``?category=`` and ``?need=``), so
they are choices in code with gettext labels rather than rows editors could rename.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    LEGAL_RIGHTS = "legal-rights", _("Legal rights")
    IDENTITY_DOCUMENTS = "identity-documents", _("Identity documents")
    HEALTH_AND_HIV = "health-and-hiv", _("Health and HIV")
    PENSIONS_AND_BENEFITS = "pensions-and-benefits", _("Pensions and benefits")
    CHILDRENS_EDUCATION = "childrens-education", _("Children's education")
    LIVELIHOOD_AND_LOANS = "livelihood-and-loans", _("Livelihood and loans")


class Need(models.TextChoices):
    """ "What do you need to do?": the reader's task, in her words rather than a department's."""

    IDENTITY_DOCUMENT = "identity-document", _("Get an identity document")
    TESTED_OR_TREATED = "tested-or-treated", _("Get tested or treated")
    PENSION = "pension", _("Get a pension")
    SCHOOL = "school", _("Get your child into school")
    POLICE = "police", _("When the police stop you or take you in")
    BANK_OR_LOAN = "bank-or-loan", _("Open a bank account or get a loan")


CATEGORY_LABELS: dict[str, str] = dict(Category.choices)
NEED_LABELS: dict[str, str] = dict(Need.choices)
