"""Helpers the tests import (``from tests.support.cli import run_cli``); fixtures stay in conftest.py."""
