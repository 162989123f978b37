"""Configuration files: discovery, kebab-case keys, errors naming file and setting."""

from __future__ import annotations

import pytest

from newslint.config import ConfigError, discover, load


def test_pyproject_section_is_found_from_a_subdirectory(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.newslint]\nfail-on = "error"\nextend-select = ["NL1"]\nrules = ["my-rules"]\n'
        '[tool.newslint.fields]\ntext = "body"\nmetadata = {date = "published"}\n'
    )
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    loaded = discover(sub)
    assert loaded.path == tmp_path / "pyproject.toml"
    cfg = loaded.config
    assert cfg.fail_on == "error" and cfg.extend_select == ["NL1"]
    assert cfg.fields.text == "body" and cfg.fields.metadata == {"date": "published"}
    assert loaded.rule_paths() == [tmp_path / "my-rules"]


def test_pyproject_without_section_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert discover(tmp_path).path is None


def test_newslint_yaml_wins_over_pyproject_in_the_same_directory(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.newslint]\nfail-on = "error"\n')
    (tmp_path / "newslint.yaml").write_text("fail-on: info\nlanguage: de\n")
    cfg = discover(tmp_path).config
    assert (cfg.fail_on, cfg.language) == ("info", "de")


def test_bad_setting_names_file_and_setting(tmp_path):
    path = tmp_path / "newslint.yaml"
    path.write_text("fail-on: sometimes\n")
    with pytest.raises(ConfigError, match=r"newslint.yaml: setting 'fail-on'"):
        load(path)
    path.write_text("fial-on: error\n")
    with pytest.raises(ConfigError, match=r"setting 'fial-on'"):
        load(path)


def test_invalid_toml_is_reported(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.newslint\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load(path)


def test_a_toml_file_of_its_own_is_read_as_toml(tmp_path):
    (tmp_path / "ci.toml").write_text('select = ["NL101"]\nfail-on = "error"\n')
    assert load(tmp_path / "ci.toml").config.select == ["NL101"]
    (tmp_path / "tool.toml").write_text('[tool.newslint]\nignore = ["layout"]\n')
    assert load(tmp_path / "tool.toml").config.ignore == ["layout"]
