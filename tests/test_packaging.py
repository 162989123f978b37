"""The package as users get it: the wheel outside the checkout, and the pre-commit hooks.

These tests build and install for real, but never touch the network: pip runs with
``--no-index`` semantics and finds hatchling (the build backend) and newslint's runtime
dependencies in a local wheelhouse, which the README's test command creates::

    python3 -m venv .venv && .venv/bin/pip install -e '.[test]' \
        && .venv/bin/pip wheel -q -w .venv/wheelhouse . hatchling && .venv/bin/python -m pytest

The wheelhouse is ``$NEWSLINT_WHEELHOUSE`` or ``<repo>/.venv/wheelhouse``. Without it the
tests are skipped, except on CI (``$CI`` set), where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_000 = SEEDS / "000_192a94052bf9c21c.txt"

SETUP_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && "
    ".venv/bin/pip wheel -q -w .venv/wheelhouse . hatchling"
)
TIMEOUT = 600  # seconds for one build or install; they take seconds when all is well

# Plain news prose that no built-in rule flags: no leaked fields, captions, prompts,
# related-stories blocks, wire advisories or slugs, and exactly one newline at the end.
CLEAN_ARTICLE = """\
City council approves new bicycle lanes on river road

The city council voted on Wednesday to build protected bicycle lanes along the river road, \
ending a debate that had divided residents for more than a year.

The plan adds about four kilometres of lanes separated from traffic by low concrete \
kerbs. Work is due to start in the spring and to finish before the end of the summer.

Supporters said the lanes would make the road safer for children riding to school. \
Several shop owners had argued that losing parking spaces would hurt their business, \
and the council agreed to add loading bays on two side streets.

"We listened to everyone who wrote to us," the council's transport chair told reporters \
after the vote. "This is a compromise, and we will look at how it works after a year."
"""


# --- helpers ---------------------------------------------------------------------------


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _run(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path,
    env: Mapping[str, str],
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run ``cmd``; its stdout and stderr together are ``.stdout``."""
    args = [os.fspath(part) for part in cmd]
    proc = subprocess.run(
        args,
        cwd=cwd,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if check and proc.returncode != 0:
        pytest.fail(f"{args} exited {proc.returncode} in {cwd}:\n{proc.stdout}", pytrace=False)
    return proc


def _is_inside(path: str | Path, parent: Path) -> bool:
    return Path(path).resolve().is_relative_to(parent.resolve())


# --- fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheelhouse() -> Path:
    configured = os.environ.get("NEWSLINT_WHEELHOUSE")
    path = Path(configured) if configured else ROOT / ".venv" / "wheelhouse"
    if not any(path.glob("hatchling-*.whl")):
        reason = (
            f"no wheelhouse with hatchling and newslint's dependencies at {path} "
            f"(set NEWSLINT_WHEELHOUSE, or create it with: {SETUP_COMMAND})"
        )
        if _ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return path.resolve()


@pytest.fixture(scope="module")
def offline_env(wheelhouse: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of every subprocess: as on a fresh machine with no network.

    No pip configuration file is read (the machine's may add indexes), no index is used and
    only the wheelhouse is searched. Variables of an enclosing virtualenv, git hook or
    pre-commit run are dropped, and git reads no global or system configuration.
    """
    dropped = ("PIP_", "PYTHON", "VIRTUAL_ENV", "VIRTUALENV_", "GIT_", "PRE_COMMIT", "UV_")
    env = {key: value for key, value in os.environ.items() if not key.startswith(dropped)}
    env.update(
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(wheelhouse),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_INPUT="1",
        # pre-commit's virtualenv must not try to update its embedded pip/setuptools.
        VIRTUALENV_NO_PERIODIC_UPDATE="1",
        VIRTUALENV_NO_DOWNLOAD="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pc-home")),
    )
    return env


@pytest.fixture(scope="module")
def built_wheel(offline_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from the checkout; build isolation takes hatchling from the wheelhouse."""
    dist = tmp_path_factory.mktemp("dist")
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, ROOT],
        cwd=dist,
        env=offline_env,
    )
    wheels = sorted(dist.glob("newslint-*.whl"))
    assert len(wheels) == 1, f"expected one newslint wheel in {dist}, found {wheels}"
    return wheels[0]


@pytest.fixture(scope="module")
def installed_venv(
    built_wheel: Path, offline_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A fresh virtualenv outside the checkout with the wheel (and its dependencies) in it."""
    venv = tmp_path_factory.mktemp("wheel-venv") / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=venv.parent, env=offline_env)
    _run(
        [venv / "bin" / "python", "-m", "pip", "install", "-q", built_wheel],
        cwd=venv.parent,
        env=offline_env,
    )
    return venv


def _working_tree_files() -> list[Path]:
    """The checkout's files as git would commit them: tracked and untracked, not ignored."""
    try:
        out = subprocess.run(
            ["git", "-C", ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            env={k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    names = [name for name in out.decode("utf-8", "surrogateescape").split("\0") if name]
    return [Path(name) for name in names if (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def hook_repo(offline_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-commit git repository holding the checkout's working tree, uncommitted edits
    and new files included.

    ``pre-commit try-repo <checkout>`` would only pick up edits to tracked files (it runs
    ``git add -u``), not new ones, and it builds the hook environment anew in a throwaway
    store on every call; a committed snapshot lets one PRE_COMMIT_HOME serve every hook run.
    """
    snapshot = tmp_path_factory.mktemp("hook-repo") / "newslint"
    files = _working_tree_files()
    if files:
        for name in files:
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, snapshot / name)
    else:  # not a git checkout (an unpacked sdist, say)
        shutil.copytree(
            ROOT,
            snapshot,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", "__pycache__", "*.py[cod]", ".*_cache", ".hypothesis",
                "build", "dist", "*.egg-info",
            ),
        )  # fmt: skip
    _git_init(snapshot, offline_env)
    _run(["git", "add", "-A"], cwd=snapshot, env=offline_env)
    _run(["git", "commit", "-q", "-m", "snapshot"], cwd=snapshot, env=offline_env)
    return snapshot


@pytest.fixture(scope="module")
def hook_config(
    hook_repo: Path, offline_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A .pre-commit-config.yaml using the repository's hooks, as try-repo writes one."""
    rev = _run(["git", "rev-parse", "HEAD"], cwd=hook_repo, env=offline_env).stdout.strip()
    config = tmp_path_factory.mktemp("hook-config") / ".pre-commit-config.yaml"
    config.write_text(
        f"repos:\n"
        f"  - repo: {hook_repo}\n"
        f"    rev: {rev}\n"
        f"    hooks:\n"
        f"      - id: newslint\n"
        f"      - id: newslint-fix\n",
        encoding="utf-8",
    )
    return config


def _git_init(path: Path, env: Mapping[str, str]) -> None:
    path.mkdir(parents=True, exist_ok=True)
    _run(["git", "init", "-q"], cwd=path, env=env)
    _run(["git", "config", "user.name", "newslint tests"], cwd=path, env=env)
    _run(["git", "config", "user.email", "tests@newslint.invalid"], cwd=path, env=env)
    _run(["git", "config", "commit.gpgsign", "false"], cwd=path, env=env)


def _pre_commit(
    hook: str, filename: str, *, config: Path, cwd: Path, env: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pre_commit", "run", "--config", config, "--color", "never"]
    return _run([*cmd, hook, "--files", filename], cwd=cwd, env=env, check=False)


# --- tests -----------------------------------------------------------------------------


def test_wheel_installs_and_runs_outside_checkout(
    built_wheel: Path, installed_venv: Path, offline_env: dict[str, str], tmp_path: Path
) -> None:
    with zipfile.ZipFile(built_wheel) as wheel:
        names = set(wheel.namelist())
    assert "newslint/rules/boilerplate.yaml" in names
    packs = {f"newslint/rules/{pack.name}" for pack in (ROOT / "rules").glob("*.yaml")}
    assert packs <= names, f"rule packs missing from the wheel: {sorted(packs - names)}"

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in SEEDS.glob("*.txt"):
        shutil.copy2(seed, seeds / seed.name)
    bin_dir = installed_venv / "bin"

    newslint = bin_dir / "newslint"
    check = _run([newslint, "check", "seeds"], cwd=tmp_path, env=offline_env, check=False)
    assert check.returncode == 1, check.stdout
    assert "NL101" in check.stdout, check.stdout
    assert "NL130" in check.stdout, check.stdout

    where = _run(
        [
            bin_dir / "python",
            "-c",
            "import newslint, newslint.loader as l; print(newslint.__file__); "
            "print(l.builtin_rules_dir())",
        ],
        cwd=tmp_path,
        env=offline_env,
    )
    package_file, rules_dir = where.stdout.splitlines()[-2:]
    for path in (package_file, rules_dir):
        assert _is_inside(path, installed_venv), f"{path} is not inside {installed_venv}"
        assert not _is_inside(path, ROOT / "lint"), f"{path} is the checkout's"
        assert not _is_inside(path, ROOT / "rules"), f"{path} is the checkout's"
    assert (Path(rules_dir) / "boilerplate.yaml").is_file()

    rules = _run([newslint, "rules"], cwd=tmp_path, env=offline_env)
    assert "NL101" in rules.stdout, rules.stdout


def test_pre_commit_hook_fails_on_seed_and_passes_on_clean_text(
    hook_config: Path, offline_env: dict[str, str], tmp_path: Path
) -> None:
    project = tmp_path / "project"
    _git_init(project, offline_env)
    seed = SEED_000.read_text(encoding="utf-8")
    for name in ("dirty.txt", "fixme.txt"):
        shutil.copy2(SEED_000, project / name)
    (project / "clean.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    _run(["git", "add", "dirty.txt", "fixme.txt", "clean.txt"], cwd=project, env=offline_env)

    def hook(name: str, filename: str) -> subprocess.CompletedProcess[str]:
        return _pre_commit(name, filename, config=hook_config, cwd=project, env=offline_env)

    dirty = hook("newslint", "dirty.txt")
    assert dirty.returncode != 0, dirty.stdout
    assert "NL101" in dirty.stdout, dirty.stdout
    assert (project / "dirty.txt").read_text(encoding="utf-8") == seed, "the check hook wrote"

    clean = hook("newslint", "clean.txt")
    assert clean.returncode == 0, clean.stdout
    assert "Passed" in clean.stdout, clean.stdout

    fix = hook("newslint-fix", "fixme.txt")
    assert fix.returncode != 0, fix.stdout
    assert "files were modified by this hook" in fix.stdout, fix.stdout
    fixed = (project / "fixme.txt").read_text(encoding="utf-8")
    assert fixed != seed
    assert "Article type: metered" not in fixed
    assert "MOSCOW (Reuters) - An ally of Kremlin critic" in fixed
