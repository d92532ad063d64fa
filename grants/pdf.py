"""PDF renderers of grants documents (offer, contract, report): WeasyPrint, templates/grants/pdf/*.html."""


def render_offer(version):
    raise NotImplementedError


def render_contract(contract):
    raise NotImplementedError


def render_report(report):
    raise NotImplementedError
