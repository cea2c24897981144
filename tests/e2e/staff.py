"""Staff in the browser: logging in to the admin as one of the demo accounts."""

from playwright.sync_api import expect


def log_in(new_context, base, username, password, **options):
    """A new page of a new browser context (`options`: its viewport etc.), logged in to
    the admin as `username`, on the page the log-in leads to."""
    page = new_context(**options).new_page()
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Review queue")).to_be_visible()
    return page
