"""Personal data: download my data (JSON) and delete my account. Being built: see issue #3."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def my_data(request):
    raise Http404


@login_required
def my_data_download(request):
    raise Http404


@login_required
def account_delete(request):
    raise Http404
