import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

OCOP = [str(Path(sys.executable).with_name("ocop"))]

# The suite reads ocop's messages in English (the texts the code is written
# in); tests/test_i18n.py runs without it: Vietnamese, the users' default.
os.environ["OCOP_LANG"] = "en"


def ocop(*args, cwd=ROOT):
    """Run the ``ocop`` command of this environment; returns the completed process."""
    return subprocess.run(
        [*OCOP, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=900
    )


@pytest.fixture(autouse=True)
def _english_console():
    """A command run in-process with --lang sets the language of the process:
    each test starts again from the suite's English."""
    yield
    from ocoplib.base.i18n import reset_language

    reset_language()
    os.environ["OCOP_LANG"] = "en"


@pytest.fixture(scope="session")
def outputs(tmp_path_factory):
    return tmp_path_factory.mktemp("outputs")


@pytest.fixture(scope="session")
def province(outputs):
    """The sample rendered once for the whole suite: Quảng Ngãi, 2024, every format."""
    run = ocop("report", "--output-dir", str(outputs))
    assert run.returncode == 0, run.stderr
    folder = outputs / "quang-ngai" / "2024" / "tinh"
    assert run.stdout.strip() == str(folder)
    return folder
