"""Ctrl-C, SIGTERM and SIGHUP that land in awkward places still end a command as an interrupt
(exit 130), never as a crash report or a death by SIGINT (exit -2 to ``subprocess``).

Both cases were found by sending SIGHUP to builds at random moments
(``tests/end_to_end/test_faults.py``): a signal during ``import networkx`` can land inside code that
``dataclasses`` runs with ``exec``, or inside a ``__set_name__`` while a class is made."""

from __future__ import annotations

import ctypes

import pytest

from aizones.core.interrupts import interrupt_handled, wraps_an_interrupt


def _uncaught_interrupt_note() -> ctypes.c_int:
    try:
        return ctypes.c_int.in_dll(ctypes.pythonapi, "_Py_UnhandledKeyboardInterrupt")
    except ValueError:  # Python 3.12 keeps it inside the runtime's state, out of reach
        pytest.skip("this Python does not expose its uncaught-Ctrl-C note")


def test_an_interrupt_caught_after_leaving_exec_code_no_longer_counts_as_uncaught():
    note = _uncaught_interrupt_note()
    try:
        exec("raise KeyboardInterrupt")
    except KeyboardInterrupt:
        assert note.value == 1, "CPython noted the interrupt as uncaught, though it is caught here"
        interrupt_handled()
    assert note.value == 0


def test_an_interrupt_wrapped_by_class_creation_is_recognised():
    class Named:
        def __set_name__(self, owner, name):
            raise KeyboardInterrupt

    with pytest.raises(RuntimeError) as raised:

        class Owner:  # made to fail
            attribute = Named()

    assert wraps_an_interrupt(raised.value)


def test_a_plain_error_or_one_raised_while_cleaning_up_after_an_interrupt_is_still_a_bug():
    assert not wraps_an_interrupt(RuntimeError("a bug"))
    try:
        try:
            raise KeyboardInterrupt
        finally:
            raise ValueError("a bug in the cleanup")
    except ValueError as error:
        assert not wraps_an_interrupt(error)
