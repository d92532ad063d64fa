from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Every form gets an error summary on top and labelled fields whose errors are tied to the input
    (aria-invalid and aria-describedby come from Django's BoundField)."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"
