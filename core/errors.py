"""The one shape of an error meant for a person: a translated message, always on one line."""


class OneLineError(Exception):
    """Raised for input a person gave that cannot be used; `str()` is the message to show them
    (a form error, or the one line a command prints). Anything else that goes wrong is a bug."""

    def __init__(self, message):
        message = " ".join(str(message).split())
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message
