"""Forms of the reports pages: buttons that change something carry a CSRF token."""

from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """A button that starts an action (build the certificates ZIP, send the emails)."""
