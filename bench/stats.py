"""The one percentile every bench script reports with."""


def percentile(values, fraction):
    """Return the value below which `fraction` of `values` fall (NaN when there are none)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]
