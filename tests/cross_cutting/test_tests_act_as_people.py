"""Tests act as the real people (issue 11): no test of a leader's, staff member's or site
administrator's action signs in as a superuser.

A superuser may do everything, so a test run as one cannot see a permission a group lacks: the
leaders' *Withdraw consent* was refused on the real site while every test passed. Tests sign in
as group members instead (tests/support/people.py, and the staff_client, leader_client and
administrator_client fixtures of tests/conftest.py).

This reads the test modules' source. A module outside ALLOWED that uses pytest-django's
admin_client or admin_user, calls create_superuser or sets is_superuser fails here. Each allowed
module says why it needs a superuser; an entry a module no longer needs fails too, so the list
only shrinks.
"""

import io
import re
import tokenize
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]

SUPERUSER = re.compile(
    r"\badmin_client\b|\badmin_user\b|\bcreate_superuser\b"
    # is_superuser=True, is_superuser=some_flag, "is_superuser": True; not == or =False
    r"|\bis_superuser\b[\"']?\s*(?:=(?!=)|:)\s*(?!False\b)"
)


ALLOWED = {
    "consent/test_guard.py": (
        "only a superuser may publish a story directly: the superuser's direct publish paths, "
        "and the control run of the test that no group member can"
    ),
    "moderation/test_workflows.py": (
        "a superuser acting for the leaders is logged as an override, which leaders then see"
    ),
    "moderation/test_notifications.py": (
        "superusers get review e-mails unless WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS is off"
    ),
    "accounts/test_two_factor_enforcement.py": (
        "the second factor binds every account, an operator's superuser account first"
    ),
    "accounts/test_two_factor.py": (
        "the operator's first account, made with createsuperuser on the server, gets its set-up "
        "link printed"
    ),
    "moderation/test_leaders_admin.py": (
        "a superuser who is also in the leaders' group keeps Wagtail's whole admin"
    ),
    "accounts/test_invitations.py": (
        "site administrators may not edit a superuser or send her a set-up link"
    ),
}


def code_of(source: str) -> str:
    """The source without its comments (a comment may name what it avoids)."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return tokenize.untokenize(
        (token.type, token.string) for token in tokens if token.type != tokenize.COMMENT
    )


def superuser_uses(source: str) -> list[str]:
    return [match.group(0) for match in SUPERUSER.finditer(code_of(source))]


def module_sources() -> dict[str, str]:
    this = Path(__file__).resolve()
    return {
        path.relative_to(TESTS).as_posix(): path.read_text()
        for path in sorted(TESTS.rglob("*.py"))
        if path.resolve() != this
    }


def test_no_test_outside_the_allowlist_signs_in_as_a_superuser():
    offenders = {
        name: sorted(set(uses))
        for name, source in module_sources().items()
        if name not in ALLOWED and (uses := superuser_uses(source))
    }
    assert not offenders, (
        "sign in as a member of the group that does this (tests/support/people.py, staff_client, "
        f"leader_client, administrator_client), not as a superuser: {offenders}"
    )


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_every_allowed_module_still_needs_its_place(name):
    source = module_sources().get(name)
    assert source is not None, f"{name} is gone: remove it from ALLOWED"
    assert superuser_uses(source), f"{name} no longer uses a superuser: remove it from ALLOWED"


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("def test_x(admin_client):\n    pass\n", True),
        ("def test_x(client, admin_user):\n    client.force_login(admin_user)\n", True),
        ("User.objects.create_superuser('root', password='x')\n", True),
        ("make_user('editor', group=None, is_superuser=True)\n", True),
        ("make_user('editor', is_superuser = flag)\n", True),
        ("User(**{'is_superuser': True})\n", True),
        ("# never admin_client here\nx = 1\n", False),
        ("assert not user.is_superuser\n", False),
        ("if user.is_superuser == expected:\n    pass\n", False),
        ("create_user('staff', is_superuser=False)\n", False),
        ("def test_x(staff_client, administrator_client):\n    pass\n", False),
    ],
)
def test_the_check_sees_a_superuser_in_code_but_not_in_comments(source, found):
    assert bool(superuser_uses(source)) is found


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fixture", "group"),
    [
        ("staff_member", "KMVS staff"),
        ("leader_member", "Samvedna leaders"),
        ("administrator_member", "Site administrators"),
    ],
)
def test_the_people_fixtures_are_plain_group_members(request, fixture, group):
    user = request.getfixturevalue(fixture)
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [group]
