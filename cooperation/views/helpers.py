"""Small pieces every view module uses: permission checks that answer 403/404 the same way everywhere."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from ..exceptions import DomainError


def require_perm(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def municipality_perm(perm: str):
    """Decorator for views under /jst/<slug>/: anonymous users go to the login page, others need `perm`
    on request.municipality."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_perm(request.user, perm, request.municipality)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def report_domain_error(request, error: DomainError) -> None:
    messages.error(request, error.message)
