"""Domain errors carry translated text for the user; views turn them into messages, never into 500s."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    default_message = _("This action is not possible.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class TransitionNotAllowed(DomainError):
    default_message = _("This change is not possible in the record's current state.")


class InvitationInvalid(DomainError):
    default_message = _("This invitation is invalid, expired or already used.")


class LastOwner(DomainError):
    default_message = _("An organization must keep at least one owner.")


class LastAdministrator(DomainError):
    default_message = _(
        "You are the portal's only administrator. Give another person administrator rights before you delete "
        "your account."
    )
