"""A real SMTP server on a free loopback port (aiosmtpd) that records what it receives."""

import email
import socket
from email.message import Message

from aiosmtpd.controller import Controller


class _Recorder:
    def __init__(self):
        self.messages: list[Message] = []
        self.refuse = False

    async def handle_DATA(self, _server, _session, envelope):
        if self.refuse:
            return "451 Try again later"
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"


class RecordingSMTPServer:
    def __init__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.recorder = _Recorder()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list[Message]:
        return self.recorder.messages

    def refuse(self, on: bool = True) -> None:
        self.recorder.refuse = on

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


def text_part(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text/plain part")


def html_part(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text/html part")
