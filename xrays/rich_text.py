"""The rich-text editor of the admin (django-prose-editor), offering only what the one
bleach policy keeps (xrays/sanitize.py): what an editor can make is what readers see."""

from django_prose_editor.widgets import AdminProseEditorWidget

# The editor offers only what the bleach policy keeps (xrays/sanitize.py).
RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
    "SpecialCharacters": True,
}


class RichTextWidget(AdminProseEditorWidget):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": RICH_TEXT_EXTENSIONS})
        kwargs.setdefault("preset", "configurable")
        super().__init__(*args, **kwargs)
