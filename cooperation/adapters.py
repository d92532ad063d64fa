from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Registration is open to everyone: residents, NGO members; officers are appointed by an administrator."""

    def is_open_for_signup(self, request):
        return True
