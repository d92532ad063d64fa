from django.utils.translation import gettext_lazy as _

from cooperation.exceptions import DomainError, TransitionNotAllowed


class ConsultationClosed(DomainError):
    default_message = _("The consultation is not open for comments: it has not started yet or it has closed.")


__all__ = ["ConsultationClosed", "TransitionNotAllowed"]
