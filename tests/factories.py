"""factory_boy factories. Creating scoped records happens inside scopes_disabled(), as an administrator's
script would; tests then read them through the same guarded managers the portal uses."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django_scopes import scopes_disabled
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

from cooperation.enums import LegalForm, MembershipRole, MunicipalityKind, OrganizationLinkStatus
from cooperation.models import Membership, Municipality, Officer, Organization, OrganizationMunicipality, User

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "correct-horse-battery-staple"


def valid_nip(n: int) -> str:
    base = f"{100 + n % 900:03d}{n:06d}"[-9:]
    for digit in "0123456789":
        if stdnum_nip.is_valid(base + digit):
            return base + digit
    return valid_nip(n + 1000)


def valid_regon(n: int) -> str:
    base = f"{10000000 + n:08d}"[-8:]
    return base + stdnum_regon.calc_check_digit(base)


def gmina_teryt(n: int) -> str:
    return f"02{n // 99 % 99 + 1:02d}{n % 99 + 1:02d}1"


class ScopedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="pl_PL")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted:
            TOTP.activate(self, TOTP_SECRET)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Gmina Żółkiewka {n}")
    kind = MunicipalityKind.GMINA
    teryt = factory.Sequence(gmina_teryt)
    slug = factory.Sequence(lambda n: f"gmina-{n}")
    email = factory.Sequence(lambda n: f"urzad{n}@gmina.example.pl")


class OfficerFactory(factory.django.DjangoModelFactory):
    """An officer with TOTP set up (officers must have it)."""

    class Meta:
        model = Officer

    municipality = factory.SubFactory(MunicipalityFactory)
    user = factory.SubFactory(UserFactory, totp=True)
    position = "Pełnomocnik ds. organizacji pozarządowych"
    is_ngo_officer = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Stowarzyszenie Przyjaciół Łąk {n}")
    legal_form = LegalForm.ASSOCIATION
    krs = factory.Sequence(lambda n: f"{n + 1:010d}")
    nip = factory.Sequence(valid_nip)
    regon = factory.Sequence(valid_regon)
    street = "ul. Zielona 1"
    postal_code = "75-001"
    city = "Koszalin"
    email = factory.Sequence(lambda n: f"ngo{n}@example.org")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.OWNER


class OrganizationMunicipalityFactory(ScopedFactory):
    class Meta:
        model = OrganizationMunicipality

    organization = factory.SubFactory(OrganizationFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    status = OrganizationLinkStatus.CONFIRMED
