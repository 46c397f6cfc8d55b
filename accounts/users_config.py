"""wagtail.users' app config with this site's Users screens (listed in INSTALLED_APPS instead of
"wagtail.users"). Its own module: in accounts/apps.py Django would no longer know which config
is the accounts app's."""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    """People are added by invitation, and nobody sets another person's password
    (accounts/user_admin.py)."""

    user_viewset = "accounts.user_admin.UserViewSet"
