"""Random kills in the suite: a short run of the soak of ``soak.py`` (``make soak`` runs 200).

``AIZONES_SOAK_KILLS`` sets the number of trials (default 10); the seed is fixed, so a failure
comes back the same way.
"""

from __future__ import annotations

import os
import sys

import pytest

from tests.end_to_end.soak import soak


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find processes left alive")
def test_random_kills_leave_a_complete_build_no_stray_files_and_no_processes():
    result = soak(int(os.environ.get("AIZONES_SOAK_KILLS", "10")), seed=3, pictures=False, log=lambda _line: None)
    assert len(result.trials) >= 1
    assert any(trial.signal == "SIGKILL" for trial in result.trials), "the seed should send at least one SIGKILL"
    assert result.problems == [], "\n".join(result.problems) + "\n\n" + result.table()
