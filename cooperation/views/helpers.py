"""Small pieces every view module uses: permission checks that answer 403/404 the same way everywhere."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

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


def municipal_object_view(perm: str, model):
    """Decorator for officer pages under /jst/<slug>/…: anonymous people go to the login page, others need
    `perm` on request.municipality; a `pk` URL argument becomes the object, looked up through the model's
    scoped manager, so another municipality's object is simply not found (404)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, municipality_slug, *args, pk=None, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_perm(request.user, perm, request.municipality)
            if pk is None:
                return view(request, *args, **kwargs)
            obj = get_object_or_404(model.objects.select_related("municipality"), pk=pk)
            return view(request, obj, *args, **kwargs)

        return wrapper

    return decorator


def apply_errors(form, error, aliases: dict | None = None) -> None:
    """Put a service's ValidationError next to the form's fields: a field name the service uses maps to the
    form's through `aliases`; errors of unknown fields, or without a field, go to the form's error summary."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.message_dict.items():
        name = aliases.get(field, field)
        form.add_error(name if name in form.fields else None, errors)



def as_id(value) -> int | None:
    """An id taken from a request (a hidden field, a button, a query parameter), or None for anything that is
    not one, so that a lookup with it finds nothing (a 404, an empty choice) instead of failing."""
    raw = str(value or "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None
