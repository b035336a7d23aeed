"""Benchmark: how long a ``pilote`` call takes before it does anything.

Budget (issue #14): ``pilote help`` answers in < 0.5 s; any other command starts Django
(every model, no module's indicators, importers or API) before its own work. Each call runs
in a child process with production settings; the bytecode is compiled first (``compileall``,
as ``uv sync --compile-bytecode`` does) so that the machine's ``PYTHONDONTWRITEBYTECODE`` does
not make every run compile Pilote again. Median and worst of the wall-clock time, median CPU
time (user + system) and peak memory of the child.

    uv run python benchmarks/cli_startup.py [runs]
"""

import compileall
import os
import statistics
import sys
import time

from harness import ROOT

CALLS = {
    "pilote help": ["-m", "pilote.cli", "help"],
    "django.setup()": ["-c", "import django; django.setup()"],
    "pilote indicateurs --help": ["-m", "pilote.cli", "indicateurs", "--help"],
}


def run(arguments: list[str], env: dict) -> tuple[float, float, float]:
    began = time.perf_counter()
    pid = os.posix_spawn(
        sys.executable,
        [sys.executable, *arguments],
        env,
        file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)],
    )
    _pid, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"échec : {arguments}")
    return time.perf_counter() - began, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    compileall.compile_dir(ROOT / "pilote", quiet=1)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pilote.settings.production",
        "PILOTE_SECRET_KEY": "banc-" * 12,
    }
    env.pop("PILOTE_DEBUG", None)
    print(f"charge : {os.getloadavg()[0]:.1f} (sur {os.cpu_count()} cœurs), {runs} appels")
    for label, arguments in CALLS.items():
        run(arguments, env)  # warm the file cache
        samples = [run(arguments, env) for _ in range(runs)]
        wall = [sample[0] for sample in samples]
        cpu = statistics.median(sample[1] for sample in samples)
        memory = max(sample[2] for sample in samples)
        print(
            f"{label:<28} médiane {statistics.median(wall):.2f} s, pire {max(wall):.2f} s, "
            f"CPU {cpu:.2f} s, {memory:.0f} Mo"
        )


if __name__ == "__main__":
    main()
