"""Officer import and export of the NGO base (django-import-export). Being built: see issue #3."""

from django.http import Http404

from .helpers import municipality_perm

MANAGE = "cooperation.manage_municipality"


@municipality_perm(MANAGE)
def import_upload(request, municipality_slug):
    raise Http404


@municipality_perm(MANAGE)
def import_review(request, municipality_slug, pk):
    raise Http404


@municipality_perm(MANAGE)
def export_organizations(request, municipality_slug, file_format):
    raise Http404
