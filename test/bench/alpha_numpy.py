"""Times fast-krippendorff (vendored in fast_krippendorff/, GPL-3.0-or-later) on one reliability matrix.

Usage: python3 -B alpha_numpy.py MATRIX_FILE RATERS UNITS WARMUP RUNS LEVEL [LEVEL ...]

MATRIX_FILE holds RATERS x UNITS little-endian float64 values, row by row, NaN for a missing rating. The matrix
is loaded before any timing; each level is run WARMUP times untimed, then RUNS times timed. Prints one JSON
object: the library's versions and, per level, the median milliseconds and the alpha of the last run.
Called by alpha.bench.ts.
"""

import json
import os
import platform
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "fast_krippendorff"))
import krippendorff  # noqa: E402  (the vendored module, fast_krippendorff/krippendorff.py)


def main() -> None:
    path, raters, units, warmup, runs, *levels = sys.argv[1:]
    raters, units, warmup, runs = int(raters), int(units), int(warmup), int(runs)
    data = np.fromfile(path, dtype="<f8").reshape(raters, units)
    results = {}
    for level in levels:
        for _ in range(warmup):
            krippendorff.alpha(reliability_data=data, level_of_measurement=level)
        times = []
        value = None
        for _ in range(runs):
            start = time.perf_counter()
            value = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
            times.append((time.perf_counter() - start) * 1000)
        results[level] = {"medianMs": statistics.median(times), "value": float(value)}
    print(json.dumps({"python": platform.python_version(), "numpy": np.__version__, "levels": results}))


if __name__ == "__main__":
    main()
