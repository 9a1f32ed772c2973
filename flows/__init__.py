"""Prefect flows, deployments and the ``sci`` CLI. Nothing outside ``flows/`` imports this package."""
