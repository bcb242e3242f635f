"""Fault suite, signals and kills (issue 22): SIGTERM during ``run``/``adapt`` is handled like
Ctrl-C (one line, kernel stopped, temporary folder removed), and what a SIGKILL leaves behind
(``rotation-run-*`` folders, kernel connection files) is found and removed by the next run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import rotation as rt
from rotation.__main__ import boundary
from rotation.run.notebooks import EXIT_TERMINATED, OWNER, RUN_PREFIX, Terminated, sweep_stale_runs

from .test_faults import ROOT

TERMINATED = "terminated (SIGTERM): stopped"


@pytest.fixture
def tmpdir_(tmp_path, monkeypatch) -> Path:
    """A private temporary directory for tempfile (runs put their folders there)."""
    d = tmp_path / "tmp"
    d.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(d))
    return d


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def _run_folder(base: Path, owner: int | None, age: float = 0.0) -> Path:
    d = Path(tempfile.mkdtemp(prefix=RUN_PREFIX, dir=base))
    (d / "results").mkdir()
    (d / "tmpabc.json").write_text('{"shell_port": 1}')  # a kernel connection file
    if owner is not None:
        (d / OWNER).write_text(f"{owner}\n")
    if age:
        t = time.time() - age
        os.utime(d, (t, t))
    return d


# ---------------------------------------------------------------- SIGTERM, in process
def test_terminated_ends_in_one_line_and_exit_143(capsys):
    def fn():
        raise Terminated()

    assert boundary(fn) == EXIT_TERMINATED == 143
    err = capsys.readouterr().err
    assert err.startswith(TERMINATED) and err.count("\n") == 1 and "Traceback" not in err


def test_sigterm_raises_in_the_main_thread_like_ctrl_c(capsys):
    previous = signal.getsignal(signal.SIGTERM)
    try:
        rt.notebooks.handle_sigterm()

        def fn():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # interrupted by the handler
            raise AssertionError("SIGTERM was not handled")

        assert boundary(fn) == EXIT_TERMINATED
        assert TERMINATED in capsys.readouterr().err
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_ctrl_c_still_says_ctrl_c(capsys):
    def fn():
        raise KeyboardInterrupt

    assert boundary(fn) == 130
    assert "interrupted (Ctrl-C)" in capsys.readouterr().err


# ---------------------------------------------------------------- what a SIGKILL leaves behind
def test_the_sweep_removes_folders_of_dead_owners_only(tmpdir_):
    dead = _run_folder(tmpdir_, _dead_pid())
    mine = _run_folder(tmpdir_, os.getpid())
    young_without_owner = _run_folder(tmpdir_, None)
    old_without_owner = _run_folder(tmpdir_, None, age=2 * 86400)
    other = tmpdir_ / "something-else"
    other.mkdir()
    removed = sweep_stale_runs()
    assert sorted(removed) == sorted([dead, old_without_owner])
    assert not dead.exists() and not old_without_owner.exists()
    assert mine.is_dir() and young_without_owner.is_dir() and other.is_dir()


def test_the_sweep_stops_a_kernel_left_running_by_a_killed_run(tmpdir_):
    d = _run_folder(tmpdir_, _dead_pid())
    kernel = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", "-f", str(d / "tmpabc.json")]
    )
    try:
        time.sleep(0.3)
        assert sweep_stale_runs() == [d]
        assert kernel.wait(timeout=5) is not None
        assert not d.exists()
    finally:
        if kernel.poll() is None:
            kernel.kill()


def test_the_next_run_sweeps_even_when_it_stops_early(tmpdir_, capsys):
    d = _run_folder(tmpdir_, _dead_pid())
    with pytest.raises(rt.errors.ParameterError, match="no notebook"):
        rt.notebooks.execute(ROOT / "notebooks" / "99_nope.ipynb")
    assert not d.exists()
    assert "removed 1 temporary folder(s) left by killed runs" in capsys.readouterr().err


def test_the_sweep_leaves_a_symlink_alone(tmpdir_, tmp_path):
    target = tmp_path / "precious"
    target.mkdir()
    (target / OWNER).write_text(f"{_dead_pid()}\n")
    (tmpdir_ / f"{RUN_PREFIX}link").symlink_to(target)
    assert sweep_stale_runs() == []
    assert (target / OWNER).is_file()


# ---------------------------------------------------------------- end to end, with a kernel
def _start_adapt(tmp_path: Path, tmpdir: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(tmpdir), "ROTATION_RESULTS": str(tmp_path / "results")}
    return subprocess.Popen(
        [sys.executable, "-m", "rotation", "adapt", "04", "--out", str(out), "-p", "OOS_END", "2026-05-29"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_kernel(proc: subprocess.Popen, tmpdir: Path, timeout: float = 60.0) -> Path:
    """The run's folder once a kernel names it (its connection file is in the folder)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        for d in tmpdir.glob(RUN_PREFIX + "*"):
            if rt.notebooks._processes_naming(d):
                return d
        time.sleep(0.2)
    raise AssertionError("no kernel started")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the kernel through /proc")
def test_sigterm_during_adapt_stops_the_kernel_and_removes_the_temporary_folder(tmp_path):
    tmpdir, out = tmp_path / "tmp", tmp_path / "out"
    tmpdir.mkdir()
    proc = _start_adapt(tmp_path, tmpdir, out)
    try:
        run = _wait_for_kernel(proc, tmpdir)
        kernels = rt.notebooks._processes_naming(run)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == EXIT_TERMINATED, err
    assert err.strip().startswith(TERMINATED) and err.strip().count("\n") == 0, err
    assert list(tmpdir.iterdir()) == []  # the run's folder and the kernel's connection file are gone
    assert not any(rt.notebooks._alive(k) for k in kernels)
    assert not (out / "04_contrarian_consensus.ipynb").exists()


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the kernel through /proc")
def test_what_sigkill_leaves_is_removed_by_the_next_run(tmp_path, monkeypatch):
    tmpdir, out = tmp_path / "tmp", tmp_path / "out"
    tmpdir.mkdir()
    proc = _start_adapt(tmp_path, tmpdir, out)
    try:
        run = _wait_for_kernel(proc, tmpdir)
        proc.kill()
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert run.is_dir()  # a SIGKILL cannot clean up
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    assert sweep_stale_runs() == [run]
    assert list(tmpdir.iterdir()) == []
    deadline = time.monotonic() + 10
    while rt.notebooks._processes_naming(run) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert rt.notebooks._processes_naming(run) == []
