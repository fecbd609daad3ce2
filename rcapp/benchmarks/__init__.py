"""Peer-group benchmarks: percentiles per section score and KPI, pooled group KPI rates."""
