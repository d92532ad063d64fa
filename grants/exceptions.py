from django.utils.translation import gettext_lazy as _

from cooperation.exceptions import DomainError, TransitionNotAllowed


class DeadlinePassed(DomainError):
    default_message = _("The deadline has passed.")


class LimitExceeded(DomainError):
    default_message = _("The amount is above the limit.")


class NotAllowed(DomainError):
    default_message = _("You may not do this.")


__all__ = ["DeadlinePassed", "DomainError", "LimitExceeded", "NotAllowed", "TransitionNotAllowed"]
