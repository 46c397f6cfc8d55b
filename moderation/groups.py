"""Names of the groups the moderation rules depend on (created by a data migration)."""

LEADERS = "Samvedna leaders"
STAFF = "KMVS staff"
ADMINISTRATORS = "Site administrators"

STORY_WORKFLOW = "Story approval"
EVENT_WORKFLOW = "Leader review"

# Most leaders read Gujarati most easily; each can choose Hindi or English in account settings.
LEADERS_LANGUAGE = "gu"


def is_leader(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=LEADERS).exists()
