"""teenlab: run a youth re-engagement training programme and prove its results."""
