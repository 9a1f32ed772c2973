"""``sci`` command groups. Each module here defines ``register(app: typer.Typer) -> None``.

The CLI imports every module of this package in name order, so a new command is a new module and
no other file needs editing (several people can add commands without touching the same file).
"""
