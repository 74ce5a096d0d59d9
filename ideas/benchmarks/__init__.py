"""What the benchmark commands build and measure: ``suggestions`` for
``benchmark_suggestions`` (the bulk rows, the timings and their table), ``group_work`` for
``benchmark_group_work`` (handler groups and their people over those rows)."""
