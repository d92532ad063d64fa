"""Print the current two-factor code of a demo account (DEBUG only), so demo officers can log in."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Print the current TOTP code of a user (only with DEBUG=True, for the demo)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not settings.DEBUG:
            raise CommandError("This command works only with DEBUG=True (demo installations).")
        authenticator = Authenticator.objects.filter(user__email__iexact=email, type=Authenticator.Type.TOTP).first()
        if authenticator is None:
            raise CommandError(f"{email} has no two-factor authenticator.")
        from allauth.mfa.adapter import get_adapter

        secret = get_adapter().decrypt(authenticator.data["secret"])
        counter = int(time.time()) // mfa_settings.TOTP_PERIOD  # the current window, whatever the tolerance
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
