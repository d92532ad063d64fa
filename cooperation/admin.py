from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import (
    AccessibilityDeclaration,
    AuditEntry,
    Membership,
    Municipality,
    Officer,
    Organization,
    OrganizationMunicipality,
    StandardStatus,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "anonymized_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class OfficerInline(admin.TabularInline):
    model = Officer
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "teryt", "slug"]
    search_fields = ["name", "teryt"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OfficerInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_form", "krs", "nip", "city"]
    search_fields = ["name", "krs", "nip", "regon"]
    list_filter = ["legal_form"]
    inlines = [MembershipInline]


@admin.register(OrganizationMunicipality)
class OrganizationMunicipalityAdmin(admin.ModelAdmin):
    list_display = ["organization", "municipality", "status", "decided_at"]
    list_filter = ["status", "municipality"]


@admin.register(StandardStatus)
class StandardStatusAdmin(admin.ModelAdmin):
    list_display = ["standard", "municipality", "status", "updated_at"]
    list_filter = ["status", "municipality"]


@admin.register(AccessibilityDeclaration)
class AccessibilityDeclarationAdmin(admin.ModelAdmin):
    list_display = ["municipality", "status", "reviewed_on"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "municipality", "actor", "action", "target_repr"]
    list_filter = ["action"]
    search_fields = ["action", "target_repr"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
