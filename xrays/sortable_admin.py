"""Drag-and-drop ordering in the admin (django-admin-sortable2), on Django 6.1.

adminsortable2's `SortableAdminBase.media` replaces Django's actions.js with a patched
copy named after Django's version, and ships none for 6.1 yet, so the change list would
load a script that does not exist. `SortableAdminMedia` keeps Django's own media and adds
adminsortable2's script and style by the public `forms.Media` API. Put it first:
`class MyAdmin(SortableAdminMedia, SortableAdminBase, admin.ModelAdmin)`."""

from django import forms
from django.conf import settings
from django.contrib import admin


class SortableAdminMedia:
    @property
    def media(self):
        sortable = forms.Media(
            css={"all": ["adminsortable2/css/sortable.css"]},
            js=[f"adminsortable2/js/adminsortable2{'' if settings.DEBUG else '.min'}.js"],
        )
        return admin.ModelAdmin.media.fget(self) + sortable
