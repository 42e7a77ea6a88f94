"""One source of truth for versions: pyproject.toml; requirements.lock pins
every dependency; environment.yml is generated from both."""

import importlib.util
import re
import tomllib

from conftest import ROOT

spec = importlib.util.spec_from_file_location("environment_yml", ROOT / "tools/environment_yml.py")
environment_yml = importlib.util.module_from_spec(spec)
spec.loader.exec_module(environment_yml)


def test_environment_yml_is_generated_from_pyproject_and_lock():
    assert (ROOT / "environment.yml").read_text(encoding="utf-8") == environment_yml.render(), (
        "environment.yml is out of step: run `make lock`"
    )


def test_lock_pins_every_dependency_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    pins = environment_yml.pinned()
    for requirement in wanted:
        name = re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower()
        assert name in pins, f"{name} is not pinned in requirements.lock: run `make lock`"


def test_environment_yml_lists_the_same_names_as_pyproject():
    runtime, dev = environment_yml.dependencies()
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"^  - ([a-z0-9_.\-]+)=", text, flags=re.M)) - {"python"}
    assert listed == set(runtime + dev)
