"""Shared steps for the browser tests."""


def click_and_confirm(page, selector: str, expect: str | None = None, *, navigates: bool = True) -> str:
    """Click a button whose form asks first (issue 15.4): the page's <dialog> opens with the concrete
    consequence; accept it. `navigates`: the form is a plain POST (wait for the next page); False for
    HTMX forms and forms posting into a new tab. Returns the question shown."""
    page.click(selector)
    page.wait_for_selector("#confirm-dialog[open]")
    question = page.inner_text("#confirm-dialog-text")
    if expect is not None:
        assert expect in question, question
    if navigates:
        with page.expect_navigation():
            page.click("#confirm-dialog-ok")
    else:
        page.click("#confirm-dialog-ok")
    return question
