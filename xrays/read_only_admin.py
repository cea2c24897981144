"""Records the admin shows and nobody edits by hand (the editorial history, deliveries
of emails): a mixin for a ModelAdmin or an inline that refuses adding, changing and
deleting, whatever the person's permissions. Viewing still needs the view permission."""


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
