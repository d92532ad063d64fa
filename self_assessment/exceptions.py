from django.utils.translation import gettext_lazy as _

from cooperation.exceptions import DomainError, TransitionNotAllowed


class QuestionnaireFrozen(DomainError):
    default_message = _("The questionnaire can no longer be changed: answers have already been submitted.")


class SurveyNotOpen(DomainError):
    default_message = _("The survey is not open: it has not started yet or it has already closed.")


class TokenUsed(DomainError):
    default_message = _("This personal link has already been used to submit an answer. Thank you!")


class InvalidAnswers(DomainError):
    default_message = _("Some answers are missing or invalid.")

    def __init__(self, errors: dict | None = None, message=None):
        self.errors = errors or {}
        super().__init__(message)


__all__ = ["InvalidAnswers", "QuestionnaireFrozen", "SurveyNotOpen", "TokenUsed", "TransitionNotAllowed"]
