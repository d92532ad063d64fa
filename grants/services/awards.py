

AUDIT_LABELS: dict = {}
