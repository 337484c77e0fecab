"""Fixtures of the digest tests."""

import pytest


@pytest.fixture
def smtp_app(app, smtp_server):
    """The session's app, sending through the loopback SMTP server for one test."""
    previous = {key: app.config[key] for key in ("SMTP_HOST", "SMTP_PORT")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    yield app
    app.config.update(previous)
