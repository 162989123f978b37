"""Project configuration: ``[tool.newslint]`` in pyproject.toml, or ``newslint.yaml``.

Every setting is declared once, below, with its type and default; keys are written in
kebab-case in both files (``fail-on``, ``extend-select``). Command-line options override
the file. The file is found by walking up from the current directory; ``--config`` names
one explicitly, and ``--isolated`` ignores them all.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newslint.timeout import DEFAULT_TIMEOUT

CONFIG_FILES = ("newslint.yaml", ".newslint.yaml", "pyproject.toml")


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Section(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=_kebab, populate_by_name=True
    )


class Fields(_Section):
    """Names of the record keys newslint reads from JSONL records."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
    #: canonical metadata name (date, url, source, authors, language…) -> record key
    metadata: dict[str, str] = Field(default_factory=dict)


class Config(_Section):
    """All settings, with their defaults."""

    select: list[str] | None = None
    extend_select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    fail_on: Literal["error", "warning", "info"] = "warning"
    #: extra rule files or directories, relative to the config file
    rules: list[str] = Field(default_factory=list)
    builtin_rules: bool = True
    fields: Fields = Field(default_factory=Fields)
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")] = "en"
    exclude: list[str] = Field(default_factory=list)
    unsafe_fixes: bool = False
    max_fix_iterations: Annotated[int, Field(ge=1, le=100)] = 10
    show_source: bool = True
    #: seconds one document's checks may take before they are cut short; 0: no limit
    document_timeout: Annotated[float, Field(ge=0)] = DEFAULT_TIMEOUT


class ConfigError(Exception):
    """A configuration file is invalid; the message names the file and the setting."""


class Loaded(BaseModel):
    """A configuration and the file it came from (``None``: defaults)."""

    config: Config
    path: Path | None = None

    @property
    def root(self) -> Path:
        """Directory that relative paths in the configuration are resolved against."""
        return self.path.parent if self.path else Path.cwd()

    def rule_paths(self) -> list[Path]:
        return [self.root / p for p in self.config.rules]


def _read_section(path: Path) -> dict[str, Any] | None:
    """The newslint settings in ``path``, or None when the file has no newslint section."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        if path.name == "pyproject.toml" or "tool" in data:
            return data.get("tool", {}).get("newslint")
        return data  # a file of newslint's own ("ci.toml"): its settings at the top level
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    return data


def parse(data: dict[str, Any], path: Path | str) -> Config:
    """Validate settings; errors name the file and the setting."""
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors(include_url=False):
            where = ".".join(str(p) for p in err["loc"])
            lines.append(f"{path}: setting '{where}': {err['msg']}")
        raise ConfigError("\n".join(lines)) from None


def load(path: Path) -> Loaded:
    """The configuration in ``path`` (which must hold newslint settings)."""
    section = _read_section(path)
    if section is None:
        raise ConfigError(f"{path}: no [tool.newslint] section")
    return Loaded(config=parse(section, path), path=path)


def discover(start: Path | None = None) -> Loaded:
    """The nearest configuration at or above ``start`` (default: the current directory)."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file():
                section = _read_section(candidate)
                if section is not None:
                    return Loaded(config=parse(section, candidate), path=candidate)
    return Loaded(config=Config())
