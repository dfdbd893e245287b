"""Exceptions raised for what happens on the Go side of a call."""


class GoError(Exception):
    """A Go function returned an error. The message is the error's text."""


class GoPanic(GoError):
    """A Go function panicked. The message holds the panic value and the Go stack.

    The bridge recovered the panic: the process and later calls are unaffected.
    """


class Cancelled(GoError):
    """The call's context.Context was cancelled (for example by Ctrl-C) before it finished."""
