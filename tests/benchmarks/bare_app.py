"""The floor of the page benchmark: a bare Flask app with one route and nothing of ours.

Served by its own server with the same settings as the platform, in the same run.
"""

from flask import Flask

HELLO_BODY = b"Hello, World!"

app = Flask(__name__)


@app.get("/")
def hello():
    return HELLO_BODY.decode()
